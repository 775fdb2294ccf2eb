#include "common/dedup/in_memory_dedup_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/fake_clock.h"

namespace giamsat::dedup {
namespace {

class DedupContractTest : public ::testing::Test {
 protected:
  DedupStore& store() { return store_; }
  testing::FakeClock clock_{absl::UnixEpoch()};
  InMemoryDedupStore store_{clock_, absl::Hours(1), absl::Minutes(1)};
};

#include "tests/unit/common/dedup/dedup_store_contract.inc"

TEST_F(DedupContractTest, PendingAndDoneExpireOnTheClock) {
  ASSERT_TRUE(store_.Claim({{"p", "f"}, {"d", "f"}}).ok());
  ASSERT_TRUE(store_.Confirm({{"d", "f"}}).ok());
  clock_.Advance(absl::Minutes(1));
  EXPECT_THAT(States(store_.Claim({{"p", "f"}, {"d", "f"}})),
              ::testing::ElementsAre(ClaimState::kClaimed, ClaimState::kDone));
  clock_.Advance(absl::Hours(1));
  EXPECT_THAT(States(store_.Claim({{"d", "f"}})),
              ::testing::ElementsAre(ClaimState::kClaimed));
}

TEST_F(DedupContractTest, InjectedFailuresAreUnavailable) {
  store_.FailNextCalls(1);
  EXPECT_EQ(store_.Claim({{"a", "f"}}).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(store_.size(), 0u);
  EXPECT_TRUE(store_.Claim({{"a", "f"}}).ok());
}

}  // namespace
}  // namespace giamsat::dedup
