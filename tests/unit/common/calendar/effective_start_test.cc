#include "common/calendar/effective_start.h"

#include <random>

#include "common/calendar/working_time.h"
#include "gtest/gtest.h"
#include "tests/unit/common/calendar/test_calendars.h"

namespace giamsat::calendar {
namespace {

using ::giamsat::calendar::testing::PublicSector;
using ::giamsat::calendar::testing::Vn;

const StartPolicy kCutoff;  // 15:00, next working day
const StartPolicy kNoCutoff{.late_day_policy = LateDayPolicy::kNoEffect};

EffectiveStartResult Start(absl::Time t, const StartPolicy& p = kCutoff) {
  absl::StatusOr<EffectiveStartResult> r = EffectiveStart(PublicSector(), t, p);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.value_or(EffectiveStartResult{});
}

TEST(EffectiveStartTest, DuringOfficeHoursBeforeTheCutoffIsUnchanged) {
  const EffectiveStartResult r = Start(Vn(2026, 3, 2, 10, 15));
  EXPECT_EQ(r.start, Vn(2026, 3, 2, 10, 15));
  EXPECT_EQ(r.adjustment, StartAdjustment::kNone);
}

TEST(EffectiveStartTest, ExactlyAtTheCutoffIsNotLate) {
  EXPECT_EQ(Start(Vn(2026, 3, 2, 15)).start, Vn(2026, 3, 2, 15));
  const EffectiveStartResult late = Start(Vn(2026, 3, 2, 15, 0, 1));
  EXPECT_EQ(late.start, Vn(2026, 3, 3, 8));
  EXPECT_EQ(late.adjustment, StartAdjustment::kAfterCutoff);
  // With the cut-off disabled the clock starts at once.
  EXPECT_EQ(Start(Vn(2026, 3, 2, 16), kNoCutoff).start, Vn(2026, 3, 2, 16));
}

TEST(EffectiveStartTest, CutoffIsConfigurable) {
  const StartPolicy at_1630{.cutoff = absl::Hours(16) + absl::Minutes(30)};
  EXPECT_EQ(Start(Vn(2026, 3, 2, 16), at_1630).start, Vn(2026, 3, 2, 16));
  EXPECT_EQ(Start(Vn(2026, 3, 2, 16, 31), at_1630).start, Vn(2026, 3, 3, 8));
}

TEST(EffectiveStartTest, LunchBreakSnapsToOneInTheAfternoon) {
  for (absl::Time t : {Vn(2026, 3, 2, 12), Vn(2026, 3, 2, 12, 30),
                       Vn(2026, 3, 2, 12, 59, 59)}) {
    const EffectiveStartResult r = Start(t);
    EXPECT_EQ(r.start, Vn(2026, 3, 2, 13));
    EXPECT_EQ(r.adjustment, StartAdjustment::kBreak);
  }
  EXPECT_EQ(Start(Vn(2026, 3, 2, 13)).adjustment, StartAdjustment::kNone);
  EXPECT_EQ(Start(Vn(2026, 3, 2, 11, 59, 59)).adjustment,
            StartAdjustment::kNone);
}

TEST(EffectiveStartTest, AtCloseOfBusinessAndAtMidnight) {
  // 17:00 is outside office hours (segments are half-open).
  EffectiveStartResult r = Start(Vn(2026, 3, 2, 17), kNoCutoff);
  EXPECT_EQ(r.start, Vn(2026, 3, 3, 8));
  EXPECT_EQ(r.adjustment, StartAdjustment::kAfterClosing);
  // With the cut-off active, 17:00 is reported as after closing too.
  EXPECT_EQ(Start(Vn(2026, 3, 2, 17)).adjustment,
            StartAdjustment::kAfterClosing);
  r = Start(Vn(2026, 3, 3, 0, 0));
  EXPECT_EQ(r.start, Vn(2026, 3, 3, 8));
  EXPECT_EQ(r.adjustment, StartAdjustment::kBeforeOpening);
  // Midnight opening a day off.
  r = Start(Vn(2026, 4, 25, 0, 0));
  EXPECT_EQ(r.start, Vn(2026, 4, 28, 8));
  EXPECT_EQ(r.adjustment, StartAdjustment::kNonWorkingDay);
}

TEST(EffectiveStartTest, WorkedSaturdayIsAWorkingDay) {
  EXPECT_EQ(Start(Vn(2026, 1, 10, 9)).start, Vn(2026, 1, 10, 9));
  // Fri 09/01 16:00 after the cut-off: the next working day is Sat 10/01.
  EXPECT_EQ(Start(Vn(2026, 1, 9, 16)).start, Vn(2026, 1, 10, 8));
  // The cut-off also applies on the worked Saturday itself.
  EXPECT_EQ(Start(Vn(2026, 1, 10, 15, 30)).start, Vn(2026, 1, 12, 8));
}

TEST(EffectiveStartTest, FridayBeforeTetAfterTheCutoffStartsAfterTet) {
  const EffectiveStartResult r = Start(Vn(2026, 2, 13, 16, 59));
  EXPECT_EQ(r.start, Vn(2026, 2, 23, 8));
  EXPECT_EQ(r.adjustment, StartAdjustment::kAfterCutoff);
}

TEST(EffectiveStartTest, OutsideCoverageIsOutOfRange) {
  EXPECT_EQ(EffectiveStart(PublicSector(), Vn(2028, 1, 3, 9), kCutoff)
                .status()
                .code(),
            absl::StatusCode::kOutOfRange);
  // Fri 31/12/2027 after the cut-off needs 2028.
  EXPECT_EQ(EffectiveStart(PublicSector(), Vn(2027, 12, 31, 16), kCutoff)
                .status()
                .code(),
            absl::StatusCode::kOutOfRange);
}

TEST(EffectiveStartPropertyTest, AlwaysAWorkingInstantNeverEarlier) {
  const Calendar& cal = PublicSector();
  std::mt19937 rng(15);
  std::uniform_int_distribution<int64_t> seconds(0, 3 * 365 * 86400);
  for (int i = 0; i < 50000; ++i) {
    const absl::Time t = Vn(2024, 1, 1) + absl::Seconds(seconds(rng));
    for (const StartPolicy& p : {kCutoff, kNoCutoff}) {
      const EffectiveStartResult r = *EffectiveStart(cal, t, p);
      ASSERT_TRUE(*IsWorkingInstant(cal, r.start));
      ASSERT_GE(r.start, t);
      ASSERT_EQ(r.adjustment == StartAdjustment::kNone, r.start == t);
      // Only the late-day rule may skip working time.
      if (r.adjustment != StartAdjustment::kAfterCutoff) {
        ASSERT_EQ(*WorkingTimeBetween(cal, t, r.start), absl::ZeroDuration());
      }
    }
  }
}

}  // namespace
}  // namespace giamsat::calendar
