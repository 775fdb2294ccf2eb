// Checks the calendars shipped in deploy/config/calendars/ against the
// published schedules (domain.md section 2) and the lunar proposal.
#include "common/calendar/calendar_loader.h"

#include <set>
#include <vector>

#include "common/calendar/lunar_calendar.h"
#include "common/calendar/year_proposal.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/common/calendar/test_calendars.h"

namespace giamsat::calendar {
namespace {

using ::giamsat::calendar::testing::Day;
using ::giamsat::calendar::testing::PublicSector;
using ::giamsat::calendar::testing::PublicSectorWithCultureDay;
using ::giamsat::calendar::testing::ShippedCalendarPath;
using ::testing::ElementsAreArray;

// Working-week days that are off in `year`, and worked days outside it.
std::vector<absl::CivilDay> WeekdaysOff(const Calendar& cal, int year) {
  std::vector<absl::CivilDay> out;
  for (absl::CivilDay d(year, 1, 1); d.year() == year; ++d) {
    if (cal.InWorkingWeek(d) && !*cal.IsWorkingDay(d)) out.push_back(d);
  }
  return out;
}
std::vector<absl::CivilDay> WeekendsWorked(const Calendar& cal, int year) {
  std::vector<absl::CivilDay> out;
  for (absl::CivilDay d(year, 1, 1); d.year() == year; ++d) {
    if (!cal.InWorkingWeek(d) && *cal.IsWorkingDay(d)) out.push_back(d);
  }
  return out;
}

TEST(CalendarLoaderTest, LoadsTheShippedFiles) {
  absl::StatusOr<Calendar> cal =
      LoadCalendar(ShippedCalendarPath("vn-public-sector.yaml"),
                   {ShippedCalendarPath("vn-culture-day.yaml")});
  ASSERT_TRUE(cal.ok()) << cal.status();
  EXPECT_EQ(cal->id(), "vn-public-sector+vn-culture-day");
}

TEST(CalendarLoaderTest, MissingFileIsNotFound) {
  EXPECT_EQ(LoadCalendar("/nonexistent/calendar.yaml").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(CalendarLoaderTest, Schedule2026IsExactlyAsPublished) {
  const Calendar& cal = PublicSector();
  EXPECT_THAT(
      WeekdaysOff(cal, 2026),
      ElementsAreArray({
          Day(2026, 1, 1), Day(2026, 1, 2),  // New Year, 02/01 swapped
          Day(2026, 2, 16), Day(2026, 2, 17), Day(2026, 2, 18),
          Day(2026, 2, 19), Day(2026, 2, 20),  // Tết, official days
          Day(2026, 4, 27),                    // Hùng Kings compensatory
          Day(2026, 4, 30), Day(2026, 5, 1),   // 30/4, 1/5
          Day(2026, 9, 2), Day(2026, 9, 3),    // National Day (03/09 open)
      }));
  EXPECT_THAT(WeekendsWorked(cal, 2026), ElementsAreArray({Day(2026, 1, 10)}));
  EXPECT_EQ(cal.Day(Day(2026, 4, 26))->reason, DayReason::kHoliday);  // Sun
  EXPECT_EQ(cal.Day(Day(2026, 4, 27))->reason, DayReason::kCompensatory);
  EXPECT_EQ(cal.Day(Day(2026, 1, 2))->reason, DayReason::kSwapped);
  EXPECT_EQ(cal.Day(Day(2026, 2, 14))->reason, DayReason::kHoliday);  // Sat
  EXPECT_EQ(cal.Day(Day(2026, 2, 22))->reason, DayReason::kHoliday);  // Sun
  EXPECT_FALSE(cal.Day(Day(2026, 9, 2))->provisional);
  EXPECT_TRUE(cal.Day(Day(2026, 9, 3))->provisional);
  EXPECT_FALSE(cal.Year(2026)->provisional);
}

TEST(CalendarLoaderTest, Schedule2024) {
  const Calendar& cal = PublicSector();
  EXPECT_THAT(WeekdaysOff(cal, 2024), ElementsAreArray({
                                          Day(2024, 1, 1),
                                          Day(2024, 2, 8),
                                          Day(2024, 2, 9),
                                          Day(2024, 2, 12),
                                          Day(2024, 2, 13),
                                          Day(2024, 2, 14),
                                          Day(2024, 4, 18),
                                          Day(2024, 4, 29),
                                          Day(2024, 4, 30),
                                          Day(2024, 5, 1),
                                          Day(2024, 9, 2),
                                          Day(2024, 9, 3),
                                      }));
  EXPECT_THAT(WeekendsWorked(cal, 2024), ElementsAreArray({Day(2024, 5, 4)}));
}

TEST(CalendarLoaderTest, Schedule2025) {
  const Calendar& cal = PublicSector();
  EXPECT_THAT(WeekdaysOff(cal, 2025), ElementsAreArray({
                                          Day(2025, 1, 1),
                                          Day(2025, 1, 27),
                                          Day(2025, 1, 28),
                                          Day(2025, 1, 29),
                                          Day(2025, 1, 30),
                                          Day(2025, 1, 31),
                                          Day(2025, 4, 7),
                                          Day(2025, 4, 30),
                                          Day(2025, 5, 1),
                                          Day(2025, 5, 2),
                                          Day(2025, 9, 1),
                                          Day(2025, 9, 2),
                                      }));
  EXPECT_THAT(WeekendsWorked(cal, 2025), ElementsAreArray({Day(2025, 4, 26)}));
}

TEST(CalendarLoaderTest, Year2027IsTheProvisionalLunarProposal) {
  const Calendar& cal = PublicSector();
  ASSERT_NE(cal.Year(2027), nullptr);
  EXPECT_TRUE(cal.Year(2027)->provisional);
  // Every 2027 day is provisional, listed or not.
  EXPECT_TRUE(cal.Day(Day(2027, 6, 1))->provisional);
  // Same days off (including weekend days) and kinds as the computation.
  const YearSpec proposal = ProposePublicSectorYear(2027);
  std::set<std::pair<absl::CivilDay, OffKind>> proposed;
  for (const OffEntry& e : proposal.off) {
    for (absl::CivilDay d = e.first; d <= e.last; ++d) {
      proposed.insert({d, e.kind});
    }
  }
  std::set<std::pair<absl::CivilDay, OffKind>> shipped;
  for (absl::CivilDay d(2027, 1, 1); d.year() == 2027; ++d) {
    const DayInfo info = *cal.Day(d);
    if (info.entry != nullptr && !info.entry->worked) {
      shipped.insert({d, info.entry->off_kind});
    }
  }
  EXPECT_EQ(shipped, proposed);
  EXPECT_FALSE(*cal.IsWorkingDay(LunarNewYear(2027)));
  EXPECT_FALSE(*cal.IsWorkingDay(HungKingsDay(2027)));
  EXPECT_TRUE(WeekendsWorked(cal, 2027).empty());
}

TEST(CalendarLoaderTest, LunarDatesMatchTheHolidaysOfEveryYear) {
  const Calendar& cal = PublicSector();
  for (int year = 2024; year <= 2027; ++year) {
    EXPECT_FALSE(*cal.IsWorkingDay(LunarNewYear(year))) << year;
    EXPECT_EQ(cal.Day(HungKingsDay(year))->reason, DayReason::kHoliday) << year;
  }
}

TEST(CalendarLoaderTest, EveryEntryCitesAKnownSource) {
  const Calendar& cal = PublicSector();
  for (const CalendarEntry& e : cal.entries()) {
    EXPECT_TRUE(cal.sources().contains(e.source)) << e.name_en;
  }
}

TEST(CalendarLoaderTest, CultureDayOverrideAddsOnlyTwentyFourthNovember) {
  const Calendar& base = PublicSector();
  const Calendar& culture = PublicSectorWithCultureDay();
  for (absl::CivilDay d = base.first_day(); d <= base.last_day(); ++d) {
    const bool is_culture_day = d.month() == 11 && d.day() == 24 &&
                                (d.year() == 2026 || d.year() == 2027);
    EXPECT_EQ(*base.IsWorkingDay(d) != *culture.IsWorkingDay(d), is_culture_day)
        << d;
  }
  EXPECT_TRUE(culture.Day(Day(2026, 11, 24))->provisional);
  EXPECT_EQ(culture.Year(2026)->revision, "2026.1+vn-culture-day@draft-1");
}

TEST(CheckTimeZoneTest, VietnamAndOtherFixedUtcPlus7ZonesQualify) {
  EXPECT_TRUE(CheckTimeZone("Asia/Ho_Chi_Minh").ok());
  EXPECT_TRUE(CheckTimeZone("Asia/Bangkok").ok());
  EXPECT_TRUE(CheckTimeZone("UTC+07:00").ok());
}

TEST(CheckTimeZoneTest, OtherZonesAreRefusedWithTheReason) {
  absl::Status paris = CheckTimeZone("Europe/Paris");
  EXPECT_EQ(paris.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(paris.message()),
              ::testing::HasSubstr("\"Europe/Paris\" is not UTC+07:00"));
  absl::Status unknown = CheckTimeZone("Asia/Atlantis");
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(unknown.message()),
              ::testing::HasSubstr("unknown time zone \"Asia/Atlantis\""));
}

}  // namespace
}  // namespace giamsat::calendar
