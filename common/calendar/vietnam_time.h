// Contract: conversions between absolute instants (absl::Time) and Vietnamese
// civil time, which is a fixed UTC+07:00 offset with no daylight saving. The
// system time-zone database is never consulted. All functions are pure and
// thread-safe.
#pragma once

#include <cstdint>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace giamsat::calendar {

inline constexpr int64_t kVietnamUtcOffsetSeconds = 7 * 3600;
inline constexpr int64_t kSecondsPerDay = 86400;
inline constexpr int64_t kNanosPerSecond = 1'000'000'000;
inline constexpr int64_t kNanosPerDay = kSecondsPerDay * kNanosPerSecond;

// The fixed UTC+07:00 zone (named "UTC+07" by abseil).
absl::TimeZone VietnamTimeZone();

absl::CivilSecond ToVietnamCivil(absl::Time t);
absl::Time FromVietnamCivil(absl::CivilSecond cs);
absl::CivilDay VietnamDay(absl::Time t);

// Midnight (00:00 local) that opens `day`.
absl::Time StartOfVietnamDay(absl::CivilDay day);

// Days since 1970-01-01 of a civil day (negative before it).
int64_t EpochDayNumber(absl::CivilDay day);
absl::CivilDay CivilDayFromEpochDay(int64_t epoch_day);

}  // namespace giamsat::calendar
