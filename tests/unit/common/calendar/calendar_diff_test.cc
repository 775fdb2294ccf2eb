#include "common/calendar/calendar_diff.h"

#include <random>

#include "gtest/gtest.h"
#include "tests/unit/common/calendar/test_calendars.h"

namespace giamsat::calendar {
namespace {

using ::giamsat::calendar::testing::Day;
using ::giamsat::calendar::testing::PublicSector;
using ::giamsat::calendar::testing::PublicSectorWithCultureDay;
using ::giamsat::calendar::testing::ShippedSpec;
using ::giamsat::calendar::testing::Vn;

TEST(CalendarDiffTest, CultureDayChangesExactlyTwoDays) {
  const CalendarDiff diff =
      DiffCalendars(PublicSector(), PublicSectorWithCultureDay());
  ASSERT_EQ(diff.changes.size(), 2u);
  EXPECT_EQ(diff.changes[0].day, Day(2026, 11, 24));
  EXPECT_EQ(diff.changes[1].day, Day(2027, 11, 24));
  EXPECT_TRUE(diff.changes[0].before->working);
  EXPECT_FALSE(diff.changes[0].after->working);
  EXPECT_EQ(diff.changes[0].after->reason, DayReason::kHoliday);
  EXPECT_TRUE(diff.changes[0].affects_arithmetic);
  EXPECT_EQ(diff.FirstArithmeticChange(), Day(2026, 11, 24));
  EXPECT_EQ(diff.to_id, "vn-public-sector+vn-culture-day");
  EXPECT_TRUE(DiffCalendars(PublicSector(), PublicSector()).empty());
}

TEST(CalendarDiffTest, Example5RecomputesOnlyTheAffectedDeadline) {
  const Calendar& a = PublicSector();
  const Calendar& b = PublicSectorWithCultureDay();
  const CalendarDiff diff = DiffCalendars(a, b);
  const DeadlineRequest petition{Vn(2026, 11, 23, 9), Limit::WorkingDays(15),
                                 CountingMode::kDays, StartPolicy()};
  const Deadline before = *DueTime(a, petition);
  EXPECT_TRUE(diff.Touches(before));
  const Recalculation r = *RecalculateDeadline(a, b, petition);
  EXPECT_TRUE(r.due_changed);
  EXPECT_EQ(r.before.due, Vn(2026, 12, 14, 17));
  EXPECT_EQ(r.after.due, Vn(2026, 12, 15, 17));
  // A deadline that ends before 24/11 is untouched.
  const DeadlineRequest early{Vn(2026, 11, 2, 9), Limit::WorkingDays(10),
                              CountingMode::kDays, StartPolicy()};
  EXPECT_FALSE(diff.Touches(*DueTime(a, early)));
  EXPECT_FALSE(RecalculateDeadline(a, b, early)->due_changed);
}

TEST(CalendarDiffTest, LabelOnlyChangesDoNotAffectArithmetic) {
  CalendarSpec relabeled = ShippedSpec();
  relabeled.years[2].off[0].name_en = "New Year (renamed)";
  const Calendar b = *Calendar::Build(relabeled);
  const CalendarDiff diff = DiffCalendars(PublicSector(), b);
  ASSERT_EQ(diff.changes.size(), 1u);
  EXPECT_EQ(diff.changes[0].day, Day(2026, 1, 1));
  EXPECT_FALSE(diff.changes[0].affects_arithmetic);
  EXPECT_FALSE(diff.FirstArithmeticChange().has_value());
}

// Random corrections: a deadline the diff does not touch never moves.
TEST(CalendarDiffPropertyTest, UntouchedDeadlinesNeverChange) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> day_of_year(0, 364);
  std::uniform_int_distribution<int64_t> minutes(
      0, (Day(2027, 9, 1) - Day(2024, 1, 1)) * int64_t{24 * 60});
  std::uniform_int_distribution<int64_t> days(0, 30);
  const Calendar& base = PublicSector();
  for (int round = 0; round < 20; ++round) {
    CalendarOverride o;
    o.id = "fix";
    o.extends = "vn-public-sector";
    o.scope = "national";
    o.sources["s"] = Source{.title = "S", .kind = "local"};
    for (int year = 2024; year <= 2027; ++year) {
      YearOverride y{.year = year};
      for (int k = 0; k < 2; ++k) {
        const absl::CivilDay d = absl::CivilDay(year, 1, 1) + day_of_year(rng);
        if (!base.InWorkingWeek(d) || !*base.IsWorkingDay(d)) continue;
        if (!y.add_off.empty() && y.add_off.back().first == d) continue;
        y.add_off.push_back(OffEntry{d, d, OffKind::kOther, "x", "x", "s"});
      }
      o.years.push_back(y);
    }
    const Calendar changed = *Calendar::Build(ShippedSpec(), {o});
    const CalendarDiff diff = DiffCalendars(base, changed);
    for (int i = 0; i < 500; ++i) {
      const DeadlineRequest request{
          Vn(2024, 1, 1) + absl::Minutes(minutes(rng)),
          Limit::WorkingDays(days(rng)),
          i % 2 == 0 ? CountingMode::kDays : CountingMode::kHours,
          StartPolicy()};
      const Deadline before = *DueTime(base, request);
      const Recalculation r = *RecalculateDeadline(base, changed, request);
      if (!diff.Touches(before)) {
        ASSERT_FALSE(r.due_changed);
      }
      ASSERT_EQ(r.before.due, before.due);
    }
  }
}

}  // namespace
}  // namespace giamsat::calendar
