#include "services/rules/timer_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"

namespace giamsat::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const events::TopicPartition kP0{"dossiers", 0};
const events::TopicPartition kP1{"dossiers", 1};
const absl::Time kT0 = absl::FromUnixSeconds(1777000000);  // April 2026

std::vector<std::string> Subjects(const std::vector<TimerEntry>& due) {
  std::vector<std::string> out;
  for (const auto& e : due) out.push_back(e.subject);
  return out;
}

TEST(TimerIndexTest, DueAtTheExactMillisecondAndNotBefore) {
  TimerIndex timers;
  const absl::Time due = kT0 + absl::Milliseconds(1500);
  timers.Set("d:D1", kP1, due);
  EXPECT_THAT(timers.Due(due - absl::Milliseconds(1), 10), IsEmpty());
  std::vector<TimerEntry> fired = timers.Due(due, 10);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].subject, "d:D1");
  EXPECT_EQ(fired[0].partition, kP1);
  EXPECT_EQ(fired[0].due, due);
  // Not removed until Set or Cancel.
  EXPECT_EQ(timers.Due(due + absl::Hours(1), 10).size(), 1u);
  EXPECT_EQ(timers.size(), 1u);
  timers.Cancel("d:D1");
  EXPECT_THAT(timers.Due(due + absl::Hours(2), 10), IsEmpty());
  EXPECT_EQ(timers.size(), 0u);
}

TEST(TimerIndexTest, EarliestSecondFirstAndAtMostMax) {
  TimerIndex timers;
  timers.Set("c", kP0, kT0 + absl::Hours(30 * 24));
  timers.Set("a", kP0, kT0 + absl::Seconds(5));
  timers.Set("b", kP0, kT0 + absl::Hours(3));
  timers.Set("later", kP0, kT0 + absl::Hours(24 * 400));
  EXPECT_THAT(Subjects(timers.Due(kT0 + absl::Hours(24 * 31), 10)),
              ElementsAre("a", "b", "c"));
  EXPECT_THAT(Subjects(timers.Due(kT0 + absl::Hours(24 * 31), 2)),
              ElementsAre("a", "b"));
}

TEST(TimerIndexTest, SetMovesAnExistingTimerEvenOutOfTheDueList) {
  TimerIndex timers;
  timers.Set("d:D1", kP0, kT0);
  ASSERT_EQ(timers.Due(kT0 + absl::Minutes(1), 10).size(), 1u);
  timers.Set("d:D1", kP0, kT0 + absl::Hours(48));
  EXPECT_THAT(timers.Due(kT0 + absl::Hours(47), 10), IsEmpty());
  EXPECT_THAT(Subjects(timers.Due(kT0 + absl::Hours(48), 10)),
              ElementsAre("d:D1"));
  EXPECT_EQ(timers.size(), 1u);
}

TEST(TimerIndexTest, TimersInThePastAreDueAtOnce) {
  TimerIndex timers;
  ASSERT_THAT(timers.Due(kT0, 10), IsEmpty());
  timers.Set("old", kP0, kT0 - absl::Hours(24 * 365));
  EXPECT_THAT(Subjects(timers.Due(kT0, 10)), ElementsAre("old"));
}

TEST(TimerIndexTest, ClearForgetsEverything) {
  TimerIndex timers;
  timers.Set("a", kP0, kT0);
  timers.Clear();
  EXPECT_EQ(timers.size(), 0u);
  EXPECT_THAT(timers.Due(kT0 + absl::Hours(1), 10), IsEmpty());
  timers.Set("a", kP0, kT0);
  EXPECT_THAT(Subjects(timers.Due(kT0, 10)), ElementsAre("a"));
}

// Random Set / Cancel / clock moves against a plain map: the due set is
// always exactly the subjects whose time has come.
TEST(TimerIndexTest, MatchesAReferenceModelUnderRandomOperations) {
  std::mt19937_64 rng(20261130);
  TimerIndex timers;
  std::map<std::string, int64_t> model;  // subject -> due ms
  int64_t now = absl::ToUnixMillis(kT0);
  const int64_t kDay = 86400000;
  for (int step = 0; step < 20000; ++step) {
    const std::string subject = absl::StrCat("d:", rng() % 500);
    switch (rng() % 10) {
      case 0:
      case 1:
        timers.Cancel(subject);
        model.erase(subject);
        break;
      case 2: {  // clock moves: ms, minutes, days or a year
        const int64_t spans[] = {1, 60000, kDay, 365 * kDay};
        now += static_cast<int64_t>(rng() % spans[rng() % 4]);
        break;
      }
      default: {
        const int64_t spans[] = {1000, 3600000, 30 * kDay, 3 * 365 * kDay};
        const int64_t due =
            now - 3600000 + static_cast<int64_t>(rng() % spans[rng() % 4]);
        timers.Set(subject, kP0, absl::FromUnixMillis(due));
        model[subject] = due;
      }
    }
    if (step % 7 != 0) continue;
    std::vector<TimerEntry> due = timers.Due(absl::FromUnixMillis(now), 1000);
    std::set<std::string> got;
    for (const TimerEntry& e : due) got.insert(e.subject);
    std::set<std::string> expected;
    for (const auto& [s, d] : model) {
      if (d <= now) expected.insert(s);
    }
    ASSERT_EQ(got, expected) << "step " << step;
    ASSERT_EQ(timers.size(), model.size());
  }
}

}  // namespace
}  // namespace giamsat::rules
