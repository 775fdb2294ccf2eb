#include "common/core/vietnam_time.h"

#include <gtest/gtest.h>

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
