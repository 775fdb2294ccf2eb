// Vietnam civil time (UTC+07:00, no daylight saving) and ISO date helpers.
//
// Pure functions; no dependency on the system time-zone database.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace giamsat::core {

inline constexpr int64_t kVietnamUtcOffsetSeconds = 7 * 3600;

// The fixed UTC+07:00 zone used for every calendar date in the system (named
// "UTC+07" by abseil).
absl::TimeZone VietnamZone();

// The Vietnam calendar day containing `t`.
absl::CivilDay VietnamDay(absl::Time t);

// "YYYY-MM-DD" (years outside 0..9999 as printf's "%04d" writes them).
std::string FormatDate(absl::CivilDay day);

// "YYYY-MM", as absl::FormatCivilTime writes a month (the year unpadded
// outside 1000..9999). Both are on the rules service's hot path (state
// keys), so they are written digit by digit.
std::string FormatMonth(absl::CivilMonth month);

// Parses "YYYY-MM-DD"; InvalidArgument naming `field` otherwise.
absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text,
                                         absl::string_view field);

}  // namespace giamsat::core
