#include "common/calendar/office_hours.h"

#include "common/calendar/vietnam_time.h"
#include "gtest/gtest.h"

namespace giamsat::calendar {
namespace {

constexpr int64_t kHour = 3600 * kNanosPerSecond;

TEST(OfficeHoursTest, DefaultIsEightToFiveWithLunch) {
  const DaySchedule s = DaySchedule::Default();
  EXPECT_EQ(s.working_nanos(), 8 * kHour);
  EXPECT_EQ(s.open_nanos(), 8 * kHour);
  EXPECT_EQ(s.close_nanos(), 17 * kHour);
  EXPECT_EQ(s.ToString(), "08:00–12:00, 13:00–17:00");
}

TEST(OfficeHoursTest, WorkedBeforeSkipsLunch) {
  const DaySchedule s = DaySchedule::Default();
  EXPECT_EQ(s.WorkedBefore(0), 0);
  EXPECT_EQ(s.WorkedBefore(8 * kHour), 0);
  EXPECT_EQ(s.WorkedBefore(12 * kHour), 4 * kHour);
  EXPECT_EQ(s.WorkedBefore(12 * kHour + kHour / 2), 4 * kHour);
  EXPECT_EQ(s.WorkedBefore(14 * kHour), 5 * kHour);
  EXPECT_EQ(s.WorkedBefore(24 * kHour), 8 * kHour);
}

TEST(OfficeHoursTest, EarliestAndLatestInverseAtTheLunchBoundary) {
  const DaySchedule s = DaySchedule::Default();
  // Four hours of work: earliest at 12:00, latest at 13:00.
  EXPECT_EQ(s.EarliestWithWorked(4 * kHour), 12 * kHour);
  EXPECT_EQ(s.LatestWithWorked(4 * kHour), 13 * kHour);
  EXPECT_EQ(s.EarliestWithWorked(8 * kHour), 17 * kHour);
  EXPECT_EQ(s.LatestWithWorked(0), 8 * kHour);
  EXPECT_EQ(s.EarliestWithWorked(1), 8 * kHour + 1);
}

TEST(OfficeHoursTest, NextWorkingPosition) {
  const DaySchedule s = DaySchedule::Default();
  EXPECT_EQ(s.NextWorkingPosition(0), 8 * kHour);
  EXPECT_EQ(s.NextWorkingPosition(9 * kHour), 9 * kHour);
  EXPECT_EQ(s.NextWorkingPosition(12 * kHour), 13 * kHour);
  EXPECT_EQ(s.NextWorkingPosition(17 * kHour), std::nullopt);
  EXPECT_TRUE(s.IsWorkingPosition(8 * kHour));
  EXPECT_FALSE(s.IsWorkingPosition(12 * kHour));
  EXPECT_FALSE(s.IsWorkingPosition(17 * kHour));
}

TEST(OfficeHoursTest, ParseAndValidate) {
  absl::StatusOr<DaySchedule> s =
      DaySchedule::Parse({"07:30-11:30", "13:30-17:00"});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->working_nanos(), 7 * kHour + kHour / 2);
  EXPECT_FALSE(DaySchedule::Parse({}).ok());
  EXPECT_FALSE(DaySchedule::Parse({"08:00-12:00", "11:00-17:00"}).ok());
  EXPECT_FALSE(DaySchedule::Parse({"12:00-08:00"}).ok());
  EXPECT_FALSE(DaySchedule::Parse({"8-12"}).ok());
  EXPECT_FALSE(DaySchedule::Parse({"08:00-25:00"}).ok());
  EXPECT_TRUE(DaySchedule::Parse({"00:00-24:00"}).ok());
}

TEST(OfficeHoursTest, TimeOfDayParsingAndFormatting) {
  EXPECT_EQ(*ParseTimeOfDay("15:00"), 15 * 3600);
  EXPECT_EQ(*ParseTimeOfDay(" 8:05 "), 8 * 3600 + 300);
  EXPECT_FALSE(ParseTimeOfDay("15h").ok());
  EXPECT_FALSE(ParseTimeOfDay("15:60").ok());
  EXPECT_EQ(FormatTimeOfDay(15 * 3600), "15:00");
  EXPECT_EQ(FormatTimeOfDay(15 * 3600 + 1), "15:00:01");
}

TEST(OfficeHoursTest, SeasonalHoursApplyInsideTheirMonthDayRange) {
  OfficeHours hours;
  SeasonalHours summer;
  summer.name = "summer";
  summer.from_month = 4;
  summer.from_day = 15;
  summer.to_month = 10;
  summer.to_day = 14;
  summer.hours = *DaySchedule::Parse({"07:00-11:30", "13:30-17:00"});
  hours.seasonal.push_back(summer);
  EXPECT_EQ(&hours.For(absl::CivilDay(2026, 4, 14)), &hours.standard);
  EXPECT_EQ(hours.For(absl::CivilDay(2026, 4, 15)).open_nanos(), 7 * kHour);
  EXPECT_EQ(hours.For(absl::CivilDay(2026, 10, 14)).open_nanos(), 7 * kHour);
  EXPECT_EQ(&hours.For(absl::CivilDay(2026, 10, 15)), &hours.standard);

  SeasonalHours winter{.name = "winter",
                       .from_month = 11,
                       .from_day = 1,
                       .to_month = 2,
                       .to_day = 28};
  EXPECT_TRUE(winter.Contains(absl::CivilDay(2026, 12, 31)));
  EXPECT_TRUE(winter.Contains(absl::CivilDay(2027, 1, 15)));
  EXPECT_FALSE(winter.Contains(absl::CivilDay(2027, 3, 1)));
}

}  // namespace
}  // namespace giamsat::calendar
