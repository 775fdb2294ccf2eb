#include "common/calendar/internal/locate.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/calendar/vietnam_time.h"

namespace giamsat::calendar::internal {

absl::StatusOr<TablePosition> Locate(const Calendar& cal, absl::Time t,
                                     absl::string_view what) {
  if (t == absl::InfiniteFuture() || t == absl::InfinitePast()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": the instant is infinite"));
  }
  TablePosition p = DayTable::Split(t);
  const int64_t index = cal.table().IndexOfEpochDay(p.day);
  if (index < 0) return cal.OutOfRange(CivilDayFromEpochDay(p.day), what);
  p.day = index;
  return p;
}

absl::StatusOr<int64_t> LocateDay(const Calendar& cal, absl::CivilDay day,
                                  absl::string_view what) {
  const int64_t index = cal.table().IndexOfEpochDay(EpochDayNumber(day));
  if (index < 0) return cal.OutOfRange(day, what);
  return index;
}

absl::Status PastEnd(const Calendar& cal, absl::string_view what) {
  return cal.OutOfRange(cal.last_day() + 1, what);
}

absl::Status BeforeStart(const Calendar& cal, absl::string_view what) {
  return cal.OutOfRange(cal.first_day() - 1, what);
}

}  // namespace giamsat::calendar::internal
