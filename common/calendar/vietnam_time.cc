#include "common/calendar/vietnam_time.h"

namespace giamsat::calendar {
namespace {

const absl::CivilDay kEpochDay(1970, 1, 1);

}  // namespace

absl::TimeZone VietnamTimeZone() {
  return absl::FixedTimeZone(static_cast<int>(kVietnamUtcOffsetSeconds));
}

absl::CivilSecond ToVietnamCivil(absl::Time t) {
  return absl::ToCivilSecond(t, VietnamTimeZone());
}

absl::Time FromVietnamCivil(absl::CivilSecond cs) {
  return absl::FromCivil(cs, VietnamTimeZone());
}

absl::CivilDay VietnamDay(absl::Time t) {
  return absl::CivilDay(ToVietnamCivil(t));
}

absl::Time StartOfVietnamDay(absl::CivilDay day) {
  return absl::FromUnixSeconds(EpochDayNumber(day) * kSecondsPerDay -
                               kVietnamUtcOffsetSeconds);
}

int64_t EpochDayNumber(absl::CivilDay day) { return day - kEpochDay; }

absl::CivilDay CivilDayFromEpochDay(int64_t epoch_day) {
  return kEpochDay + epoch_day;
}

}  // namespace giamsat::calendar
