// The StateStore contract on a real Redis, plus connection failures.
#include "common/redis/redis_state_store.h"

#include <gmock/gmock.h>

#include "tests/support/state_store_contract.inc"

namespace giamsat::store {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<StateStore> MakeRedisStore(const std::string& prefix) {
  static auto* registry = new prometheus::Registry();
  config::RedisConfig config;
  config.address = testing::RedisAddress();
  auto store =
      redis::RedisStateStore::Connect(config, KeyLayout(prefix), *registry);
  EXPECT_TRUE(store.ok()) << store.status();
  if (!store.ok()) return nullptr;
  return std::move(*store);
}

INSTANTIATE_TEST_SUITE_P(Redis, StateStoreContract,
                         ::testing::Values(&MakeRedisStore));

TEST(RedisStateStoreTest, UnreachableServerIsUnavailableNamingTheAddress) {
  prometheus::Registry registry;
  config::RedisConfig config;
  config.address = "127.0.0.1:1";  // nothing listens on port 1
  auto store =
      redis::RedisStateStore::Connect(config, KeyLayout("x:"), registry);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(store.status().message(),
              HasSubstr("cannot reach Redis at 127.0.0.1:1"));
}

TEST(RedisStateStoreTest, LargeBatchIsAtomicAndCounted) {
  const std::string p = testing::UniquePrefix();
  auto store = MakeRedisStore(p);
  ASSERT_NE(store, nullptr);
  WriteBatch batch;
  for (int i = 0; i < 5000; ++i) batch.HashIncrement(p + "big", "n", 1);
  batch.UpdateOffset({p + "t", 0, -1, 5000});
  ASSERT_EQ(*store->Commit(batch), CommitOutcome::kApplied);
  EXPECT_EQ(store->GetHashes({p + "big"})->at(0).at("n"), "5000");
}

}  // namespace
}  // namespace giamsat::store
