#include "common/calendar/working_time.h"

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/calendar/internal/locate.h"

namespace giamsat::calendar {

using internal::DayTable;
using internal::Locate;
using internal::LocateDay;
using internal::TablePosition;

absl::StatusOr<absl::Duration> WorkingTimeBetween(const Calendar& cal,
                                                  absl::Time from,
                                                  absl::Time to) {
  absl::StatusOr<TablePosition> a = Locate(cal, from, "WorkingTimeBetween");
  if (!a.ok()) return a.status();
  absl::StatusOr<TablePosition> b = Locate(cal, to, "WorkingTimeBetween");
  if (!b.ok()) return b.status();
  const DayTable& table = cal.table();
  return absl::Nanoseconds(table.Prefix(b->day, b->nanos) -
                           table.Prefix(a->day, a->nanos));
}

absl::StatusOr<absl::Time> AddWorkingTime(const Calendar& cal, absl::Time start,
                                          absl::Duration amount) {
  if (amount < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("AddWorkingTime: negative amount");
  }
  absl::StatusOr<TablePosition> p = Locate(cal, start, "AddWorkingTime");
  if (!p.ok()) return p.status();
  if (amount == absl::ZeroDuration()) return start;
  const DayTable& table = cal.table();
  const int64_t prefix = table.Prefix(p->day, p->nanos);
  const int64_t nanos = absl::ToInt64Nanoseconds(amount);
  if (nanos > table.total_working_nanos() - prefix) {
    return internal::PastEnd(cal, "AddWorkingTime");
  }
  const TablePosition end = table.EarliestWithPrefix(prefix + nanos);
  return table.InstantAt(end.day, end.nanos);
}

absl::StatusOr<absl::Time> SubtractWorkingTime(const Calendar& cal,
                                               absl::Time end,
                                               absl::Duration amount) {
  if (amount < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("SubtractWorkingTime: negative amount");
  }
  absl::StatusOr<TablePosition> p = Locate(cal, end, "SubtractWorkingTime");
  if (!p.ok()) return p.status();
  if (amount == absl::ZeroDuration()) return end;
  const DayTable& table = cal.table();
  const int64_t prefix = table.Prefix(p->day, p->nanos);
  const int64_t nanos = absl::ToInt64Nanoseconds(amount);
  if (nanos > prefix) return internal::BeforeStart(cal, "SubtractWorkingTime");
  const TablePosition start = table.LatestWithPrefix(prefix - nanos);
  return table.InstantAt(start.day, start.nanos);
}

absl::StatusOr<absl::Time> NextWorkingInstant(const Calendar& cal,
                                              absl::Time t) {
  absl::StatusOr<TablePosition> p = Locate(cal, t, "NextWorkingInstant");
  if (!p.ok()) return p.status();
  const DayTable& table = cal.table();
  if (table.IsWorking(p->day)) {
    std::optional<int64_t> next =
        table.ScheduleOf(p->day).NextWorkingPosition(p->nanos);
    if (next.has_value()) return table.InstantAt(p->day, *next);
  }
  const int32_t k = table.WorkingBefore(p->day + 1);
  if (k >= table.total_working_days()) {
    return internal::PastEnd(cal, "NextWorkingInstant");
  }
  const int64_t day = table.WorkingDayIndex(k);
  return table.InstantAt(day, table.ScheduleOf(day).open_nanos());
}

absl::StatusOr<bool> IsWorkingInstant(const Calendar& cal, absl::Time t) {
  absl::StatusOr<TablePosition> p = Locate(cal, t, "IsWorkingInstant");
  if (!p.ok()) return p.status();
  const DayTable& table = cal.table();
  return table.IsWorking(p->day) &&
         table.ScheduleOf(p->day).IsWorkingPosition(p->nanos);
}

absl::StatusOr<absl::CivilDay> NthWorkingDayAfter(const Calendar& cal,
                                                  absl::CivilDay day,
                                                  int64_t n) {
  if (n < 1) {
    return absl::InvalidArgumentError("NthWorkingDayAfter: n must be >= 1");
  }
  absl::StatusOr<int64_t> index = LocateDay(cal, day, "NthWorkingDayAfter");
  if (!index.ok()) return index.status();
  const DayTable& table = cal.table();
  const int64_t k = table.WorkingBefore(*index + 1) + n - 1;
  if (k >= table.total_working_days()) {
    return internal::PastEnd(cal, "NthWorkingDayAfter");
  }
  return table.DayAt(table.WorkingDayIndex(static_cast<int32_t>(k)));
}

absl::StatusOr<absl::CivilDay> WorkingDayOnOrAfter(const Calendar& cal,
                                                   absl::CivilDay day) {
  absl::StatusOr<int64_t> index = LocateDay(cal, day, "WorkingDayOnOrAfter");
  if (!index.ok()) return index.status();
  const DayTable& table = cal.table();
  const int32_t k = table.WorkingBefore(*index);
  if (k >= table.total_working_days()) {
    return internal::PastEnd(cal, "WorkingDayOnOrAfter");
  }
  return table.DayAt(table.WorkingDayIndex(k));
}

absl::StatusOr<absl::CivilDay> PreviousWorkingDay(const Calendar& cal,
                                                  absl::CivilDay day) {
  absl::StatusOr<int64_t> index = LocateDay(cal, day, "PreviousWorkingDay");
  if (!index.ok()) return index.status();
  const DayTable& table = cal.table();
  const int32_t k = table.WorkingBefore(*index) - 1;
  if (k < 0) return internal::BeforeStart(cal, "PreviousWorkingDay");
  return table.DayAt(table.WorkingDayIndex(k));
}

absl::StatusOr<int64_t> WorkingDaysAfterUntil(const Calendar& cal,
                                              absl::CivilDay from,
                                              absl::CivilDay to) {
  if (to <= from) return 0;
  absl::StatusOr<int64_t> a = LocateDay(cal, from, "WorkingDaysAfterUntil");
  if (!a.ok()) return a.status();
  absl::StatusOr<int64_t> b = LocateDay(cal, to, "WorkingDaysAfterUntil");
  if (!b.ok()) return b.status();
  return cal.table().WorkingBefore(*b + 1) - cal.table().WorkingBefore(*a + 1);
}

namespace {

absl::StatusOr<int64_t> LocateWorkingDay(const Calendar& cal,
                                         absl::CivilDay day,
                                         absl::string_view what) {
  absl::StatusOr<int64_t> index = LocateDay(cal, day, what);
  if (!index.ok()) return index.status();
  if (!cal.table().IsWorking(*index)) {
    return absl::FailedPreconditionError(absl::StrCat(
        what, ": ", absl::FormatCivilTime(day), " is not a working day"));
  }
  return index;
}

}  // namespace

absl::StatusOr<absl::Time> OpeningOf(const Calendar& cal, absl::CivilDay day) {
  absl::StatusOr<int64_t> index = LocateWorkingDay(cal, day, "OpeningOf");
  if (!index.ok()) return index.status();
  return cal.table().InstantAt(*index,
                               cal.table().ScheduleOf(*index).open_nanos());
}

absl::StatusOr<absl::Time> CloseOfBusiness(const Calendar& cal,
                                           absl::CivilDay day) {
  absl::StatusOr<int64_t> index = LocateWorkingDay(cal, day, "CloseOfBusiness");
  if (!index.ok()) return index.status();
  return cal.table().InstantAt(*index,
                               cal.table().ScheduleOf(*index).close_nanos());
}

}  // namespace giamsat::calendar
