#include "common/calendar/explanation.h"

#include "gtest/gtest.h"
#include "tests/unit/common/calendar/test_calendars.h"

namespace giamsat::calendar {
namespace {

using ::giamsat::calendar::testing::Day;
using ::giamsat::calendar::testing::PublicSector;
using ::giamsat::calendar::testing::PublicSectorWithCultureDay;
using ::giamsat::calendar::testing::Vn;

DeadlineExplanation Explain(const Deadline& d,
                            const Calendar& cal = PublicSector()) {
  absl::StatusOr<DeadlineExplanation> e = ExplainDeadline(cal, d);
  EXPECT_TRUE(e.ok()) << e.status();
  return e.value_or(DeadlineExplanation{});
}

TEST(ExplanationTest, Example1ListsEveryDaySkippedAndWhy) {
  const Deadline d = *DueTime(PublicSector(), Vn(2026, 4, 24, 16),
                              Limit::WorkingDays(3), CountingMode::kDays);
  const DeadlineExplanation e = Explain(d);
  EXPECT_EQ(e.mode, CountingMode::kDays);
  EXPECT_EQ(e.rule, DeadlineRule::kCivilCodeDays);
  EXPECT_EQ(e.start_adjustment, StartAdjustment::kAcceptanceDayExcluded);
  EXPECT_TRUE(e.cutoff_ignored_in_days_mode);
  ASSERT_EQ(e.skipped_days.size(), 7u);
  EXPECT_EQ(e.skipped_days[0].day, Day(2026, 4, 25));
  EXPECT_EQ(e.skipped_days[0].reason, DayReason::kWeekend);
  EXPECT_EQ(e.skipped_days[1].day, Day(2026, 4, 26));
  EXPECT_EQ(e.skipped_days[1].reason, DayReason::kHoliday);
  EXPECT_FALSE(e.skipped_days[1].in_working_week);
  EXPECT_EQ(e.skipped_days[2].reason, DayReason::kCompensatory);
  EXPECT_EQ(e.skipped_days[3].day, Day(2026, 4, 30));
  EXPECT_EQ(e.skipped_days[3].name_en, "Reunification Day (30 April)");
  EXPECT_EQ(e.skipped_days[4].day, Day(2026, 5, 1));
  EXPECT_EQ(e.skipped_days[6].day, Day(2026, 5, 3));
  EXPECT_TRUE(e.makeup_days.empty());
  EXPECT_EQ(e.calendar_id, "vn-public-sector");
  ASSERT_EQ(e.years.size(), 1u);
  EXPECT_EQ(e.years[0].revision, "2026.1");
  EXPECT_FALSE(e.provisional);
  EXPECT_FALSE(e.sources.empty());
}

TEST(ExplanationTest, CountsTheWorkedSaturdayAndTheSwappedDay) {
  const Deadline d = *DueTime(PublicSector(), Vn(2025, 12, 31, 10),
                              Limit::WorkingDays(6), CountingMode::kDays);
  ASSERT_EQ(d.due, Vn(2026, 1, 10, 17));  // the 6th day is Sat 10/01
  const DeadlineExplanation e = Explain(d);
  ASSERT_EQ(e.makeup_days.size(), 1u);
  EXPECT_EQ(e.makeup_days[0].day, Day(2026, 1, 10));
  EXPECT_EQ(e.makeup_days[0].replaces, Day(2026, 1, 2));
  ASSERT_EQ(e.skipped_days.size(), 4u);  // 01/01, 02/01, 03/01, 04/01
  EXPECT_EQ(e.skipped_days[1].reason, DayReason::kSwapped);
  ASSERT_EQ(e.years.size(), 2u);  // 2025 and 2026
}

TEST(ExplanationTest, HoursModeRecordsTheCutoffMove) {
  const Deadline d = *DueTime(PublicSector(), Vn(2026, 2, 13, 16, 59),
                              Limit::WorkingHours(8), CountingMode::kHours);
  const DeadlineExplanation e = Explain(d);
  EXPECT_EQ(e.start_adjustment, StartAdjustment::kAfterCutoff);
  EXPECT_EQ(e.counting_start, Vn(2026, 2, 23, 8));
  EXPECT_EQ(e.skipped_days.size(), 9u);  // Tết break, Sat 14 .. Sun 22/02
  EXPECT_EQ(e.total_working_time, absl::Hours(8));
}

TEST(ExplanationTest, FlagsProvisionalData) {
  const Deadline d = *DueTime(PublicSectorWithCultureDay(), Vn(2026, 11, 23, 9),
                              Limit::WorkingDays(15), CountingMode::kDays);
  const DeadlineExplanation e = Explain(d, PublicSectorWithCultureDay());
  EXPECT_TRUE(e.provisional);
  EXPECT_EQ(e.calendar_id, "vn-public-sector+vn-culture-day");
  bool found = false;
  for (const ExplainedDay& s : e.skipped_days) {
    if (s.day == Day(2026, 11, 24)) {
      found = true;
      EXPECT_TRUE(s.provisional);
      EXPECT_EQ(s.reason, DayReason::kHoliday);
    }
  }
  EXPECT_TRUE(found);
}

TEST(ExplanationTest, RefusesADeadlineFromAnotherVersion) {
  const Deadline d = *DueTime(PublicSector(), Vn(2026, 11, 23, 9),
                              Limit::WorkingDays(15), CountingMode::kDays);
  EXPECT_EQ(ExplainDeadline(PublicSectorWithCultureDay(), d).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace giamsat::calendar
