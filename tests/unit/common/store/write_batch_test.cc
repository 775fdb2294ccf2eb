// WriteBatch coalesces increments and maxima of one hash field; any other
// op on the key or field ends the merging (the outcome of the merged ops on
// each store is checked by tests/support/state_store_contract.inc).
#include "common/store/write_batch.h"

#include <gtest/gtest.h>

namespace giamsat::store {
namespace {

using Kind = WriteOp::Kind;

TEST(WriteBatchTest, IncrementsOfOneFieldBecomeOneOp) {
  WriteBatch b;
  for (int i = 0; i < 1000; ++i) {
    b.HashIncrement("unit:A:day", "received", 1);
    b.HashIncrement("unit:A:day", "received|channel=ONLINE", i % 2);
    b.HashIncrement("unit:B:day", "received", -1);
  }
  ASSERT_EQ(b.ops().size(), 3u);
  EXPECT_EQ(b.ops()[0].key, "unit:A:day");
  EXPECT_EQ(b.ops()[0].field, "received");
  EXPECT_EQ(b.ops()[0].delta, 1000);
  EXPECT_EQ(b.ops()[1].delta, 500);
  EXPECT_EQ(b.ops()[2].key, "unit:B:day");
  EXPECT_EQ(b.ops()[2].delta, -1000);
}

TEST(WriteBatchTest, ZeroSumIsKept) {
  WriteBatch b;
  b.HashIncrement("k", "f", 2);
  b.HashIncrement("k", "f", -2);
  ASSERT_EQ(b.ops().size(), 1u);
  EXPECT_EQ(b.ops()[0].kind, Kind::kHashIncrement);
  EXPECT_EQ(b.ops()[0].delta, 0);
}

TEST(WriteBatchTest, MaximaOfOneFieldBecomeOneOp) {
  WriteBatch b;
  b.HashMax("live", "watermark", 5);
  b.HashMax("live", "watermark", 9);
  b.HashMax("live", "watermark", 7);
  ASSERT_EQ(b.ops().size(), 1u);
  EXPECT_EQ(b.ops()[0].kind, Kind::kHashMax);
  EXPECT_EQ(b.ops()[0].delta, 9);
}

TEST(WriteBatchTest, OtherOpsOnTheFieldOrKeyEndTheMerging) {
  WriteBatch b;
  b.HashIncrement("k", "f", 1);
  b.HashPut("k", "f", "7");
  b.HashIncrement("k", "f", 1);  // after the put: a new op
  b.HashMax("k", "f", 3);        // another kind: a new op
  b.HashIncrement("k", "f", 1);  // after the max: a new op
  b.HashIncrement("k", "g", 1);
  b.Delete("k");
  b.HashIncrement("k", "g", 1);  // after the delete: a new op
  b.HashIncrement("k", "h", 1);
  b.HashDelete("k", "h");
  b.HashIncrement("k", "h", 1);
  std::vector<std::pair<Kind, std::string>> got;
  for (const WriteOp& op : b.ops()) got.emplace_back(op.kind, op.field);
  EXPECT_EQ(got, (std::vector<std::pair<Kind, std::string>>{
                     {Kind::kHashIncrement, "f"},
                     {Kind::kHashPut, "f"},
                     {Kind::kHashIncrement, "f"},
                     {Kind::kHashMax, "f"},
                     {Kind::kHashIncrement, "f"},
                     {Kind::kHashIncrement, "g"},
                     {Kind::kDelete, ""},
                     {Kind::kHashIncrement, "g"},
                     {Kind::kHashIncrement, "h"},
                     {Kind::kHashDelete, "h"},
                     {Kind::kHashIncrement, "h"},
                 }));
}

TEST(WriteBatchTest, IncrementsAfterAnUnrelatedOpStillMerge) {
  WriteBatch b;
  b.HashIncrement("k", "f", 1);
  b.HashPut("k", "other", "x");
  b.Put("another", "v");
  b.HashIncrement("k", "f", 1);
  ASSERT_EQ(b.ops().size(), 3u);
  EXPECT_EQ(b.ops()[0].delta, 2);
}

TEST(WriteBatchTest, AppendedIncrementsNeitherMergeNorAreMergedAcross) {
  WriteBatch b;
  b.HashMax("k", "f", 5);
  b.AppendHashIncrement("k", "f", 2);
  b.AppendHashIncrement("k", "f", 3);  // appended as it is: a new op
  // Merged into the max before the increments, this would take the max
  // before adding them: a new op.
  b.HashMax("k", "f", 9);
  b.HashIncrement("k", "g", 1);
  b.AppendHashIncrement("k", "g", 1);
  b.HashIncrement("k", "g", 1);  // not merged across the appended one
  std::vector<std::pair<Kind, int64_t>> got;
  for (const WriteOp& op : b.ops()) got.emplace_back(op.kind, op.delta);
  EXPECT_EQ(got, (std::vector<std::pair<Kind, int64_t>>{
                     {Kind::kHashMax, 5},
                     {Kind::kHashIncrement, 2},
                     {Kind::kHashIncrement, 3},
                     {Kind::kHashMax, 9},
                     {Kind::kHashIncrement, 1},
                     {Kind::kHashIncrement, 1},
                     {Kind::kHashIncrement, 1},
                 }));
}

}  // namespace
}  // namespace giamsat::store
