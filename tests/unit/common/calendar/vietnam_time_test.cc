#include "common/calendar/vietnam_time.h"

#include "gtest/gtest.h"

namespace giamsat::calendar {
namespace {

TEST(VietnamTimeTest, IsUtcPlusSevenWithoutTzDatabase) {
  const absl::Time t = absl::FromUnixSeconds(0);
  EXPECT_EQ(ToVietnamCivil(t), absl::CivilSecond(1970, 1, 1, 7, 0, 0));
  EXPECT_EQ(FromVietnamCivil(absl::CivilSecond(2026, 4, 24, 16, 0, 0)),
            absl::FromUnixSeconds(1777021200));  // 2026-04-24T09:00:00Z
}

TEST(VietnamTimeTest, DayBoundaryIsLocalMidnight) {
  // 16:59:59 UTC is 23:59:59 local; 17:00 UTC is the next local day.
  const absl::Time before = absl::FromCivil(
      absl::CivilSecond(2025, 12, 31, 16, 59, 59), absl::UTCTimeZone());
  EXPECT_EQ(VietnamDay(before), absl::CivilDay(2025, 12, 31));
  EXPECT_EQ(VietnamDay(before + absl::Seconds(1)), absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(StartOfVietnamDay(absl::CivilDay(2026, 1, 1)),
            before + absl::Seconds(1));
}

TEST(VietnamTimeTest, EpochDayNumbersRoundTrip) {
  EXPECT_EQ(EpochDayNumber(absl::CivilDay(1970, 1, 1)), 0);
  EXPECT_EQ(EpochDayNumber(absl::CivilDay(1969, 12, 31)), -1);
  for (int64_t n : {-1000, -1, 0, 1, 20000, 20500}) {
    EXPECT_EQ(EpochDayNumber(CivilDayFromEpochDay(n)), n);
  }
}

}  // namespace
}  // namespace giamsat::calendar
