#include "common/core/vietnam_time.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace giamsat::core {

absl::TimeZone VietnamZone() {
  static const absl::TimeZone zone =
      absl::FixedTimeZone(static_cast<int>(kVietnamUtcOffsetSeconds));
  return zone;
}

absl::CivilDay VietnamDay(absl::Time t) {
  return absl::ToCivilDay(t, VietnamZone());
}

std::string FormatDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text,
                                         absl::string_view field) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day) ||
      FormatDate(day) != text) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": expected a date as YYYY-MM-DD, got \"", text, "\""));
  }
  return day;
}

}  // namespace giamsat::core
