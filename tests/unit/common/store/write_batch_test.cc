// WriteBatch coalesces increments and maxima of one hash field; any other
// op on the key or field ends the merging (the outcome of the merged ops on
// each store is checked by tests/support/state_store_contract.inc).
#include "common/store/write_batch.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

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

TEST(WriteBatchTest, OpsKeepTheirTextAfterTheCallersStringsAndAMove) {
  WriteBatch b;
  {
    std::string key = "dossier:HN-2026-000001";
    std::string value(100000, 'x');  // longer than one text block
    b.Put(key, value);
    key.assign(key.size(), '?');
    value.assign(value.size(), '?');
  }
  for (int i = 0; i < 5000; ++i) {
    b.HashIncrement(absl::StrCat("unit:U", i % 7, ":day"),
                    absl::StrCat("received|field=f", i % 13), 1);
  }
  b.HashPut("units", "", "1");  // an empty field stays empty
  WriteBatch moved = std::move(b);
  EXPECT_TRUE(b.ops().empty());
  ASSERT_EQ(moved.ops().size(), 1u + 7u * 13u + 1u);
  EXPECT_EQ(moved.ops()[0].key, "dossier:HN-2026-000001");
  EXPECT_EQ(moved.ops()[0].value, std::string(100000, 'x'));
  int64_t sum = 0;
  for (const WriteOp& op : moved.ops()) {
    if (op.kind != Kind::kHashIncrement) continue;
    EXPECT_TRUE(absl::StartsWith(op.key, "unit:U")) << op.key;
    EXPECT_TRUE(absl::StartsWith(op.field, "received|field=f")) << op.field;
    sum += op.delta;
  }
  EXPECT_EQ(sum, 5000);
  EXPECT_EQ(moved.ops().back().field, "");
  // The moved batch merges on: its merge records view its own text.
  moved.HashIncrement("unit:U3:day", "received|field=f3", 10);
  EXPECT_EQ(moved.ops().size(), 1u + 7u * 13u + 1u);
  // The emptied batch is usable again.
  b.Put("k", "v");
  ASSERT_EQ(b.ops().size(), 1u);
  EXPECT_EQ(b.ops()[0].value, "v");
}

}  // namespace
}  // namespace giamsat::store
