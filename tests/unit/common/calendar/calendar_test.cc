#include "common/calendar/calendar.h"

#include <string>
#include <vector>

#include "common/calendar/calendar_yaml.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/common/calendar/test_calendars.h"

namespace giamsat::calendar {
namespace {

using ::giamsat::calendar::testing::Day;
using ::giamsat::calendar::testing::PublicSector;
using ::testing::HasSubstr;

CalendarSpec TwoYearSpec() {
  CalendarSpec spec;
  spec.id = "t";
  spec.sources["law"] = Source{.title = "Law", .kind = "law"};
  YearSpec y2026{.year = 2026, .revision = "a"};
  y2026.off.push_back(OffEntry{Day(2026, 1, 1), Day(2026, 1, 1),
                               OffKind::kHoliday, "Tết", "New Year", "law"});
  y2026.off.push_back(OffEntry{Day(2026, 1, 2), Day(2026, 1, 2),
                               OffKind::kSwapped, "HĐ", "Swap", "law"});
  y2026.worked.push_back(
      WorkedEntry{Day(2026, 1, 10), Day(2026, 1, 2), "LB", "Make-up", "law"});
  YearSpec y2027{.year = 2027, .revision = "b", .provisional = true};
  spec.years = {y2027, y2026};  // any order
  return spec;
}

TEST(CalendarTest, WorkingDayFormula) {
  absl::StatusOr<Calendar> cal = Calendar::Build(TwoYearSpec());
  ASSERT_TRUE(cal.ok()) << cal.status();
  EXPECT_EQ(cal->first_day(), Day(2026, 1, 1));
  EXPECT_EQ(cal->last_day(), Day(2027, 12, 31));
  EXPECT_FALSE(*cal->IsWorkingDay(Day(2026, 1, 1)));   // holiday
  EXPECT_FALSE(*cal->IsWorkingDay(Day(2026, 1, 2)));   // swapped
  EXPECT_FALSE(*cal->IsWorkingDay(Day(2026, 1, 3)));   // Saturday
  EXPECT_TRUE(*cal->IsWorkingDay(Day(2026, 1, 5)));    // Monday
  EXPECT_TRUE(*cal->IsWorkingDay(Day(2026, 1, 10)));   // worked Saturday
  EXPECT_FALSE(*cal->IsWorkingDay(Day(2026, 1, 11)));  // Sunday
}

TEST(CalendarTest, DayInfoGivesReasonEntryAndProvisionalFlag) {
  absl::StatusOr<Calendar> cal = Calendar::Build(TwoYearSpec());
  ASSERT_TRUE(cal.ok()) << cal.status();
  DayInfo d = *cal->Day(Day(2026, 1, 2));
  EXPECT_EQ(d.reason, DayReason::kSwapped);
  ASSERT_NE(d.entry, nullptr);
  EXPECT_EQ(d.entry->name_en, "Swap");
  EXPECT_EQ(d.entry->origin, "t");
  EXPECT_EQ(d.hours, nullptr);
  d = *cal->Day(Day(2026, 1, 10));
  EXPECT_EQ(d.reason, DayReason::kMakeupDay);
  EXPECT_TRUE(d.working);
  EXPECT_FALSE(d.in_working_week);
  ASSERT_NE(d.hours, nullptr);
  EXPECT_EQ(d.hours->ToString(), "08:00–12:00, 13:00–17:00");
  EXPECT_EQ(cal->Day(Day(2026, 1, 3))->reason, DayReason::kWeekend);
  EXPECT_EQ(cal->Day(Day(2026, 1, 5))->reason, DayReason::kWorkingDay);
  EXPECT_FALSE(cal->Day(Day(2026, 1, 5))->provisional);
  EXPECT_TRUE(cal->Day(Day(2027, 3, 1))->provisional);  // provisional year
}

TEST(CalendarTest, OutsideCoverageIsOutOfRange) {
  absl::StatusOr<Calendar> cal = Calendar::Build(TwoYearSpec());
  ASSERT_TRUE(cal.ok());
  absl::StatusOr<bool> w = cal->IsWorkingDay(Day(2028, 1, 3));
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(w.status().message(), HasSubstr("2026-01-01 to 2027-12-31"));
  EXPECT_FALSE(cal->Covers(Day(2025, 12, 31)));
  EXPECT_TRUE(cal->Covers(Day(2027, 12, 31)));
}

TEST(CalendarTest, RejectsInconsistentData) {
  auto expect_invalid = [](CalendarSpec spec, const std::string& fragment) {
    absl::StatusOr<Calendar> cal = Calendar::Build(spec);
    ASSERT_FALSE(cal.ok()) << fragment;
    EXPECT_EQ(cal.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(cal.status().message(), HasSubstr(fragment));
  };
  CalendarSpec s = TwoYearSpec();
  s.years[1].off.push_back(s.years[1].off[0]);
  expect_invalid(s, "already listed");

  s = TwoYearSpec();
  s.years[1].worked.push_back(
      WorkedEntry{Day(2026, 1, 7), std::nullopt, "x", "x", "law"});
  expect_invalid(s, "already in the working week");

  s = TwoYearSpec();
  s.years[1].off.push_back(OffEntry{Day(2026, 1, 4), Day(2026, 1, 4),
                                    OffKind::kCompensatory, "x", "x", "law"});
  expect_invalid(s, "outside the working week");

  s = TwoYearSpec();
  s.years[1].off[0].source = "nowhere";
  expect_invalid(s, "source 'nowhere'");

  s = TwoYearSpec();
  s.years[1].off[0].name_vi.clear();
  expect_invalid(s, "Vietnamese and an English name");

  s = TwoYearSpec();
  s.years[1].off[0].first = Day(2027, 1, 1);
  s.years[1].off[0].last = Day(2027, 1, 1);
  expect_invalid(s, "outside year 2026");

  s = TwoYearSpec();
  s.years[1].worked[0].replaces = Day(2026, 1, 5);
  expect_invalid(s, "not a listed day off");

  s = TwoYearSpec();
  s.years[0].year = 2028;
  expect_invalid(s, "contiguous");

  s = TwoYearSpec();
  s.years.clear();
  expect_invalid(s, "1 to 100 years");
}

CalendarOverride CultureDay() {
  CalendarOverride o;
  o.id = "culture";
  o.extends = "t";
  o.scope = "national";
  o.sources["press"] = Source{.title = "Press", .kind = "press"};
  YearOverride y{.year = 2026, .revision = "d1"};
  y.add_off.push_back(OffEntry{Day(2026, 11, 24), Day(2026, 11, 24),
                               OffKind::kHoliday, "VH", "Culture", "press",
                               true});
  o.years.push_back(y);
  return o;
}

TEST(CalendarTest, OverridesAddRemoveAndChangeHours) {
  CalendarOverride unit;
  unit.id = "unit-x";
  unit.extends = "t";
  unit.scope = "unit:X";
  unit.office_hours = OfficeHours{
      .standard = *DaySchedule::Parse({"07:30-11:30", "13:30-17:30"})};
  YearOverride y{.year = 2026};
  y.remove_off = {Day(2026, 1, 2)};
  y.remove_worked = {Day(2026, 1, 10)};
  unit.years.push_back(y);

  absl::StatusOr<Calendar> cal =
      Calendar::Build(TwoYearSpec(), {CultureDay(), unit});
  ASSERT_TRUE(cal.ok()) << cal.status();
  EXPECT_EQ(cal->id(), "t+culture+unit-x");
  EXPECT_FALSE(*cal->IsWorkingDay(Day(2026, 11, 24)));
  EXPECT_TRUE(cal->Day(Day(2026, 11, 24))->provisional);
  EXPECT_EQ(cal->Day(Day(2026, 11, 24))->entry->origin, "culture");
  EXPECT_TRUE(*cal->IsWorkingDay(Day(2026, 1, 2)));
  EXPECT_FALSE(*cal->IsWorkingDay(Day(2026, 1, 10)));
  EXPECT_EQ(cal->Day(Day(2026, 1, 5))->hours->ToString(),
            "07:30–11:30, 13:30–17:30");
  EXPECT_EQ(cal->Year(2026)->revision, "a+culture@d1+unit-x");
  EXPECT_EQ(cal->VersionLabel(),
            "t+culture+unit-x[2026:a+culture@d1+unit-x, 2027:b provisional]");
}

TEST(CalendarTest, RejectsBadOverrides) {
  CalendarOverride o = CultureDay();
  o.extends = "other";
  EXPECT_THAT(Calendar::Build(TwoYearSpec(), {o}).status().message(),
              HasSubstr("extends 'other'"));
  o = CultureDay();
  o.years[0].year = 2030;
  EXPECT_THAT(Calendar::Build(TwoYearSpec(), {o}).status().message(),
              HasSubstr("does not have"));
  o = CultureDay();
  o.years[0].remove_off = {Day(2026, 5, 5)};
  EXPECT_THAT(Calendar::Build(TwoYearSpec(), {o}).status().message(),
              HasSubstr("not a listed day off"));
  o = CultureDay();
  o.years[0].remove_worked = {Day(2026, 1, 1)};
  EXPECT_THAT(Calendar::Build(TwoYearSpec(), {o}).status().message(),
              HasSubstr("not a listed worked day"));
  // Removing a swapped day but keeping the make-up day that replaces it.
  o = CultureDay();
  o.years[0].remove_off = {Day(2026, 1, 2)};
  EXPECT_THAT(Calendar::Build(TwoYearSpec(), {o}).status().message(),
              HasSubstr("not a listed day off"));
}

TEST(CalendarTest, FingerprintIdentifiesTheVersion) {
  const Calendar a = *Calendar::Build(TwoYearSpec());
  const Calendar b = *Calendar::Build(TwoYearSpec());
  const Calendar c = *Calendar::Build(TwoYearSpec(), {CultureDay()});
  EXPECT_EQ(a.fingerprint(), b.fingerprint());
  EXPECT_NE(a.fingerprint(), c.fingerprint());
  CalendarSpec relabeled = TwoYearSpec();
  relabeled.years[1].revision = "a2";
  EXPECT_NE(a.fingerprint(), Calendar::Build(relabeled)->fingerprint());
}

TEST(CalendarTest, ShippedCalendarCoversTwentyTwentyFourToTwentySeven) {
  const Calendar& cal = PublicSector();
  EXPECT_EQ(cal.id(), "vn-public-sector");
  EXPECT_EQ(cal.first_day(), Day(2024, 1, 1));
  EXPECT_EQ(cal.last_day(), Day(2027, 12, 31));
  EXPECT_EQ(cal.StandardDayLength(), absl::Hours(8));
  EXPECT_EQ(cal.default_start_policy().cutoff, absl::Hours(15));
  EXPECT_EQ(cal.default_start_policy().late_day_policy,
            LateDayPolicy::kNextWorkingDay);
}

}  // namespace
}  // namespace giamsat::calendar
