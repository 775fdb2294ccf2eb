#include "services/rules/timer_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <tuple>

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

TEST(TimerIndexTest, CancelThenSetReusesTheEntryWithoutRevivingTheOldTimer) {
  TimerIndex timers;
  timers.Set("d:A", kP0, kT0 + absl::Seconds(1));
  timers.Cancel("d:A");
  // "d:B" takes the entry "d:A" had; the item "d:A" left in the wheel is
  // stale and must not fire for it.
  timers.Set("d:B", kP1, kT0 + absl::Seconds(5));
  timers.Set("d:A", kP0, kT0 + absl::Seconds(9));
  EXPECT_THAT(timers.Due(kT0 + absl::Seconds(4), 10), IsEmpty());
  EXPECT_THAT(Subjects(timers.Due(kT0 + absl::Seconds(5), 10)),
              ElementsAre("d:B"));
  std::vector<TimerEntry> fired = timers.Due(kT0 + absl::Seconds(9), 10);
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0].subject, "d:B");
  EXPECT_EQ(fired[0].partition, kP1);
  EXPECT_EQ(fired[1].subject, "d:A");
  EXPECT_EQ(fired[1].partition, kP0);
  EXPECT_EQ(fired[1].due, kT0 + absl::Seconds(9));
  EXPECT_EQ(timers.size(), 2u);
}

TEST(TimerIndexTest, ManyTimersInOneMillisecondComeOutInBatchesOfMax) {
  TimerIndex timers;
  const absl::Time due = kT0 + absl::Hours(5);
  for (int i = 0; i < 10000; ++i) timers.Set(absl::StrCat("d:", i), kP0, due);
  std::set<std::string> seen;
  while (true) {
    std::vector<TimerEntry> batch = timers.Due(due, 128);
    if (batch.empty()) break;
    ASSERT_LE(batch.size(), 128u);
    for (const TimerEntry& e : batch) {
      EXPECT_EQ(e.due, due);
      EXPECT_TRUE(seen.insert(e.subject).second) << e.subject;
      timers.Cancel(e.subject);
    }
  }
  EXPECT_EQ(seen.size(), 10000u);
  EXPECT_EQ(timers.size(), 0u);
}

TEST(TimerIndexTest, DueTimersNotCancelledStayFirstInTheirOrder) {
  TimerIndex timers;
  for (int i = 0; i < 6; ++i) {
    timers.Set(absl::StrCat("d:", i), kP0, kT0 + absl::Milliseconds(i));
  }
  EXPECT_THAT(Subjects(timers.Due(kT0 + absl::Seconds(1), 3)),
              ElementsAre("d:0", "d:1", "d:2"));
  timers.Cancel("d:1");
  EXPECT_THAT(Subjects(timers.Due(kT0 + absl::Seconds(1), 3)),
              ElementsAre("d:0", "d:2", "d:3"));
  timers.Cancel("d:0");
  timers.Cancel("d:3");
  EXPECT_THAT(Subjects(timers.Due(kT0 + absl::Seconds(1), 10)),
              ElementsAre("d:2", "d:4", "d:5"));
}

TEST(TimerIndexTest, SubjectsLongerThanTheInlineSpaceRoundTrip) {
  TimerIndex timers;
  const std::vector<std::string> subjects = {
      "d:", std::string(24, 'x'), std::string(25, 'y'),
      "d:000.00.20.H26-260101-0001-with-a-long-suffix", std::string(300, 'z')};
  for (size_t i = 0; i < subjects.size(); ++i) {
    timers.Set(subjects[i], kP0, kT0 + absl::Milliseconds(i));
  }
  timers.Cancel(std::string(25, 'y'));
  timers.Set(std::string(25, 'y'), kP1, kT0 + absl::Milliseconds(10));
  EXPECT_THAT(Subjects(timers.Due(kT0 + absl::Seconds(1), 10)),
              ElementsAre(subjects[0], subjects[1], subjects[3], subjects[4],
                          subjects[2]));
  timers.Clear();
  EXPECT_EQ(timers.size(), 0u);
}

// Moving timers again and again leaves stale items in the wheel; they are
// dropped before they outnumber the pending timers by much.
TEST(TimerIndexTest, StaleItemsAreCompacted) {
  TimerIndex timers;
  const int kSubjects = 1000;
  for (int round = 0; round < 30; ++round) {
    for (int i = 0; i < kSubjects; ++i) {
      timers.Set(absl::StrCat("d:", i), kP0,
                 kT0 + absl::Hours(24 * (1 + round)) + absl::Milliseconds(i));
    }
    ASSERT_LE(timers.item_count(), 2u * kSubjects + 4096 + 1);
  }
  EXPECT_EQ(timers.size(), static_cast<size_t>(kSubjects));
  // Only the latest time of each subject fires.
  EXPECT_THAT(timers.Due(kT0 + absl::Hours(24 * 30) - absl::Milliseconds(1),
                         2 * kSubjects),
              IsEmpty());
  std::vector<TimerEntry> fired =
      timers.Due(kT0 + absl::Hours(24 * 31), 2 * kSubjects);
  ASSERT_EQ(fired.size(), static_cast<size_t>(kSubjects));
  for (int i = 0; i < kSubjects; ++i) {
    EXPECT_EQ(fired[i].subject, absl::StrCat("d:", i));
    EXPECT_EQ(fired[i].due, kT0 + absl::Hours(24 * 30) + absl::Milliseconds(i));
  }
  // Cancelling everything leaves the wheel almost empty once compacted.
  for (int i = 0; i < kSubjects; ++i) timers.Cancel(absl::StrCat("d:", i));
  EXPECT_EQ(timers.size(), 0u);
  EXPECT_THAT(timers.Due(kT0 + absl::Hours(24 * 400), 10), IsEmpty());
  EXPECT_EQ(timers.item_count(), 0u);
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
    const uint64_t n = rng() % 500;
    // Some subjects too long to be kept inline.
    const std::string subject = n % 3 == 0
                                    ? absl::StrCat("d:000.00.20.H26-260101-", n)
                                    : absl::StrCat("d:", n);
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

// Apply() makes a batch's changes in order, exactly as Set and Cancel one by
// one would, including a subject changed several times in one batch.
TEST(TimerIndexTest, ApplyMakesTheSameChangesAsSetAndCancelInOrder) {
  std::mt19937_64 rng(7);
  TimerIndex batched;
  TimerIndex one_by_one;
  int64_t now = absl::ToUnixMillis(kT0);
  for (int round = 0; round < 200; ++round) {
    std::vector<TimerChange> changes;
    const size_t n = rng() % 70;  // batches both shorter and longer than
                                  // Apply's look-ahead
    for (size_t i = 0; i < n; ++i) {
      const uint64_t k = rng() % 300;
      std::string subject = k % 4 == 0
                                ? absl::StrCat("f:000.00.20.H26-260101-", k)
                                : absl::StrCat("d:", k);
      std::optional<absl::Time> due;
      if (rng() % 3 != 0) {
        due = absl::FromUnixMillis(now + static_cast<int64_t>(rng() % 5000));
      }
      changes.push_back({std::move(subject), k % 2 == 0 ? kP0 : kP1, due});
    }
    batched.Apply(changes);
    for (const TimerChange& c : changes) {
      if (c.due.has_value()) {
        one_by_one.Set(c.subject, c.tp, *c.due);
      } else {
        one_by_one.Cancel(c.subject);
      }
    }
    now += static_cast<int64_t>(rng() % 2000);
    const auto key = [](const std::vector<TimerEntry>& due) {
      std::set<std::tuple<std::string, std::string, int, int64_t>> out;
      for (const TimerEntry& e : due) {
        out.insert({e.subject, e.partition.topic, e.partition.partition,
                    absl::ToUnixMillis(e.due)});
      }
      return out;
    };
    const absl::Time t = absl::FromUnixMillis(now);
    ASSERT_EQ(key(batched.Due(t, 1000)), key(one_by_one.Due(t, 1000)))
        << "round " << round;
    ASSERT_EQ(batched.size(), one_by_one.size()) << "round " << round;
  }
  EXPECT_GT(batched.size(), 0u);
}

}  // namespace
}  // namespace giamsat::rules
