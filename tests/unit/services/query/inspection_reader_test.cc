#include "services/query/inspection_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/core/proto_time.h"
#include "common/domain/figure_fields.h"
#include "common/inspection/inspection_rules.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_state_store.h"
#include "tests/support/event_builders.h"

namespace giamsat::query {
namespace {

using ::giamsat::testing::VnTime;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kUnits[] = R"(units:
  - {id: W, name: Phường, level: ward}
  - {id: W.A, name: Phòng A, level: office, parent: W}
  - {id: W.B, name: Phòng B, level: office, parent: W}
  - {id: W.C, name: Phòng C, level: office, parent: W}
  - {id: X, name: Phường khác, level: ward}
)";

class InspectionReaderTest : public ::testing::Test {
 protected:
  InspectionReaderTest()
      : clock_(VnTime("2026-11-30T10:00:00+07:00")),
        tree_(*UnitTree::Parse(kUnits, "test")) {
    // W.A: 12 dossiers resolved late this month, 3 open overdue.
    // All online: its Decision 766 score is full.
    Add("W.A", absl::CivilDay(2026, 11, 10), domain::kFieldReceived, 20);
    Add("W.A", absl::CivilDay(2026, 11, 10), domain::kFieldReceivedOnline, 20);
    Add("W.A", absl::CivilDay(2026, 11, 10), domain::kFieldResolvedLate, 12);
    Live("W.A", domain::kFieldInProgressOverdue, 3);
    // W.B: concluded on 10/11 after an inspection done in October; 7
    // petitions since; surprise inspection done in the year.
    Add("W.B", absl::CivilDay(2026, 3, 2), domain::kFieldReceived, 5);
    Add("W.B", absl::CivilDay(2026, 10, 20), inspection::kFieldInspectionsDone,
        1);
    Add("W.B", absl::CivilDay(2026, 10, 20),
        inspection::kFieldSurpriseInspectionsDone, 1);
    Add("W.B", absl::CivilDay(2026, 11, 5), domain::kFieldFeedbackReceived, 1);
    Add("W.B", absl::CivilDay(2026, 11, 20), domain::kFieldFeedbackReceived, 7);
    v1::InspectionState s;
    s.set_inspection_id("INS-B");
    s.set_unit_id("W.B");
    *s.mutable_concluded_at() =
        core::ToProto(VnTime("2026-11-10T15:00:00+07:00"));
    s.add_shortcomings("tra-ket-qua-tre-han");
    batch_.HashPut(layout_.UnitInspections("W.B"), "INS-B",
                   s.SerializeAsString());
    // W.C handles procedures, never inspected; a surge alert fires on it.
    Add("W.C", absl::CivilDay(2026, 1, 5), domain::kFieldReceived, 1);
    v1::Alert surge;
    surge.set_alert_id("unit:W.C:UNIT_FEEDBACK_SURGE");
    surge.set_rule_id("UNIT_FEEDBACK_SURGE");
    surge.set_unit_id("W.C");
    surge.set_explanation_en("12 petitions in the last 7 days");
    batch_.HashPut(layout_.UnitRuleAlerts(), surge.alert_id(),
                   surge.SerializeAsString());
    Live("W.C", domain::kFieldWatermark, 1796000000000);
    EXPECT_TRUE(store_.Commit(batch_).ok());
  }
  void Add(const std::string& unit, absl::CivilDay day, absl::string_view f,
           int64_t n) {
    batch_.HashIncrement(layout_.UnitDay(unit, day), std::string(f), n);
    batch_.HashIncrement(layout_.UnitTotal(unit), std::string(f), n);
  }
  void Live(const std::string& unit, absl::string_view f, int64_t n) {
    batch_.HashIncrement(layout_.UnitLive(unit), std::string(f), n);
  }
  absl::StatusOr<v1::ListInspectionCandidatesResponse> List(
      const std::string& scope, v1::Period period = {}) {
    v1::ListInspectionCandidatesRequest r;
    r.set_scope(scope);
    *r.mutable_period() = period;
    return reader_.List(r);
  }

  testing::FakeClock clock_;
  testing::InMemoryStateStore store_;
  store::KeyLayout layout_{"gs:"};
  store::WriteBatch batch_;
  UnitTree tree_;
  inspection::PlanningConfig config_;
  InspectionReader reader_{store_, layout_, clock_, tree_, config_};
};

TEST_F(InspectionReaderTest, RanksTheUnitsOfTheScopeForTheCurrentMonth) {
  auto r = List("W");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->period().from_date(), "2026-11-01");
  EXPECT_EQ(r->period().to_date(), "2026-11-30");
  ASSERT_EQ(r->candidates_size(), 3);
  // W.B: 7 petitions since the conclusion (threshold 5): 3 x 1.4.
  // W.A: 15 late (threshold 10): 2 x 1.5. W.C: the surge alert: 3.
  EXPECT_EQ(r->candidates(0).unit_id(), "W.B");
  EXPECT_TRUE(r->candidates(0).reinspection());
  EXPECT_DOUBLE_EQ(r->candidates(0).score(), 4.2);
  EXPECT_THAT(r->candidates(0).reasons(0).explanation_en(),
              HasSubstr("tra-ket-qua-tre-han"));
  EXPECT_EQ(r->candidates(1).unit_id(), "W.A");
  EXPECT_EQ(r->candidates(1).reasons(0).kind(), v1::REASON_LATE_DOSSIERS);
  EXPECT_EQ(r->candidates(2).unit_id(), "W.C");
  EXPECT_EQ(r->candidates(2).reasons(0).explanation_en(),
            "12 petitions in the last 7 days");
  EXPECT_EQ(r->candidates(2).rank(), 3);
  EXPECT_EQ(core::FromProto(r->watermark()),
            absl::FromUnixMillis(1796000000000));

  const v1::InspectionCoverage& c = r->coverage();
  EXPECT_EQ(c.year(), 2026);
  EXPECT_EQ(c.offices_handling_procedures(), 3);
  EXPECT_EQ(c.offices_inspected(), 1);
  EXPECT_FALSE(c.offices_floor_met());
  EXPECT_THAT(c.offices_not_inspected(), ElementsAre("W.A", "W.C"));
  EXPECT_EQ(c.surprise_inspections_done(), 1);
}

TEST_F(InspectionReaderTest, APeriodBeforeTheFiguresHasOnlyTheLiveReasons) {
  v1::Period october;
  october.set_month("2026-10");
  auto r = List("W", october);
  ASSERT_TRUE(r.ok()) << r.status();
  std::vector<std::string> units;
  for (const auto& c : r->candidates()) units.push_back(c.unit_id());
  // The conclusion's windows and the live figures do not depend on it.
  EXPECT_THAT(units, ElementsAre("W.B", "W.C"));
}

TEST_F(InspectionReaderTest, ErrorsNameTheField) {
  EXPECT_EQ(List("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(List("NOPE").status().code(), absl::StatusCode::kNotFound);
  v1::Period bad;
  bad.set_month("2026-13");
  EXPECT_THAT(std::string(List("W", bad).status().message()),
              HasSubstr("period.month"));
  v1::ListInspectionCandidatesRequest r;
  r.set_scope("W");
  r.set_max_candidates(5000);
  EXPECT_THAT(std::string(reader_.List(r).status().message()),
              HasSubstr("max_candidates"));
}

}  // namespace
}  // namespace giamsat::query
