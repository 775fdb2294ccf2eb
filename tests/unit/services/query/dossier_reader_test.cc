#include "services/query/dossier_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/core/proto_time.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_state_store.h"
#include "tests/support/event_builders.h"
#include "tests/support/shipped_calendar.h"

namespace giamsat::query {
namespace {

using ::giamsat::testing::VnTime;
using ::testing::HasSubstr;

class DossierReaderTest : public ::testing::Test {
 protected:
  void Put(const std::string& id, absl::Time due, bool timeline = false) {
    v1::DossierState s;
    s.set_dossier_id(id);
    s.set_unit_id("U1");
    s.set_received(true);
    s.set_procedure_code("1.001757");
    *s.mutable_received_at() =
        core::ToProto(VnTime("2026-04-24T09:00:00+07:00"));
    *s.mutable_clock_start_at() = s.received_at();
    s.mutable_legal_duration()->set_working_days(3);
    *s.mutable_due_at() = core::ToProto(due);
    if (timeline) {
      v1::TimelineEntry& e = *s.add_timeline();
      e.set_event_id("e1");
      e.set_kind(v1::DOSSIER_RECEIVED);
    }
    store::WriteBatch b;
    b.Put(layout_.Dossier(id), s.SerializeAsString());
    b.SortedSetAdd(layout_.UnitOpenDossiers("U1"), id, absl::ToUnixMillis(due));
    ASSERT_TRUE(store_.Commit(b).ok());
  }
  std::vector<std::string> Ids(const v1::ListDossiersResponse& r) {
    std::vector<std::string> ids;
    for (const auto& d : r.dossiers()) ids.push_back(d.dossier_id());
    return ids;
  }

  testing::FakeClock clock_{VnTime("2026-05-04T10:00:00+07:00")};
  testing::InMemoryStateStore store_;
  store::KeyLayout layout_{"gs:"};
  DossierReader reader_{store_,
                        layout_,
                        clock_,
                        testing::ShippedCalendar(),
                        DeadlineSettings(),
                        PageLimits{2, 2}};
};

TEST_F(DossierReaderTest, ViewExplainsTheDeadline) {
  // Received Friday 24/04/2026; 30/04 and 01/05 are public holidays.
  Put("D1", VnTime("2026-05-05T17:00:00+07:00"), /*timeline=*/true);
  auto state = reader_.GetState("D1");
  ASSERT_TRUE(state.ok()) << state.status();
  v1::DossierView v = reader_.View(*state, 1777600000000);
  EXPECT_EQ(v.status(), "in_progress");
  EXPECT_EQ(v.timeline_size(), 1);
  EXPECT_FALSE(v.deadline_explanation_vi().empty());
  EXPECT_FALSE(v.deadline_explanation_en().empty());
  EXPECT_THAT(v.deadline_explanation_en(), HasSubstr("2026"));
  EXPECT_EQ(v.watermark().seconds(), 1777600000);
}

TEST_F(DossierReaderTest, UnknownDossierIsNotFound) {
  EXPECT_EQ(reader_.GetState("NOPE").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(reader_.GetState("").status().message(), HasSubstr("dossier_id"));
}

TEST_F(DossierReaderTest, OverdueAndDueWithinFiltersWithPaging) {
  Put("A", VnTime("2026-05-01T17:00:00+07:00"));  // overdue
  Put("B", VnTime("2026-05-01T17:00:00+07:00"));  // overdue, same due time
  Put("C", VnTime("2026-05-02T17:00:00+07:00"));  // overdue
  Put("D", VnTime("2026-05-04T15:00:00+07:00"));  // due in 5 working hours
  Put("E", VnTime("2026-05-20T17:00:00+07:00"));  // later
  v1::ListDossiersRequest r;
  r.set_unit_id("U1");
  r.set_filter(v1::ListDossiersRequest::FILTER_OVERDUE);
  auto first = reader_.List(r, 0);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(Ids(*first), (std::vector<std::string>{"A", "B"}));
  EXPECT_TRUE(first->dossiers(0).overdue());
  ASSERT_FALSE(first->next_page_token().empty());
  // Time moves on: the page token keeps the first page's "now".
  clock_.Advance(absl::Hours(24 * 30));
  r.set_page_token(first->next_page_token());
  auto second = reader_.List(r, 0);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(Ids(*second), (std::vector<std::string>{"C"}));
  EXPECT_TRUE(second->next_page_token().empty());
  EXPECT_EQ(second->as_of().seconds(), first->as_of().seconds());

  clock_.Set(VnTime("2026-05-04T10:00:00+07:00"));
  v1::ListDossiersRequest soon;
  soon.set_unit_id("U1");
  soon.set_filter(v1::ListDossiersRequest::FILTER_DUE_WITHIN);
  soon.set_due_within_hours(8);
  auto due = reader_.List(soon, 0);
  ASSERT_TRUE(due.ok()) << due.status();
  EXPECT_EQ(Ids(*due), (std::vector<std::string>{"D"}));
  EXPECT_EQ(due->dossiers(0).procedure_code(), "1.001757");
}

TEST_F(DossierReaderTest, BadListRequestsNameTheField) {
  v1::ListDossiersRequest r;
  EXPECT_THAT(reader_.List(r, 0).status().message(), HasSubstr("unit_id"));
  r.set_unit_id("U1");
  r.set_filter(v1::ListDossiersRequest::FILTER_DUE_WITHIN);
  EXPECT_THAT(reader_.List(r, 0).status().message(),
              HasSubstr("due_within_hours"));
  r.set_due_within_hours(4);
  r.set_page_size(-3);
  EXPECT_THAT(reader_.List(r, 0).status().message(), HasSubstr("page_size"));
}

}  // namespace
}  // namespace giamsat::query
