#include "services/query/audit_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/core/proto_time.h"
#include "common/testing/in_memory_state_store.h"

namespace giamsat::query {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class AuditReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto tree = UnitTree::Parse(
        "units:\n  - {id: C, name: City, level: city}\n"
        "  - {id: C.W, name: Ward, level: ward, parent: C}\n"
        "  - {id: C.W.VP, name: Office, level: office, parent: C.W}\n",
        "units");
    ASSERT_TRUE(tree.ok()) << tree.status();
    tree_ = std::move(*tree);
    Add("w1", "C.W", 10, "A1");
    Add("o1", "C.W.VP", 15, "A2");
    Add("w2", "C.W", 20, "A1");
    Add("c1", "C", 25, "A3");
  }
  void Add(const std::string& id, const std::string& unit, int64_t micros,
           const std::string& alert) {
    v1::AuditEntry e;
    e.set_entry_id(id);
    e.set_unit_id(unit);
    e.add_alert_ids(alert);
    *e.mutable_at() = core::ToProto(absl::FromUnixMicros(micros));
    store::WriteBatch b;
    b.Put(layout_.AuditEntry(id), e.SerializeAsString());
    b.SortedSetAdd(layout_.AuditIndex(""), id, micros);
    b.SortedSetAdd(layout_.AuditIndex(unit), id, micros);
    ASSERT_TRUE(store_.Commit(b).ok());
  }
  std::vector<std::string> All(v1::ListAuditTrailRequest r) {
    std::vector<std::string> ids;
    for (int i = 0; i < 10; ++i) {
      auto page = reader_.List(r, 0);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      for (const auto& e : page->entries()) ids.push_back(e.entry_id());
      if (page->next_page_token().empty()) break;
      r.set_page_token(page->next_page_token());
    }
    return ids;
  }

  testing::InMemoryStateStore store_;
  store::KeyLayout layout_{"gs:"};
  UnitTree tree_;
  AuditReader reader_{store_, layout_, tree_, PageLimits{2, 2}};
};

TEST_F(AuditReaderTest, UnitOrSubtreePagedOldestFirst) {
  v1::ListAuditTrailRequest r;
  r.set_unit_id("C.W");
  EXPECT_THAT(All(r), ElementsAre("w1", "w2"));
  r.set_include_subtree(true);
  EXPECT_THAT(All(r), ElementsAre("w1", "o1", "w2"));
  r.set_unit_id("C");
  EXPECT_THAT(All(r), ElementsAre("w1", "o1", "w2", "c1"));
  r.set_alert_id("A1");
  EXPECT_THAT(All(r), ElementsAre("w1", "w2"));
  r.clear_alert_id();
  *r.mutable_since() = core::ToProto(absl::FromUnixMicros(16));
  EXPECT_THAT(All(r), ElementsAre("w2", "c1"));
}

TEST_F(AuditReaderTest, BadRequestsNameTheField) {
  v1::ListAuditTrailRequest r;
  EXPECT_THAT(std::string(reader_.List(r, 0).status().message()),
              HasSubstr("unit_id"));
  r.set_unit_id("C");
  r.set_page_size(-1);
  EXPECT_THAT(std::string(reader_.List(r, 0).status().message()),
              HasSubstr("page_size"));
  r.set_unit_id("C.W");
  r.set_page_size(1);
  auto first = reader_.List(r, 0);
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(first->next_page_token().empty());
  r.set_page_token(first->next_page_token());
  r.set_unit_id("C");  // another request: the token does not fit
  EXPECT_THAT(std::string(reader_.List(r, 0).status().message()),
              HasSubstr("page_token"));
}

}  // namespace
}  // namespace giamsat::query
