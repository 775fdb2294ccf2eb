#include "services/rules/hash_slots.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

namespace giamsat::rules {
namespace {

// Keys are the entry indices themselves; `hashes[entry]` is its hash.
struct Table {
  HashSlots slots;
  std::vector<uint64_t> hashes;

  uint32_t Add(uint64_t hash) {
    const uint32_t entry = static_cast<uint32_t>(hashes.size());
    hashes.push_back(hash);
    slots.Insert(hash, entry);
    return entry;
  }
  uint32_t Find(uint32_t entry) const {
    return slots.Find(hashes[entry], [&](uint32_t e) { return e == entry; });
  }
};

TEST(HashSlotsTest, FindsWhatWasInsertedAndNothingElse) {
  Table t;
  EXPECT_EQ(t.slots.Find(7, [](uint32_t) { return true; }), HashSlots::kNone);
  const uint32_t a = t.Add(0x1234);
  const uint32_t b = t.Add(0x5678);
  EXPECT_EQ(t.Find(a), a);
  EXPECT_EQ(t.Find(b), b);
  EXPECT_EQ(t.slots.size(), 2u);
  // Same hash as `a` but a different key: not found.
  EXPECT_EQ(t.slots.Find(0x1234, [&](uint32_t e) { return e == 99; }),
            HashSlots::kNone);
}

TEST(HashSlotsTest, EraseKeepsTheRestOfACollidingRunFindable) {
  Table t;
  // Five keys with the same hash, then two whose home is inside that run.
  std::vector<uint32_t> entries;
  for (int i = 0; i < 5; ++i) entries.push_back(t.Add(3));
  entries.push_back(t.Add(4));
  entries.push_back(t.Add(5));
  t.slots.Erase(3, entries[0]);
  t.slots.Erase(3, entries[2]);
  EXPECT_EQ(t.Find(entries[0]), HashSlots::kNone);
  EXPECT_EQ(t.Find(entries[2]), HashSlots::kNone);
  for (uint32_t e :
       {entries[1], entries[3], entries[4], entries[5], entries[6]}) {
    EXPECT_EQ(t.Find(e), e) << "entry " << e;
  }
  EXPECT_EQ(t.slots.size(), 5u);
  // Erasing what is not there changes nothing.
  t.slots.Erase(3, 12345);
  EXPECT_EQ(t.slots.size(), 5u);
}

TEST(HashSlotsTest, RunsWrapPastTheEndOfTheTable) {
  Table t;
  // The table starts at 16 slots: hashes 14 and 15 are its last two.
  const uint32_t a = t.Add(15);
  const uint32_t b = t.Add(15);  // wraps to slot 0
  const uint32_t c = t.Add(14);  // slot 14
  const uint32_t d = t.Add(14);  // wraps to slot 1
  t.slots.Erase(15, a);          // slots 0 and 1 shift back across the end
  EXPECT_EQ(t.Find(a), HashSlots::kNone);
  EXPECT_EQ(t.Find(b), b);
  EXPECT_EQ(t.Find(c), c);
  EXPECT_EQ(t.Find(d), d);
}

TEST(HashSlotsTest, ClearEmptiesTheTable) {
  Table t;
  const uint32_t a = t.Add(1);
  t.slots.Clear();
  EXPECT_EQ(t.slots.size(), 0u);
  EXPECT_EQ(t.Find(a), HashSlots::kNone);
}

// Random inserts and erases against a map, with hashes drawn from a small
// range so that runs are long, collide, wrap round and the table grows.
TEST(HashSlotsTest, MatchesAReferenceModelUnderRandomOperations) {
  std::mt19937_64 rng(20261130);
  Table t;
  std::map<uint32_t, uint64_t> live;  // entry -> hash
  for (int step = 0; step < 20000; ++step) {
    if (live.empty() || rng() % 3 != 0) {
      const uint64_t hash = (rng() % 1024) | (rng() % 4) << 32;
      const uint32_t e = t.Add(hash);
      live[e] = hash;
    } else {
      auto it = live.begin();
      std::advance(it, static_cast<long>(rng() % live.size()));
      t.slots.Erase(it->second, it->first);
      live.erase(it);
    }
    if (step % 197 != 0) continue;
    ASSERT_EQ(t.slots.size(), live.size());
    for (uint32_t e = 0; e < t.hashes.size(); ++e) {
      const uint32_t want = live.contains(e) ? e : HashSlots::kNone;
      ASSERT_EQ(t.Find(e), want) << "entry " << e << " at step " << step;
    }
  }
}

}  // namespace
}  // namespace giamsat::rules
