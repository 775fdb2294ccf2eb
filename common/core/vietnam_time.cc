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

namespace {

// Writes `n` (0..10^width - 1) as `width` digits ending just before `end`.
void PutDigits(char* end, int width, int64_t n) {
  for (int i = 0; i < width; ++i, n /= 10)
    *--end = static_cast<char>('0' + n % 10);
}

}  // namespace

std::string FormatDate(absl::CivilDay day) {
  if (day.year() < 0 || day.year() > 9999) {
    return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(),
                           day.day());
  }
  std::string out = "0000-00-00";
  PutDigits(out.data() + 4, 4, day.year());
  PutDigits(out.data() + 7, 2, day.month());
  PutDigits(out.data() + 10, 2, day.day());
  return out;
}

std::string FormatMonth(absl::CivilMonth month) {
  if (month.year() < 1000 || month.year() > 9999) {
    return absl::FormatCivilTime(month);
  }
  std::string out = "0000-00";
  PutDigits(out.data() + 4, 4, month.year());
  PutDigits(out.data() + 7, 2, month.month());
  return out;
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
