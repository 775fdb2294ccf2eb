#include "common/core/vietnam_time.h"

#include <gtest/gtest.h>

#include "absl/strings/str_format.h"

namespace giamsat::core {
namespace {

TEST(VietnamTimeTest, DayIsTakenInUtcPlusSeven) {
  // 2026-04-24 17:30 UTC is already 2026-04-25 00:30 in Vietnam.
  const absl::Time t = absl::FromCivil(
      absl::CivilSecond(2026, 4, 24, 17, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(VietnamDay(t), absl::CivilDay(2026, 4, 25));
  EXPECT_EQ(VietnamDay(t - absl::Hours(1)), absl::CivilDay(2026, 4, 24));
}

TEST(VietnamTimeTest, FormatsAndParsesIsoDates) {
  EXPECT_EQ(FormatDate(absl::CivilDay(2025, 7, 1)), "2025-07-01");
  absl::StatusOr<absl::CivilDay> day = ParseDate("2025-07-01", "from");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(*day, absl::CivilDay(2025, 7, 1));
}

TEST(VietnamTimeTest, FormatsDaysAndMonthsAsTheLibraryFormattersDo) {
  // Every day of two years, and years at the edges of four digits.
  for (absl::CivilDay d(2025, 1, 1); d < absl::CivilDay(2027, 1, 1); ++d) {
    ASSERT_EQ(FormatDate(d),
              absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day()));
  }
  for (const int64_t year : {0, 7, 999, 1000, 9999, 10000, -5}) {
    const absl::CivilDay d(year, 12, 31);
    EXPECT_EQ(FormatDate(d),
              absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day()));
    for (const int month : {1, 10}) {
      const absl::CivilMonth m(year, month);
      EXPECT_EQ(FormatMonth(m), absl::FormatCivilTime(m)) << year;
    }
  }
  EXPECT_EQ(FormatMonth(absl::CivilMonth(2026, 5)), "2026-05");
}

TEST(VietnamTimeTest, RejectsMalformedDatesNamingTheField) {
  for (const char* bad : {"2025-7-1", "01/07/2025", "2025-02-30", "", "x"}) {
    absl::StatusOr<absl::CivilDay> day = ParseDate(bad, "period.from_date");
    ASSERT_FALSE(day.ok()) << bad;
    EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(day.status().message().find("period.from_date"),
              absl::string_view::npos);
  }
}

}  // namespace
}  // namespace giamsat::core
