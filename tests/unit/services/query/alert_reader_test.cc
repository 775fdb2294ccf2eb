#include "services/query/alert_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/in_memory_state_store.h"

namespace giamsat::query {
namespace {

class AlertReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::WriteBatch b;
    auto add = [&](const std::string& id, v1::Severity sev,
                   v1::AlertState state) {
      v1::Alert a;
      a.set_alert_id(id);
      a.set_severity(sev);
      a.set_state(state);
      a.set_unit_id("U1");
      b.HashPut(layout_.UnitAlerts("U1"), id, a.SerializeAsString());
    };
    add("a1", v1::SEVERITY_CRITICAL, v1::ALERT_FIRING);
    add("a2", v1::SEVERITY_WARNING, v1::ALERT_FIRING);
    add("a3", v1::SEVERITY_CRITICAL, v1::ALERT_RESOLVED);
    add("a4", v1::SEVERITY_CRITICAL, v1::ALERT_FIRING);
    add("a5", v1::SEVERITY_CRITICAL, v1::ALERT_FIRING);
    ASSERT_TRUE(store_.Commit(b).ok());
  }
  testing::InMemoryStateStore store_;
  store::KeyLayout layout_{"gs:"};
  AlertReader reader_{store_, layout_, PageLimits{2, 2}};
};

TEST_F(AlertReaderTest, FiltersAndPages) {
  v1::ListAlertsRequest r;
  r.set_unit_id("U1");
  r.set_state(v1::ALERT_FIRING);
  r.set_severity(v1::SEVERITY_CRITICAL);
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    auto page = reader_.List(r, 0);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const auto& a : page->alerts()) ids.push_back(a.alert_id());
    if (page->next_page_token().empty()) break;
    r.set_page_token(page->next_page_token());
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"a1", "a4", "a5"}));
}

TEST_F(AlertReaderTest, BadRequests) {
  v1::ListAlertsRequest r;
  EXPECT_EQ(reader_.List(r, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
  r.set_unit_id("U1");
  r.set_severity(static_cast<v1::Severity>(42));
  EXPECT_THAT(std::string(reader_.List(r, 0).status().message()),
              ::testing::HasSubstr("severity"));
}

}  // namespace
}  // namespace giamsat::query
