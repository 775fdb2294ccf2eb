#include "common/calendar/working_time.h"

#include <random>

#include "gtest/gtest.h"
#include "tests/unit/common/calendar/naive_deadline.h"
#include "tests/unit/common/calendar/test_calendars.h"

namespace giamsat::calendar {
namespace {

using ::giamsat::calendar::testing::Day;
using ::giamsat::calendar::testing::NaiveCalendar;
using ::giamsat::calendar::testing::PublicSector;
using ::giamsat::calendar::testing::ShippedSpec;
using ::giamsat::calendar::testing::Vn;

TEST(WorkingTimeTest, BetweenSkipsLunchNightsWeekendsAndHolidays) {
  const Calendar& cal = PublicSector();
  EXPECT_EQ(*WorkingTimeBetween(cal, Vn(2026, 3, 2, 10), Vn(2026, 3, 2, 15)),
            absl::Hours(4));
  // Fri 13/02 16:00 to Mon 23/02 09:00 across the Tết break: 1 h + 1 h.
  EXPECT_EQ(*WorkingTimeBetween(cal, Vn(2026, 2, 13, 16), Vn(2026, 2, 23, 9)),
            absl::Hours(2));
  EXPECT_EQ(*WorkingTimeBetween(cal, Vn(2026, 2, 23, 9), Vn(2026, 2, 13, 16)),
            -absl::Hours(2));
  // The worked Saturday 10/01/2026 counts 8 h.
  EXPECT_EQ(*WorkingTimeBetween(cal, Vn(2026, 1, 10), Vn(2026, 1, 11)),
            absl::Hours(8));
}

TEST(WorkingTimeTest, AddEndsAtTheEarliestInstant) {
  const Calendar& cal = PublicSector();
  // 4 h from 08:00 ends at 12:00, not 13:00; 8 h ends at 17:00 the same day.
  EXPECT_EQ(*AddWorkingTime(cal, Vn(2026, 3, 2, 8), absl::Hours(4)),
            Vn(2026, 3, 2, 12));
  EXPECT_EQ(*AddWorkingTime(cal, Vn(2026, 3, 2, 8), absl::Hours(8)),
            Vn(2026, 3, 2, 17));
  EXPECT_EQ(*AddWorkingTime(cal, Vn(2026, 3, 2, 11, 30), absl::Hours(1)),
            Vn(2026, 3, 2, 13, 30));
  EXPECT_EQ(*AddWorkingTime(cal, Vn(2026, 3, 2, 16, 59), absl::Minutes(2)),
            Vn(2026, 3, 3, 8, 1));
  // Adding zero returns the instant itself, even outside office hours.
  EXPECT_EQ(*AddWorkingTime(cal, Vn(2026, 3, 1, 3), absl::ZeroDuration()),
            Vn(2026, 3, 1, 3));
}

TEST(WorkingTimeTest, SubtractEndsAtTheLatestInstant) {
  const Calendar& cal = PublicSector();
  EXPECT_EQ(*SubtractWorkingTime(cal, Vn(2026, 3, 2, 17), absl::Hours(4)),
            Vn(2026, 3, 2, 13));
  EXPECT_EQ(*SubtractWorkingTime(cal, Vn(2026, 3, 3, 9), absl::Hours(1)),
            Vn(2026, 3, 3, 8));
  EXPECT_EQ(*SubtractWorkingTime(cal, Vn(2026, 3, 3, 9), absl::Hours(2)),
            Vn(2026, 3, 2, 16));
  // Back over the Tết break.
  EXPECT_EQ(*SubtractWorkingTime(cal, Vn(2026, 2, 23, 9), absl::Hours(2)),
            Vn(2026, 2, 13, 16));
}

TEST(WorkingTimeTest, CrossesIntoTheNextYear) {
  const Calendar& cal = PublicSector();
  // Thu 31/12/2026 16:00 + 2 h: Fri 01/01/2027 is New Year's Day (2027 is
  // provisional), so Mon 04/01/2027 09:00.
  EXPECT_EQ(*AddWorkingTime(cal, Vn(2026, 12, 31, 16), absl::Hours(2)),
            Vn(2027, 1, 4, 9));
}

TEST(WorkingTimeTest, ErrorsOutsideCoverageAndForBadArguments) {
  const Calendar& cal = PublicSector();
  EXPECT_EQ(
      AddWorkingTime(cal, Vn(2027, 12, 31, 9), absl::Hours(16)).status().code(),
      absl::StatusCode::kOutOfRange);
  EXPECT_EQ(SubtractWorkingTime(cal, Vn(2024, 1, 2, 9), absl::Hours(2))
                .status()
                .code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(
      WorkingTimeBetween(cal, Vn(2023, 12, 29), Vn(2024, 1, 2)).status().code(),
      absl::StatusCode::kOutOfRange);
  EXPECT_EQ(
      AddWorkingTime(cal, Vn(2026, 3, 2, 9), -absl::Hours(1)).status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AddWorkingTime(cal, absl::InfiniteFuture(), absl::Hours(1))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AddWorkingTime(cal, Vn(2026, 3, 2, 9), absl::Hours(1000000))
                .status()
                .code(),
            absl::StatusCode::kOutOfRange);
}

TEST(WorkingTimeTest, DayHelpers) {
  const Calendar& cal = PublicSector();
  EXPECT_EQ(*NthWorkingDayAfter(cal, Day(2026, 4, 24), 1), Day(2026, 4, 28));
  EXPECT_EQ(*NthWorkingDayAfter(cal, Day(2026, 4, 24), 3), Day(2026, 5, 4));
  EXPECT_EQ(*WorkingDayOnOrAfter(cal, Day(2026, 4, 25)), Day(2026, 4, 28));
  EXPECT_EQ(*WorkingDayOnOrAfter(cal, Day(2026, 4, 28)), Day(2026, 4, 28));
  EXPECT_EQ(*PreviousWorkingDay(cal, Day(2026, 5, 4)), Day(2026, 4, 29));
  EXPECT_EQ(*WorkingDaysAfterUntil(cal, Day(2026, 4, 24), Day(2026, 5, 4)), 3);
  EXPECT_EQ(*WorkingDaysAfterUntil(cal, Day(2026, 5, 4), Day(2026, 4, 24)), 0);
  EXPECT_EQ(*CloseOfBusiness(cal, Day(2026, 1, 10)), Vn(2026, 1, 10, 17));
  EXPECT_EQ(*OpeningOf(cal, Day(2026, 1, 10)), Vn(2026, 1, 10, 8));
  EXPECT_EQ(CloseOfBusiness(cal, Day(2026, 1, 11)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(*NextWorkingInstant(cal, Vn(2026, 4, 24, 17)), Vn(2026, 4, 28, 8));
  EXPECT_TRUE(*IsWorkingInstant(cal, Vn(2026, 4, 24, 16, 59, 59)));
  EXPECT_FALSE(*IsWorkingInstant(cal, Vn(2026, 4, 24, 12)));
  EXPECT_EQ(PreviousWorkingDay(cal, Day(2024, 1, 2)).status().code(),
            absl::StatusCode::kOutOfRange);
}

// A random instant in 2024-2027, at second resolution.
absl::Time RandomInstant(std::mt19937& rng) {
  std::uniform_int_distribution<int64_t> seconds(
      0, (Day(2027, 10, 1) - Day(2024, 1, 1)) * int64_t{86400});
  return Vn(2024, 1, 1) + absl::Seconds(seconds(rng));
}

absl::Time RandomMinute(std::mt19937& rng) {
  const absl::Time origin = Vn(2024, 1, 1);
  return origin + absl::Floor(RandomInstant(rng) - origin, absl::Minutes(1));
}

TEST(WorkingTimePropertyTest, AddThenSubtractReturnsTheWorkingStart) {
  const Calendar& cal = PublicSector();
  std::mt19937 rng(20260424);
  std::uniform_int_distribution<int64_t> minutes(1, 60 * 8 * 40);
  for (int i = 0; i < 20000; ++i) {
    const absl::Time start = *NextWorkingInstant(cal, RandomInstant(rng));
    const absl::Duration amount =
        absl::Minutes(minutes(rng)) + absl::Seconds(i % 7);
    const absl::Time end = *AddWorkingTime(cal, start, amount);
    ASSERT_EQ(*WorkingTimeBetween(cal, start, end), amount);
    ASSERT_EQ(*SubtractWorkingTime(cal, end, amount), start)
        << absl::FormatTime(start, core::VietnamZone()) << " + " << amount;
  }
}

TEST(WorkingTimePropertyTest, BetweenIsAdditive) {
  const Calendar& cal = PublicSector();
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const absl::Time a = RandomInstant(rng);
    const absl::Time b = RandomInstant(rng);
    const absl::Time c = RandomInstant(rng);
    ASSERT_EQ(*WorkingTimeBetween(cal, a, b) + *WorkingTimeBetween(cal, b, c),
              *WorkingTimeBetween(cal, a, c));
  }
}

TEST(WorkingTimePropertyTest, MatchesTheMinuteByMinuteReference) {
  const Calendar& cal = PublicSector();
  const NaiveCalendar naive(ShippedSpec());
  std::mt19937 rng(42);
  std::uniform_int_distribution<int64_t> span(0, 60 * 24 * 20);
  for (int i = 0; i < 300; ++i) {
    const absl::Time a = RandomMinute(rng);
    const absl::Time b = a + absl::Minutes(span(rng));
    ASSERT_EQ(*WorkingTimeBetween(cal, a, b), naive.WorkingTimeBetween(a, b));
  }
}

TEST(WorkingTimePropertyTest, SeasonalHoursMatchTheReference) {
  CalendarSpec spec = ShippedSpec();
  SeasonalHours summer{.name = "summer",
                       .from_month = 4,
                       .from_day = 15,
                       .to_month = 10,
                       .to_day = 14,
                       .hours = *DaySchedule::Parse(
                           {"07:00-11:30", "13:30-16:30", "16:45-17:00"})};
  spec.office_hours.seasonal.push_back(summer);
  const Calendar cal = *Calendar::Build(spec);
  const NaiveCalendar naive(spec);
  std::mt19937 rng(99);
  std::uniform_int_distribution<int64_t> span(0, 60 * 24 * 30);
  std::uniform_int_distribution<int64_t> minutes(1, 60 * 8 * 25);
  for (int i = 0; i < 300; ++i) {
    const absl::Time a = RandomMinute(rng);
    const absl::Time b = a + absl::Minutes(span(rng));
    ASSERT_EQ(*WorkingTimeBetween(cal, a, b), naive.WorkingTimeBetween(a, b));
    const absl::Time start = *NextWorkingInstant(cal, a);
    const absl::Duration amount = absl::Minutes(minutes(rng));
    const absl::Time end = *AddWorkingTime(cal, start, amount);
    ASSERT_EQ(naive.WorkingTimeBetween(start, end), amount);
    ASSERT_EQ(*SubtractWorkingTime(cal, end, amount), start);
  }
}

}  // namespace
}  // namespace giamsat::calendar
