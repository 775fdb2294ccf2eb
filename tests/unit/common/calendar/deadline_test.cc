// Deadline computation, including every worked example of domain.md
// section 6 (2026 public-sector calendar, office hours 08-12, 13-17).
#include "common/calendar/deadline.h"

#include <cstdint>
#include <random>

#include "common/calendar/timeliness.h"
#include "common/calendar/working_time.h"
#include "gtest/gtest.h"
#include "tests/unit/common/calendar/naive_deadline.h"
#include "tests/unit/common/calendar/test_calendars.h"

namespace giamsat::calendar {
namespace {

using ::giamsat::calendar::testing::Day;
using ::giamsat::calendar::testing::NaiveCalendar;
using ::giamsat::calendar::testing::PublicSector;
using ::giamsat::calendar::testing::PublicSectorWithCultureDay;
using ::giamsat::calendar::testing::ShippedSpec;
using ::giamsat::calendar::testing::Vn;

constexpr CountingMode kDays = CountingMode::kDays;
constexpr CountingMode kHours = CountingMode::kHours;

Deadline Due(absl::Time accepted, Limit limit, CountingMode mode,
             const Calendar& cal = PublicSector(),
             const StartPolicy& policy = StartPolicy()) {
  absl::StatusOr<Deadline> d = DueTime(cal, accepted, limit, mode, policy);
  EXPECT_TRUE(d.ok()) << d.status();
  return d.value_or(Deadline{});
}

// Example 1: 3 working days, accepted Fri 24/04/2026 16:00, across Hùng
// Kings' compensatory day and 30/4-1/5.
TEST(DomainExamplesTest, Example1DaysAndHoursAcrossHungKingsAndMayDay) {
  const absl::Time accepted = Vn(2026, 4, 24, 16);
  const Deadline days = Due(accepted, Limit::WorkingDays(3), kDays);
  EXPECT_EQ(days.due, Vn(2026, 5, 4, 17));
  EXPECT_EQ(days.counting_start, Vn(2026, 4, 28, 8));
  EXPECT_EQ(days.start_adjustment, StartAdjustment::kAcceptanceDayExcluded);
  EXPECT_EQ(days.rule, DeadlineRule::kCivilCodeDays);
  EXPECT_EQ(days.total_working_time, absl::Hours(24));
  EXPECT_FALSE(days.provisional);

  const Deadline hours = Due(accepted, Limit::WorkingDays(3), kHours);
  EXPECT_EQ(hours.counting_start, Vn(2026, 4, 28, 8));  // 15:00 cut-off
  EXPECT_EQ(hours.start_adjustment, StartAdjustment::kAfterCutoff);
  EXPECT_EQ(hours.due, Vn(2026, 5, 4, 17));
  EXPECT_EQ(hours.rule, DeadlineRule::kWorkingHours);

  // Paper transfer (ND 61 art. 18): start of the next working day.
  EXPECT_EQ(EffectiveStart(PublicSector(), accepted, StartPolicy())->start,
            Vn(2026, 4, 28, 8));
  // Apology: by the end of the working day before the due day.
  const absl::CivilDay before_due =
      *PreviousWorkingDay(PublicSector(), VietnamDay(days.due));
  EXPECT_EQ(*CloseOfBusiness(PublicSector(), before_due), Vn(2026, 4, 29, 17));
}

// Example 2: 5 working days accepted Thu 12/02/2026 10:00, before Tết.
TEST(DomainExamplesTest, Example2TetMakesTheModesDiffer) {
  const absl::Time accepted = Vn(2026, 2, 12, 10);
  const Deadline days = Due(accepted, Limit::WorkingDays(5), kDays);
  const Deadline hours = Due(accepted, Limit::WorkingDays(5), kHours);
  EXPECT_EQ(days.due, Vn(2026, 2, 26, 17));
  EXPECT_EQ(hours.due, Vn(2026, 2, 26, 10));
  EXPECT_EQ(hours.total_working_time, absl::Hours(40));
  const absl::Time finished = Vn(2026, 2, 26, 15);
  EXPECT_EQ(Classify(PublicSector(), days, finished)->verdict,
            Timeliness::kOnTime);
  EXPECT_EQ(Classify(PublicSector(), hours, finished)->verdict,
            Timeliness::kLate);
}

// Example 3: 1 working day accepted Fri 09/01/2026 14:00 ends on the worked
// Saturday 10/01.
TEST(DomainExamplesTest, Example3EndsOnTheWorkedSaturday) {
  const Deadline d = Due(Vn(2026, 1, 9, 14), Limit::WorkingDays(1), kDays);
  EXPECT_EQ(d.due, Vn(2026, 1, 10, 17));
}

// Example 4: 10 working days accepted Mon 06/07/2026 09:00, with a
// supplement request; both the legal clock and the 766 clock.
TEST(DomainExamplesTest, Example4SupplementRestartAndThe766Clock) {
  const Calendar& cal = PublicSector();
  const Deadline first = Due(Vn(2026, 7, 6, 9), Limit::WorkingDays(10), kDays);
  EXPECT_EQ(first.due, Vn(2026, 7, 20, 17));
  // The supplement request must be issued within 3 working days.
  const absl::Time requested = Vn(2026, 7, 8, 15);
  const Deadline request_limit =
      Due(Vn(2026, 7, 6, 9), Limit::WorkingDays(3), kDays);
  EXPECT_EQ(request_limit.due, Vn(2026, 7, 9, 17));
  EXPECT_LE(requested, request_limit.due);
  // Legal clock: the limit restarts from zero at the complete dossier.
  const absl::Time completed = Vn(2026, 7, 13, 10);
  const Deadline restarted = Due(completed, Limit::WorkingDays(10), kDays);
  EXPECT_EQ(restarted.due, Vn(2026, 7, 27, 17));
  const absl::Time finished = Vn(2026, 7, 24, 16);
  EXPECT_EQ(Classify(cal, restarted, finished)->verdict, Timeliness::kEarly);
  // 766 clock: end minus the waiting time (wall-clock) against the original
  // due time.
  const absl::Time adjusted_end = finished - (completed - requested);
  EXPECT_EQ(adjusted_end, Vn(2026, 7, 19, 21));
  EXPECT_LE(adjusted_end, first.due);
  EXPECT_NE(Classify(cal, first, adjusted_end)->verdict, Timeliness::kLate);
}

// Example 5: a petition on the national portal received Mon 23/11/2026,
// answer due in 15 working days, under both calendar versions.
TEST(DomainExamplesTest, Example5WithAndWithoutCultureDay) {
  const absl::Time received = Vn(2026, 11, 23, 9);
  const Deadline base =
      Due(received, Limit::WorkingDays(15), kDays, PublicSector());
  EXPECT_EQ(VietnamDay(base.due), Day(2026, 12, 14));
  EXPECT_EQ(base.due, Vn(2026, 12, 14, 17));
  const Deadline culture = Due(received, Limit::WorkingDays(15), kDays,
                               PublicSectorWithCultureDay());
  EXPECT_EQ(culture.due, Vn(2026, 12, 15, 17));
  EXPECT_TRUE(culture.provisional);  // 24/11 is a provisional holiday
  EXPECT_NE(base.calendar_fingerprint, culture.calendar_fingerprint);
}

TEST(DeadlineTest, LastWorkingDayOfTheYearCrossesIntoTheNext) {
  // 2025 -> 2026: 01/01 holiday, 02/01 swapped, weekend.
  Deadline d = Due(Vn(2025, 12, 31, 10), Limit::WorkingDays(3), kDays);
  EXPECT_EQ(d.due, Vn(2026, 1, 7, 17));
  EXPECT_FALSE(d.provisional);
  d = Due(Vn(2025, 12, 31, 10), Limit::WorkingHours(8), kHours);
  EXPECT_EQ(d.due, Vn(2026, 1, 5, 10));  // 6 h on 31/12, 2 h on 05/01
  // 2026 -> 2027: 2027 is provisional, so is the deadline.
  d = Due(Vn(2026, 12, 31, 10), Limit::WorkingDays(2), kDays);
  EXPECT_EQ(d.due, Vn(2027, 1, 5, 17));
  EXPECT_TRUE(d.provisional);
}

TEST(DeadlineTest, HoursLimitEndingOnTheWorkedSaturday) {
  // Fri 09/01 09:00 + 15 h: 7 h on Friday, 8 h on Sat 10/01.
  const Deadline d = Due(Vn(2026, 1, 9, 9), Limit::WorkingHours(15), kHours);
  EXPECT_EQ(d.due, Vn(2026, 1, 10, 17));
}

TEST(DeadlineTest, StepHandedOverAt1659OnTheFridayBeforeTet) {
  const absl::Time handed_over = Vn(2026, 2, 13, 16, 59);
  EXPECT_EQ(Due(handed_over, Limit::WorkingDays(1), kDays).due,
            Vn(2026, 2, 23, 17));
  EXPECT_EQ(Due(handed_over, Limit::WorkingDays(1), kHours).due,
            Vn(2026, 2, 23, 17));
  const StartPolicy no_cutoff{.late_day_policy = LateDayPolicy::kNoEffect};
  EXPECT_EQ(
      Due(handed_over, Limit::WorkingDays(1), kHours, PublicSector(), no_cutoff)
          .due,
      Vn(2026, 2, 23, 16, 59));
  EXPECT_EQ(Due(handed_over, Limit::WorkingHours(4), kHours, PublicSector(),
                no_cutoff)
                .due,
            Vn(2026, 2, 23, 11, 59));
}

TEST(DeadlineTest, WeekendHolidaysGiveCompensatoryDays) {
  // Hùng Kings' day on Sun 26/04/2026, compensated Mon 27/04.
  EXPECT_EQ(Due(Vn(2026, 4, 24, 10), Limit::WorkingDays(1), kDays).due,
            Vn(2026, 4, 28, 17));
  // 1 May 2027 is a Saturday: compensatory Mon 03/05/2027 (provisional).
  const Deadline d = Due(Vn(2027, 4, 29, 10), Limit::WorkingDays(1), kDays);
  EXPECT_EQ(d.due, Vn(2027, 5, 4, 17));
  EXPECT_TRUE(d.provisional);
}

TEST(DeadlineTest, InstantsAtTheEdgesOfTheDay) {
  // Accepted at 15:00 exactly: not late, the clock starts at once.
  EXPECT_EQ(Due(Vn(2026, 3, 2, 15), Limit::WorkingHours(2), kHours).due,
            Vn(2026, 3, 2, 17));
  // In the lunch break: from 13:00.
  EXPECT_EQ(Due(Vn(2026, 3, 2, 12, 10), Limit::WorkingHours(2), kHours).due,
            Vn(2026, 3, 2, 15));
  // At 17:00 and at midnight: from the next opening.
  EXPECT_EQ(Due(Vn(2026, 3, 2, 17), Limit::WorkingHours(2), kHours).due,
            Vn(2026, 3, 3, 10));
  EXPECT_EQ(Due(Vn(2026, 3, 3, 0), Limit::WorkingHours(2), kHours).due,
            Vn(2026, 3, 3, 10));
  // DAYS mode ignores the time of day entirely.
  EXPECT_EQ(Due(Vn(2026, 3, 3, 0), Limit::WorkingDays(1), kDays).due,
            Vn(2026, 3, 4, 17));
  EXPECT_EQ(Due(Vn(2026, 3, 3, 23, 59), Limit::WorkingDays(1), kDays).due,
            Vn(2026, 3, 4, 17));
}

TEST(DeadlineTest, SameDayLimits) {
  // DAYS with 0 days: close of business of the first working instant's day.
  EXPECT_EQ(Due(Vn(2026, 3, 2, 9), Limit::WorkingDays(0), kDays).due,
            Vn(2026, 3, 2, 17));
  EXPECT_EQ(Due(Vn(2026, 3, 2, 18), Limit::WorkingDays(0), kDays).due,
            Vn(2026, 3, 3, 17));
  // HOURS with zero: the effective start.
  EXPECT_EQ(Due(Vn(2026, 3, 2, 12, 30), Limit::WorkingHours(0), kHours).due,
            Vn(2026, 3, 2, 13));
}

TEST(DeadlineTest, RejectsBadRequests) {
  const Calendar& cal = PublicSector();
  EXPECT_EQ(DueTime(cal, Vn(2026, 3, 2, 9), Limit::WorkingHours(4), kDays)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DueTime(cal, Vn(2026, 3, 2, 9), Limit::WorkingDays(-1), kDays)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DueTime(cal, Vn(2027, 12, 20, 9), Limit::WorkingDays(15), kDays)
                .status()
                .code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(DueTime(cal, Vn(2027, 12, 20, 9), Limit::WorkingDays(15), kHours)
                .status()
                .code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(
      DueTime(cal, Vn(2026, 3, 2, 9), Limit::WorkingDays(INT64_MAX), kDays)
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*ParseCountingMode("HOURS"), kHours);
  EXPECT_FALSE(ParseCountingMode("weeks").ok());
}

absl::Time RandomMinute(std::mt19937& rng) {
  std::uniform_int_distribution<int64_t> minutes(
      0, (Day(2027, 9, 1) - Day(2024, 1, 1)) * int64_t{24 * 60});
  return Vn(2024, 1, 1) + absl::Minutes(minutes(rng));
}

TEST(DeadlinePropertyTest, MatchesTheMinuteByMinuteReference) {
  const Calendar& cal = PublicSector();
  const NaiveCalendar naive(ShippedSpec());
  std::mt19937 rng(1);
  std::uniform_int_distribution<int64_t> days(0, 30);
  std::uniform_int_distribution<int64_t> hours(0, 60);
  const StartPolicy policies[] = {
      StartPolicy(), {.late_day_policy = LateDayPolicy::kNoEffect}};
  for (int i = 0; i < 800; ++i) {
    const absl::Time accepted = RandomMinute(rng);
    const StartPolicy& policy = policies[i % 2];
    const Limit in_days = Limit::WorkingDays(days(rng));
    const Limit in_hours = Limit::WorkingHours(hours(rng));
    ASSERT_EQ(Due(accepted, in_days, kDays, cal, policy).due,
              naive.DueTime(accepted, in_days, kDays, policy));
    ASSERT_EQ(Due(accepted, in_days, kHours, cal, policy).due,
              naive.DueTime(accepted, in_days, kHours, policy));
    ASSERT_EQ(Due(accepted, in_hours, kHours, cal, policy).due,
              naive.DueTime(accepted, in_hours, kHours, policy))
        << absl::FormatTime(accepted, core::VietnamZone());
  }
}

TEST(DeadlinePropertyTest, MonotonicInAcceptanceTimeAndDuration) {
  const Calendar& cal = PublicSector();
  std::mt19937 rng(2);
  std::uniform_int_distribution<int64_t> seconds(0, 60 * 60 * 24 * 10);
  std::uniform_int_distribution<int64_t> days(0, 40);
  for (int i = 0; i < 20000; ++i) {
    const absl::Time t1 = RandomMinute(rng) + absl::Seconds(seconds(rng) % 60);
    const absl::Time t2 = t1 + absl::Seconds(seconds(rng));
    int64_t n1 = days(rng);
    int64_t n2 = days(rng);
    if (n1 > n2) std::swap(n1, n2);
    for (CountingMode mode : {kDays, kHours}) {
      const absl::Time a = Due(t1, Limit::WorkingDays(n1), mode, cal).due;
      ASSERT_LE(a, Due(t2, Limit::WorkingDays(n1), mode, cal).due);
      ASSERT_LE(a, Due(t1, Limit::WorkingDays(n2), mode, cal).due);
    }
    const absl::Duration h1 = absl::Seconds(seconds(rng));
    const absl::Duration h2 = h1 + absl::Seconds(seconds(rng));
    ASSERT_LE(Due(t1, Limit::WorkingTime(h1), kHours, cal).due,
              Due(t1, Limit::WorkingTime(h2), kHours, cal).due);
  }
}

TEST(DeadlinePropertyTest, HoursModeSpendsExactlyTheLimit) {
  const Calendar& cal = PublicSector();
  std::mt19937 rng(3);
  std::uniform_int_distribution<int64_t> seconds(0, 60 * 60 * 8 * 20);
  for (int i = 0; i < 20000; ++i) {
    const absl::Time accepted = RandomMinute(rng);
    const absl::Duration limit = absl::Seconds(seconds(rng));
    const Deadline d = Due(accepted, Limit::WorkingTime(limit), kHours, cal);
    ASSERT_EQ(*WorkingTimeBetween(cal, d.counting_start, d.due), limit);
    ASSERT_EQ(d.total_working_time, limit);
    ASSERT_GE(d.due, accepted);
  }
}

}  // namespace
}  // namespace giamsat::calendar
