#include "common/calendar/lunar_calendar.h"

#include "gtest/gtest.h"

namespace giamsat::calendar {
namespace {

using absl::CivilDay;

TEST(LunarCalendarTest, LunarNewYearOfKnownYears) {
  EXPECT_EQ(LunarNewYear(2020), CivilDay(2020, 1, 25));
  EXPECT_EQ(LunarNewYear(2021), CivilDay(2021, 2, 12));
  EXPECT_EQ(LunarNewYear(2022), CivilDay(2022, 2, 1));
  EXPECT_EQ(LunarNewYear(2023), CivilDay(2023, 1, 22));
  EXPECT_EQ(LunarNewYear(2024), CivilDay(2024, 2, 10));
  EXPECT_EQ(LunarNewYear(2025), CivilDay(2025, 1, 29));
  EXPECT_EQ(LunarNewYear(2026), CivilDay(2026, 2, 17));
  EXPECT_EQ(LunarNewYear(2027), CivilDay(2027, 2, 6));
}

TEST(LunarCalendarTest, HungKingsDayOfKnownYears) {
  EXPECT_EQ(HungKingsDay(2022), CivilDay(2022, 4, 10));
  EXPECT_EQ(HungKingsDay(2023), CivilDay(2023, 4, 29));  // after leap month 2
  EXPECT_EQ(HungKingsDay(2024), CivilDay(2024, 4, 18));
  EXPECT_EQ(HungKingsDay(2025), CivilDay(2025, 4, 7));
  EXPECT_EQ(HungKingsDay(2026), CivilDay(2026, 4, 26));
  EXPECT_EQ(HungKingsDay(2027), CivilDay(2027, 4, 16));
}

TEST(LunarCalendarTest, SolarToLunarOfTetEveAndLeapMonth) {
  EXPECT_EQ(SolarToLunar(CivilDay(2026, 2, 16)),
            (LunarDate{.day = 29, .month = 12, .year = 2025}));
  EXPECT_EQ(SolarToLunar(CivilDay(2026, 2, 17)),
            (LunarDate{.day = 1, .month = 1, .year = 2026}));
  // 2023 had a leap 2nd month starting 2023-03-22.
  EXPECT_EQ(SolarToLunar(CivilDay(2023, 3, 22)),
            (LunarDate{.day = 1, .month = 2, .year = 2023, .leap = true}));
  // 2025 had a leap 6th month starting 2025-07-25.
  EXPECT_EQ(SolarToLunar(CivilDay(2025, 7, 25)),
            (LunarDate{.day = 1, .month = 6, .year = 2025, .leap = true}));
}

TEST(LunarCalendarTest, RoundTripsEveryDayOf2020To2030) {
  for (CivilDay d(2020, 1, 1); d < CivilDay(2031, 1, 1); ++d) {
    const LunarDate lunar = SolarToLunar(d);
    absl::StatusOr<CivilDay> back = LunarToSolar(lunar);
    ASSERT_TRUE(back.ok()) << d << ": " << back.status();
    EXPECT_EQ(*back, d);
  }
}

TEST(LunarCalendarTest, RejectsDatesThatDoNotExist) {
  EXPECT_FALSE(
      LunarToSolar(LunarDate{.day = 1, .month = 3, .year = 2023, .leap = true})
          .ok());
  EXPECT_FALSE(
      LunarToSolar(LunarDate{.day = 1, .month = 5, .year = 2024, .leap = true})
          .ok());
  EXPECT_FALSE(
      LunarToSolar(LunarDate{.day = 1, .month = 13, .year = 2024}).ok());
  EXPECT_FALSE(
      LunarToSolar(LunarDate{.day = 0, .month = 1, .year = 2024}).ok());
}

}  // namespace
}  // namespace giamsat::calendar
