#include "common/calendar/vietnam_time.h"

namespace giamsat::calendar {
namespace {

const absl::CivilDay kEpochDay(1970, 1, 1);

}  // namespace

absl::CivilSecond ToVietnamCivil(absl::Time t) {
  return absl::ToCivilSecond(t, core::VietnamZone());
}

absl::Time FromVietnamCivil(absl::CivilSecond cs) {
  return absl::FromCivil(cs, core::VietnamZone());
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
