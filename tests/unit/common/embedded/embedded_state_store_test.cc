// The StateStore contract on the embedded RocksDB store (the in-memory and
// Redis stores pass the same suite), plus what only a durable store shows:
// state and offsets survive reopening, and a batch is all or nothing.
#include "common/embedded/embedded_state_store.h"

#include <filesystem>

#include "common/embedded/embedded_db.h"
#include "tests/support/state_store_contract.inc"
#include "tests/support/test_env.h"

namespace giamsat::store {
namespace {

std::unique_ptr<StateStore> MakeEmbeddedStore(const std::string&) {
  auto db = embedded::EmbeddedDb::Open(testing::MakeTempDir(), {});
  EXPECT_TRUE(db.ok()) << db.status();
  if (!db.ok()) return nullptr;
  return std::make_unique<embedded::EmbeddedStateStore>(*db);
}

INSTANTIATE_TEST_SUITE_P(Embedded, StateStoreContract,
                         ::testing::Values(&MakeEmbeddedStore));

TEST(EmbeddedStateStoreTest, StateAndOffsetsSurviveReopening) {
  const std::string dir = testing::MakeTempDir();
  {
    auto db = embedded::EmbeddedDb::Open(dir, {});
    ASSERT_TRUE(db.ok()) << db.status();
    embedded::EmbeddedStateStore store(*db);
    WriteBatch b;
    b.Put("k", "v");
    b.HashIncrement("h", "n", 3);
    b.SortedSetAdd("z", "m", 42);
    b.UpdateOffset({"t", 1, -1, 7});
    ASSERT_EQ(*store.Commit(b), CommitOutcome::kApplied);
  }
  auto db = embedded::EmbeddedDb::Open(dir, {});
  ASSERT_TRUE(db.ok()) << db.status();
  embedded::EmbeddedStateStore store(*db);
  EXPECT_EQ(**store.Get("k"), "v");
  EXPECT_EQ(store.GetHashes({"h"})->at(0).at("n"), "3");
  EXPECT_EQ(*store.GetSortedSet("z"),
            (std::vector<std::pair<std::string, int64_t>>{{"m", 42}}));
  EXPECT_EQ(*store.GetOffset("t", 1), 7);
  // The retry of the batch after a lost reply is recognised after reopening.
  WriteBatch again;
  again.HashIncrement("h", "n", 3);
  again.UpdateOffset({"t", 1, -1, 7});
  EXPECT_EQ(*store.Commit(again), CommitOutcome::kAlreadyApplied);
  EXPECT_EQ(store.GetHashes({"h"})->at(0).at("n"), "3");
  std::filesystem::remove_all(dir);
}

TEST(EmbeddedStateStoreTest, FailedOpLeavesNothingApplied) {
  const std::string dir = testing::MakeTempDir();
  auto db = embedded::EmbeddedDb::Open(dir, {});
  ASSERT_TRUE(db.ok()) << db.status();
  embedded::EmbeddedStateStore store(*db);
  WriteBatch first;
  first.HashPut("h", "text", "not a number");
  ASSERT_TRUE(store.Commit(first).ok());
  WriteBatch b;
  b.Put("k", "v");
  b.HashIncrement("h", "text", 1);
  b.UpdateOffset({"t", 0, -1, 1});
  EXPECT_EQ(store.Commit(b).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(*store.Get("k"), std::nullopt);
  EXPECT_EQ(*store.GetOffset("t", 0), std::nullopt);
  std::filesystem::remove_all(dir);
}

TEST(EmbeddedStateStoreTest, OpsOfOneBatchSeeEachOther) {
  const std::string dir = testing::MakeTempDir();
  auto db = embedded::EmbeddedDb::Open(dir, {});
  ASSERT_TRUE(db.ok()) << db.status();
  embedded::EmbeddedStateStore store(*db);
  WriteBatch b;
  b.HashIncrement("h", "n", 2);
  b.HashIncrement("h", "n", 5);
  b.SortedSetAdd("z", "a", 10);
  b.SortedSetAdd("z", "a", 3);  // moves, no stale score entry left
  b.SortedSetAdd("z", "b", 5);
  b.Delete("gone");
  b.HashPut("gone", "f", "x");
  ASSERT_TRUE(store.Commit(b).ok());
  EXPECT_EQ(store.GetHashes({"h"})->at(0).at("n"), "7");
  EXPECT_EQ(*store.GetSortedSet("z"),
            (std::vector<std::pair<std::string, int64_t>>{{"a", 3}, {"b", 5}}));
  WriteBatch del;
  del.Delete("z");
  del.Delete("gone");
  ASSERT_TRUE(store.Commit(del).ok());
  EXPECT_TRUE(store.GetSortedSet("z")->empty());
  EXPECT_TRUE(store.GetHashes({"gone"})->at(0).empty());
  std::filesystem::remove_all(dir);
}

TEST(EmbeddedStateStoreTest, SecondOpenOfADirectoryIsRefused) {
  const std::string dir = testing::MakeTempDir();
  auto db = embedded::EmbeddedDb::Open(dir, {});
  ASSERT_TRUE(db.ok()) << db.status();
  auto second = embedded::EmbeddedDb::Open(dir, {});
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find(dir), absl::string_view::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace giamsat::store
