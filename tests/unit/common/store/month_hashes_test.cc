#include "common/store/month_hashes.h"

#include <gtest/gtest.h>

#include "common/store/memory_state_store.h"
#include "common/testing/fake_clock.h"

namespace giamsat::store {
namespace {

// 2026-07-31 20:00 UTC is already 1 August in Vietnam.
const absl::Time kNow = absl::FromUnixSeconds(1785528000);

TEST(MonthHashesTest, EmptyStoreIsCompleteFromTheStart) {
  MemoryStateStore store;
  KeyLayout layout("gs:");
  testing::FakeClock clock(kNow);
  auto marked = MarkMonthHashes(store, layout, clock);
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(*marked, absl::CivilMonth(1, 1));
  EXPECT_EQ(**MonthHashesFrom(store, layout), absl::CivilMonth(1, 1));
}

TEST(MonthHashesTest, ExistingStateIsCompleteFromNextVietnamMonthAndKept) {
  MemoryStateStore store;
  KeyLayout layout("gs:");
  WriteBatch b;
  b.HashPut(layout.Units(), "U1", "1");
  ASSERT_TRUE(store.Commit(b).ok());
  testing::FakeClock clock(kNow);
  EXPECT_FALSE(MonthHashesFrom(store, layout)->has_value());
  EXPECT_EQ(*MarkMonthHashes(store, layout, clock), absl::CivilMonth(2026, 9));
  clock.Advance(absl::Hours(24 * 60));  // a later start keeps the marker
  EXPECT_EQ(*MarkMonthHashes(store, layout, clock), absl::CivilMonth(2026, 9));
}

}  // namespace
}  // namespace giamsat::store
