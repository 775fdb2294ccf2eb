// The DedupStore contract on the embedded RocksDB store, plus expiry on the
// injected clock and durability across reopening.
#include "common/embedded/embedded_dedup_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "common/testing/fake_clock.h"

namespace giamsat::dedup {
namespace {

std::string TempDir() {
  std::string tmpl =
      (std::filesystem::temp_directory_path() / "gs-dedup-XXXXXX").string();
  return mkdtemp(tmpl.data());
}

class DedupContractTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Open() {
    store_.reset();
    auto db = embedded::EmbeddedDb::Open(dir_, {});
    ASSERT_TRUE(db.ok()) << db.status();
    store_ = std::make_unique<embedded::EmbeddedDedupStore>(
        *db, clock_, absl::Hours(1), absl::Minutes(1));
  }
  DedupStore& store() { return *store_; }
  std::string dir_ = TempDir();
  testing::FakeClock clock_{absl::UnixEpoch()};
  std::unique_ptr<embedded::EmbeddedDedupStore> store_;
};

#include "tests/unit/common/dedup/dedup_store_contract.inc"

TEST_F(DedupContractTest, PendingAndDoneExpireOnTheClock) {
  ASSERT_TRUE(store_->Claim({{"p", "f"}, {"d", "f"}}).ok());
  ASSERT_TRUE(store_->Confirm({{"d", "f"}}).ok());
  clock_.Advance(absl::Minutes(1));
  EXPECT_THAT(States(store_->Claim({{"p", "f"}, {"d", "f"}})),
              ::testing::ElementsAre(ClaimState::kClaimed, ClaimState::kDone));
  clock_.Advance(absl::Hours(1));
  EXPECT_THAT(States(store_->Claim({{"d", "f"}})),
              ::testing::ElementsAre(ClaimState::kClaimed));
}

TEST_F(DedupContractTest, ConfirmedIdsSurviveReopening) {
  ASSERT_TRUE(store_->Claim({{"a", "fa"}, {"b", "fb"}}).ok());
  ASSERT_TRUE(store_->Confirm({{"a", "fa"}}).ok());
  Open();
  auto r = store_->Claim({{"a", "fa"}, {"b", "fb"}});
  EXPECT_THAT(States(r),
              ::testing::ElementsAre(ClaimState::kDone, ClaimState::kPending));
  EXPECT_EQ((*r)[0].fingerprint, "fa");
}

TEST_F(DedupContractTest, PurgeDropsOnlyExpiredIds) {
  ASSERT_TRUE(store_->Claim({{"p", "f"}, {"d", "f"}}).ok());
  ASSERT_TRUE(store_->Confirm({{"d", "f"}}).ok());
  clock_.Advance(absl::Minutes(2));
  EXPECT_EQ(*store_->Purge(), 1u);
  EXPECT_THAT(States(store_->Claim({{"d", "f"}})),
              ::testing::ElementsAre(ClaimState::kDone));
}

TEST_F(DedupContractTest, ReleaseAllPendingKeepsDoneIds) {
  ASSERT_TRUE(store_->Claim({{"p", "f"}, {"d", "f"}}).ok());
  ASSERT_TRUE(store_->Confirm({{"d", "f"}}).ok());
  Open();  // a restart: the claimer of "p" is gone
  EXPECT_EQ(*store_->ReleaseAllPending(), 1u);
  EXPECT_THAT(States(store_->Claim({{"p", "f"}, {"d", "f"}})),
              ::testing::ElementsAre(ClaimState::kClaimed, ClaimState::kDone));
}

}  // namespace
}  // namespace giamsat::dedup
