// The StateStore contract on a real Redis, plus connection failures.
#include "common/redis/redis_state_store.h"

#include <gmock/gmock.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "tests/support/state_store_contract.inc"

namespace giamsat::store {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<StateStore> MakeStore(const std::string& prefix,
                                      int pool_size) {
  static auto* registry = new prometheus::Registry();
  config::RedisConfig config;
  config.address = testing::RedisAddress();
  config.pool_size = pool_size;
  auto store =
      redis::RedisStateStore::Connect(config, KeyLayout(prefix), *registry);
  EXPECT_TRUE(store.ok()) << store.status();
  if (!store.ok()) return nullptr;
  return std::move(*store);
}

std::unique_ptr<StateStore> MakeRedisStore(const std::string& prefix) {
  return MakeStore(prefix, 1);
}

// giamsat-query's default: calls share four connections.
std::unique_ptr<StateStore> MakePooledRedisStore(const std::string& prefix) {
  return MakeStore(prefix, 4);
}

INSTANTIATE_TEST_SUITE_P(Redis, StateStoreContract,
                         ::testing::Values(&MakeRedisStore,
                                           &MakePooledRedisStore));

TEST(RedisStateStoreTest, PooledConnectionsServeConcurrentCalls) {
  const std::string p = testing::UniquePrefix();
  auto store = MakeStore(p, 3);
  ASSERT_NE(store, nullptr);
  constexpr int kThreads = 8;
  constexpr int kCalls = 100;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i) {
        WriteBatch b;
        b.HashIncrement(p + "n", "calls", 1);
        b.Put(p + "last:" + std::to_string(t), std::to_string(i));
        if (!store->Commit(b).ok()) failures++;
        auto got = store->Get(p + "last:" + std::to_string(t));
        if (!got.ok() ||
            *got != std::optional<std::string>(std::to_string(i))) {
          failures++;
        }
        if (!store->GetHashes({p + "n"}).ok()) failures++;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(store->GetHashes({p + "n"})->at(0).at("calls"),
            std::to_string(kThreads * kCalls));
}

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
  // 5000 distinct fields, each incremented twice (merged into one op).
  for (int i = 0; i < 10000; ++i) {
    batch.HashIncrement(p + "big", absl::StrCat("n", i % 5000), 1);
  }
  ASSERT_EQ(batch.ops().size(), 5000u);
  batch.UpdateOffset({p + "t", 0, -1, 5000});
  ASSERT_EQ(*store->Commit(batch), CommitOutcome::kApplied);
  const Hash big = store->GetHashes({p + "big"})->at(0);
  EXPECT_EQ(big.size(), 5000u);
  EXPECT_EQ(big.at("n0"), "2");
  EXPECT_EQ(big.at("n4999"), "2");
}

}  // namespace
}  // namespace giamsat::store
