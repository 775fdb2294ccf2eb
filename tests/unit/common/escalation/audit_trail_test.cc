#include "common/escalation/audit_trail.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/core/proto_time.h"
#include "common/store/memory_state_store.h"

namespace giamsat::escalation {
namespace {

using ::testing::ElementsAre;

class AuditTrailTest : public ::testing::Test {
 protected:
  // Stores an entry the way the escalator does (entry, both indexes).
  void Add(const std::string& id, const std::string& unit, int64_t micros,
           const std::vector<std::string>& alerts = {}) {
    v1::AuditEntry e;
    e.set_entry_id(id);
    e.set_unit_id(unit);
    *e.mutable_at() = core::ToProto(absl::FromUnixMicros(micros));
    for (const auto& a : alerts) e.add_alert_ids(a);
    store::WriteBatch b;
    b.Put(layout_.AuditEntry(id), e.SerializeAsString());
    b.SortedSetAdd(layout_.AuditIndex(""), id, micros);
    b.SortedSetAdd(layout_.AuditIndex(unit), id, micros);
    ASSERT_TRUE(store_.Commit(b).ok());
  }
  std::vector<std::string> Ids(const AuditQuery& q,
                               std::optional<AuditCursor>* next = nullptr) {
    auto page = ReadAuditTrail(store_, layout_, q);
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> ids;
    if (!page.ok()) return ids;
    for (const auto& e : page->entries) ids.push_back(e.entry_id());
    if (next != nullptr) *next = page->next;
    return ids;
  }
  // Every id over all pages of `page_size`.
  std::vector<std::string> AllPages(AuditQuery q, int page_size) {
    q.limit = page_size;
    std::vector<std::string> all;
    for (int pages = 0; pages < 100; ++pages) {
      std::optional<AuditCursor> next;
      for (auto& id : Ids(q, &next)) all.push_back(id);
      if (!next.has_value()) break;
      q.after = next;
    }
    return all;
  }

  store::MemoryStateStore store_;
  store::KeyLayout layout_{"gs:"};
};

TEST_F(AuditTrailTest, MergesUnitsByTimeThenIdAndPagesWithoutRepeats) {
  Add("b", "U1", 20);
  Add("a", "U2", 20);  // same time: by id
  Add("c", "U1", 10);
  Add("d", "U3", 5);  // not asked for
  Add("e", "U2", 30);
  AuditQuery q;
  q.units = {"U1", "U2"};
  EXPECT_THAT(Ids(q), ElementsAre("c", "a", "b", "e"));
  EXPECT_THAT(AllPages(q, 1), ElementsAre("c", "a", "b", "e"));
  EXPECT_THAT(AllPages(q, 3), ElementsAre("c", "a", "b", "e"));
  std::optional<AuditCursor> next;
  q.limit = 4;
  Ids(q, &next);
  EXPECT_FALSE(next.has_value());  // an exact last page ends the listing
}

TEST_F(AuditTrailTest, EveryUnitSinceAnInstantAndOneAlert) {
  Add("x1", "U1", 10, {"A1"});
  Add("x2", "U2", 20, {"A2"});
  Add("x3", "U1", 30, {"A1", "A3"});
  AuditQuery q;
  EXPECT_THAT(Ids(q), ElementsAre("x1", "x2", "x3"));
  q.since_micros = 20;
  EXPECT_THAT(Ids(q), ElementsAre("x2", "x3"));
  q.since_micros = std::numeric_limits<int64_t>::min();
  q.alert_id = "A1";
  EXPECT_THAT(AllPages(q, 1), ElementsAre("x1", "x3"));
}

TEST_F(AuditTrailTest, ManyEntriesOfOneInstantPageThroughChunks) {
  std::vector<std::string> want;
  for (int i = 0; i < 600; ++i) {
    char id[8];
    std::snprintf(id, sizeof(id), "e%03d", i);
    Add(id, "U1", 42);
    want.push_back(id);
  }
  AuditQuery q;
  q.units = {"U1"};
  EXPECT_EQ(AllPages(q, 7), want);
  EXPECT_EQ(AllPages(q, 1000), want);
}

TEST_F(AuditTrailTest, CorruptEntryIsDataLoss) {
  store::WriteBatch b;
  b.Put(layout_.AuditEntry("bad"), "\xff\xff");
  b.SortedSetAdd(layout_.AuditIndex(""), "bad", 1);
  ASSERT_TRUE(store_.Commit(b).ok());
  EXPECT_EQ(ReadAuditTrail(store_, layout_, {}).status().code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace giamsat::escalation
