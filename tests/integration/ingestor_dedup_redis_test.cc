// RedisDedupStore against the real Redis: the DedupStore contract, expiry
// and a server that cannot be reached.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/dedup/redis_dedup_store.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_env.h"

namespace giamsat::dedup {
namespace {

config::RedisConfig TestRedis() {
  config::RedisConfig c;
  c.address = testing::RedisAddress();
  c.key_prefix = testing::UniquePrefix();
  return c;
}

class DedupContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = RedisDedupStore::Connect(TestRedis(), absl::Hours(1),
                                      absl::Minutes(1), registry_);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(*s);
  }
  DedupStore& store() { return *store_; }
  prometheus::Registry registry_;
  std::unique_ptr<RedisDedupStore> store_;
};

#include "tests/unit/common/dedup/dedup_store_contract.inc"

TEST(RedisDedupStoreTest, PendingClaimsAndDoneIdsExpire) {
  prometheus::Registry registry;
  auto s = RedisDedupStore::Connect(TestRedis(), absl::Milliseconds(300),
                                    absl::Milliseconds(100), registry);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE((*s)->Claim({{"p", "f"}, {"d", "f"}}).ok());
  ASSERT_TRUE((*s)->Confirm({{"d", "f"}}).ok());
  EXPECT_TRUE(testing::Eventually(
      [&] {
        auto r = (*s)->Claim({{"p", "f"}});
        return r.ok() && (*r)[0].state == ClaimState::kClaimed;
      },
      absl::Seconds(5)));
  EXPECT_TRUE(testing::Eventually(
      [&] {
        auto r = (*s)->Claim({{"d", "f"}});
        return r.ok() && (*r)[0].state == ClaimState::kClaimed;
      },
      absl::Seconds(5)));
}

TEST(RedisDedupStoreTest, ManyIdsInOneRoundTrip) {
  prometheus::Registry registry;
  auto s = RedisDedupStore::Connect(TestRedis(), absl::Hours(1),
                                    absl::Minutes(1), registry);
  ASSERT_TRUE(s.ok());
  std::vector<DedupEntry> entries;
  for (int i = 0; i < 5000; ++i) entries.push_back({std::to_string(i), "f"});
  auto r = (*s)->Claim(entries);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 5000u);
  ASSERT_TRUE((*s)->Confirm(entries).ok());
  r = (*s)->Claim(entries);
  ASSERT_TRUE(r.ok());
  for (const auto& c : *r) EXPECT_EQ(c.state, ClaimState::kDone);
}

TEST(RedisDedupStoreTest, UnreachableServerIsUnavailableNamingIt) {
  prometheus::Registry registry;
  config::RedisConfig c;
  c.address = "127.0.0.1:1";
  auto s =
      RedisDedupStore::Connect(c, absl::Hours(1), absl::Minutes(1), registry);
  EXPECT_EQ(s.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(s.status().message(),
              ::testing::HasSubstr("cannot reach Redis at 127.0.0.1:1"));
}

}  // namespace
}  // namespace giamsat::dedup
