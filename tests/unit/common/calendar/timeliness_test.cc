#include "common/calendar/timeliness.h"

#include "gtest/gtest.h"
#include "tests/unit/common/calendar/test_calendars.h"

namespace giamsat::calendar {
namespace {

using ::giamsat::calendar::testing::Day;
using ::giamsat::calendar::testing::PublicSector;
using ::giamsat::calendar::testing::Vn;

TimelinessVerdict Verdict(absl::Time due, absl::Time finished) {
  absl::StatusOr<TimelinessVerdict> v = Classify(PublicSector(), due, finished);
  EXPECT_TRUE(v.ok()) << v.status();
  return v.value_or(TimelinessVerdict{});
}

TEST(TimelinessTest, EarlyMeansADayBeforeTheDueDay) {
  const TimelinessVerdict v = Verdict(Vn(2026, 7, 27, 17), Vn(2026, 7, 24, 16));
  EXPECT_EQ(v.verdict, Timeliness::kEarly);
  EXPECT_EQ(v.score, 2);
  EXPECT_EQ(v.working_days_early, 1);  // Mon 27/07
  EXPECT_EQ(v.due_day, Day(2026, 7, 27));
  EXPECT_EQ(v.finished_day, Day(2026, 7, 24));
  // Even one minute before midnight of the previous day.
  EXPECT_EQ(Verdict(Vn(2026, 7, 27, 17), Vn(2026, 7, 26, 23, 59)).verdict,
            Timeliness::kEarly);
}

TEST(TimelinessTest, OnTimeMeansOnTheDueDayNotAfterTheDueInstant) {
  EXPECT_EQ(Verdict(Vn(2026, 2, 26, 17), Vn(2026, 2, 26, 0, 0)).verdict,
            Timeliness::kOnTime);
  const TimelinessVerdict v = Verdict(Vn(2026, 2, 26, 17), Vn(2026, 2, 26, 17));
  EXPECT_EQ(v.verdict, Timeliness::kOnTime);
  EXPECT_EQ(v.score, 1);
}

TEST(TimelinessTest, LateAfterTheDueInstant) {
  // Example 2 in HOURS mode: due 10:00, finished 15:00 = 4 working hours.
  TimelinessVerdict v = Verdict(Vn(2026, 2, 26, 10), Vn(2026, 2, 26, 15));
  EXPECT_EQ(v.verdict, Timeliness::kLate);
  EXPECT_EQ(v.score, 0);
  EXPECT_EQ(v.late_by_working_time, absl::Hours(4));
  EXPECT_EQ(v.working_days_late, 0);
  // One second after the due instant.
  EXPECT_EQ(Verdict(Vn(2026, 2, 26, 17), Vn(2026, 2, 26, 17, 0, 1)).verdict,
            Timeliness::kLate);
  // After hours on a later day off: late, no working time lost.
  v = Verdict(Vn(2026, 4, 24, 17), Vn(2026, 4, 26, 10));
  EXPECT_EQ(v.verdict, Timeliness::kLate);
  EXPECT_EQ(v.late_by_working_time, absl::ZeroDuration());
  EXPECT_EQ(v.working_days_late, 0);
  v = Verdict(Vn(2026, 4, 24, 17), Vn(2026, 4, 29, 10));
  EXPECT_EQ(v.working_days_late, 2);  // Tue 28, Wed 29
  EXPECT_EQ(v.late_by_working_time, absl::Hours(10));
}

Deadline ThreeDays() {
  return *DueTime(PublicSector(), Vn(2026, 3, 2, 9), Limit::WorkingDays(3),
                  CountingMode::kDays);  // Tue 03 .. Thu 05/03, 24 h
}

TEST(AssessOpenTest, InTimeDueSoonOverdue) {
  const Deadline d = ThreeDays();
  ASSERT_EQ(d.due, Vn(2026, 3, 5, 17));
  ASSERT_EQ(d.total_working_time, absl::Hours(24));
  const Calendar& cal = PublicSector();
  OpenAssessment a = *AssessOpen(cal, d, Vn(2026, 3, 3, 9));
  EXPECT_EQ(a.state, OpenState::kInTime);
  EXPECT_EQ(a.remaining, absl::Hours(23));
  // Below 8 working hours remaining.
  a = *AssessOpen(cal, d, Vn(2026, 3, 5, 9, 30));
  EXPECT_EQ(a.state, OpenState::kDueSoon);
  EXPECT_EQ(a.remaining, absl::Hours(6) + absl::Minutes(30));
  // At the due instant: still not overdue.
  a = *AssessOpen(cal, d, Vn(2026, 3, 5, 17));
  EXPECT_EQ(a.state, OpenState::kDueSoon);
  EXPECT_EQ(a.remaining, absl::ZeroDuration());
  a = *AssessOpen(cal, d, Vn(2026, 3, 6, 9));
  EXPECT_EQ(a.state, OpenState::kOverdue);
  EXPECT_EQ(a.remaining, -absl::Hours(1));
}

TEST(AssessOpenTest, FractionThreshold) {
  const Deadline d = ThreeDays();
  const Calendar& cal = PublicSector();
  const DueSoonPolicy by_fraction{.remaining_below = absl::ZeroDuration(),
                                  .fraction_below = 0.5};
  // 12 h of 24 left: not below 50%.
  OpenAssessment a = *AssessOpen(cal, d, Vn(2026, 3, 4, 13), by_fraction);
  EXPECT_DOUBLE_EQ(a.fraction_remaining, 0.5);
  EXPECT_EQ(a.state, OpenState::kInTime);
  a = *AssessOpen(cal, d, Vn(2026, 3, 4, 13, 1), by_fraction);
  EXPECT_EQ(a.state, OpenState::kDueSoon);
  // Before the clock starts the fraction exceeds 1.
  a = *AssessOpen(cal, d, Vn(2026, 3, 2, 9), by_fraction);
  EXPECT_GT(a.fraction_remaining, 1.0);
  EXPECT_EQ(a.state, OpenState::kInTime);
}

TEST(TimelinessTest, Names) {
  EXPECT_EQ(TimelinessName(Timeliness::kOnTime), "on_time");
  EXPECT_EQ(OpenStateName(OpenState::kDueSoon), "due_soon");
}

}  // namespace
}  // namespace giamsat::calendar
