// Contract: conversions between absolute instants (absl::Time) and Vietnamese
// civil time, which is a fixed UTC+07:00 offset with no daylight saving, for
// the calendar's day arithmetic; the zone and the day of an instant are
// core's (common/core/vietnam_time.h). The system time-zone database is never
// consulted. All functions are pure and thread-safe.
#pragma once

#include <cstdint>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/core/vietnam_time.h"

namespace giamsat::calendar {

using core::kVietnamUtcOffsetSeconds;
using core::VietnamDay;
inline constexpr int64_t kSecondsPerDay = 86400;
inline constexpr int64_t kNanosPerSecond = 1'000'000'000;
inline constexpr int64_t kNanosPerDay = kSecondsPerDay * kNanosPerSecond;

absl::CivilSecond ToVietnamCivil(absl::Time t);
absl::Time FromVietnamCivil(absl::CivilSecond cs);

// Midnight (00:00 local) that opens `day`.
absl::Time StartOfVietnamDay(absl::CivilDay day);

// Days since 1970-01-01 of a civil day (negative before it).
int64_t EpochDayNumber(absl::CivilDay day);
absl::CivilDay CivilDayFromEpochDay(int64_t epoch_day);

}  // namespace giamsat::calendar
