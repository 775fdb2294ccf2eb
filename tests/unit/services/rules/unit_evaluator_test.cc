#include "services/rules/unit_evaluator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/domain/alert_fields.h"
#include "common/domain/figure_fields.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_event_log.h"
#include "common/testing/in_memory_state_store.h"
#include "services/rules/batch_processor.h"
#include "tests/support/event_builders.h"
#include "tests/support/shipped_calendar.h"
#include "tests/support/store_fields.h"

namespace giamsat::rules {
namespace {

using ::giamsat::testing::DossierReceived;
using ::giamsat::testing::DossierResolved;
using ::giamsat::testing::VnTime;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

events::InRecord Record(int64_t offset, const v1::Event& e) {
  return {"dossiers", 0, offset, e.dossier().dossier_id(),
          e.SerializeAsString()};
}

domain::UnitRulesConfig Config() {
  domain::UnitRulesConfig c;
  c.open_overdue_threshold = 3;
  c.overdue_rate_min_resolved = 1000;  // only the open-overdue rule here
  c.evaluate_every_seconds = 60;
  return c;
}

class UnitEvaluatorTest : public ::testing::Test {
 protected:
  UnitEvaluatorTest()
      : clock_(t0_),
        registry_(std::make_shared<prometheus::Registry>()),
        probe_(*registry_),
        processor_(store_, layout_, clock_, dossier_rules_, feedback_rules_,
                   outbox_, probe_),
        evaluator_(store_, layout_, clock_, unit_rules_, outbox_,
                   {"dossiers", 0}) {
    processor_.OnAssignment({{"dossiers", 0}});
  }

  // Three dossiers of U1 received at t0, overdue a month later.
  void ThreeOverdueDossiers() {
    ASSERT_TRUE(
        processor_
            .Process({Record(0, DossierReceived("e1", "D1", "U1", t0_)),
                      Record(1, DossierReceived("e2", "D2", "U1", t0_)),
                      Record(2, DossierReceived("e3", "D3", "U1", t0_))})
            .ok());
    clock_.Advance(absl::Hours(24 * 30));
    ASSERT_TRUE(processor_.FireDueTimers().ok());
    ASSERT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldInProgressOverdue),
              "3");
    ASSERT_TRUE(outbox_.Flush(log_).ok());
    published_before_ = log_.Records("alerts").size();
  }
  std::string Figure(const std::string& key, absl::string_view field) {
    return testing::StoredField(store_, key, field);
  }
  // Unit-rule alerts published since ThreeOverdueDossiers().
  std::vector<std::string> UnitAlertsPublished() {
    std::vector<std::string> out;
    const auto records = log_.Records("alerts");
    for (size_t i = published_before_; i < records.size(); ++i) {
      v1::Alert a;
      EXPECT_TRUE(a.ParseFromString(records[i].value));
      if (a.subject_type() != v1::SUBJECT_UNIT) continue;
      out.push_back(a.alert_id() + " " + v1::AlertState_Name(a.state()));
    }
    return out;
  }

  const absl::Time t0_ = VnTime("2026-04-24T09:00:00+07:00");
  testing::FakeClock clock_;
  domain::DossierRules dossier_rules_{testing::ShippedCalendar(),
                                      domain::DossierRulesConfig{}};
  domain::FeedbackRules feedback_rules_{testing::ShippedCalendar(),
                                        domain::FeedbackRulesConfig{}};
  domain::UnitRules unit_rules_{Config()};
  testing::InMemoryStateStore store_;
  testing::InMemoryEventLog log_{1};
  store::KeyLayout layout_{"gs:"};
  std::shared_ptr<prometheus::Registry> registry_;
  RulesProbe probe_;
  AlertOutbox outbox_{store_, layout_, "alerts"};
  BatchProcessor processor_;
  UnitEvaluator evaluator_;
  size_t published_before_ = 0;
};

TEST_F(UnitEvaluatorTest, OpenOverdueAboveThresholdFiresOnceAndResolves) {
  ThreeOverdueDossiers();
  const std::string id = "unit:U1:UNIT_OPEN_OVERDUE";
  const std::string critical = domain::AlertsFiringField(v1::SEVERITY_CRITICAL);
  const std::string before = Figure(layout_.UnitLive("U1"), critical);

  ASSERT_EQ(*evaluator_.RunNow(), 1u);
  ASSERT_TRUE(outbox_.Flush(log_).ok());
  EXPECT_THAT(UnitAlertsPublished(), ElementsAre(id + " ALERT_FIRING"));
  EXPECT_EQ(std::stoi(Figure(layout_.UnitLive("U1"), critical)),
            std::stoi(before) + 1);
  EXPECT_NE(Figure(layout_.UnitAlerts("U1"), id), "0");
  EXPECT_NE(Figure(layout_.UnitRuleAlerts(), id), "0");

  // Evaluated again with the same figures: nothing new.
  EXPECT_EQ(*evaluator_.RunNow(), 0u);

  // One dossier resolved (late): two open overdue, below the threshold.
  ASSERT_TRUE(
      processor_
          .Process({Record(3, DossierResolved("e4", "D1", "U1", clock_.Now()))})
          .ok());
  const std::string mid = Figure(layout_.UnitLive("U1"), critical);
  ASSERT_EQ(*evaluator_.RunNow(), 1u);
  ASSERT_TRUE(outbox_.Flush(log_).ok());
  EXPECT_THAT(UnitAlertsPublished(),
              ElementsAre(id + " ALERT_FIRING", id + " ALERT_RESOLVED"));
  EXPECT_EQ(std::stoi(Figure(layout_.UnitLive("U1"), critical)),
            std::stoi(mid) - 1);
  EXPECT_EQ(Figure(layout_.UnitRuleAlerts(), id), "0");
}

// A former owner of the leader partition, whose fence a newer owner took,
// commits nothing: the transition is counted once, by the new owner.
TEST_F(UnitEvaluatorTest, AFormerLeaderOwnerCommitsNothing) {
  ThreeOverdueDossiers();
  const std::optional<int64_t> former = processor_.FenceOf({"dossiers", 0});
  ASSERT_TRUE(former.has_value());
  const absl::StatusOr<int64_t> newer = store_.TakeFence("dossiers", 0);
  ASSERT_TRUE(newer.ok());
  const std::string critical = domain::AlertsFiringField(v1::SEVERITY_CRITICAL);
  const std::string before = Figure(layout_.UnitLive("U1"), critical);

  EXPECT_EQ(evaluator_.RunNow(former).status().code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), critical), before);
  ASSERT_TRUE(outbox_.Flush(log_).ok());
  EXPECT_THAT(UnitAlertsPublished(), IsEmpty());

  ASSERT_EQ(*evaluator_.RunNow(*newer), 1u);
  EXPECT_EQ(std::stoi(Figure(layout_.UnitLive("U1"), critical)),
            std::stoi(before) + 1);
}

TEST_F(UnitEvaluatorTest, OnlyTheLeaderPartitionOwnerRunsAndAtItsInterval) {
  ThreeOverdueDossiers();
  ASSERT_TRUE(evaluator_.MaybeRun({{"dossiers", 1}}).ok());
  ASSERT_TRUE(outbox_.Flush(log_).ok());
  EXPECT_THAT(UnitAlertsPublished(), IsEmpty());

  ASSERT_TRUE(evaluator_.MaybeRun({{"dossiers", 0}}).ok());
  ASSERT_TRUE(outbox_.Flush(log_).ok());
  EXPECT_EQ(UnitAlertsPublished().size(), 1u);

  // Resolved within the interval: not evaluated until it passed.
  ASSERT_TRUE(
      processor_
          .Process({Record(3, DossierResolved("e4", "D1", "U1", clock_.Now()))})
          .ok());
  clock_.Advance(absl::Seconds(59));
  ASSERT_TRUE(evaluator_.MaybeRun({{"dossiers", 0}}).ok());
  ASSERT_TRUE(outbox_.Flush(log_).ok());
  EXPECT_EQ(UnitAlertsPublished().size(), 1u);
  clock_.Advance(absl::Seconds(1));
  ASSERT_TRUE(evaluator_.MaybeRun({{"dossiers", 0}}).ok());
  ASSERT_TRUE(outbox_.Flush(log_).ok());
  EXPECT_EQ(UnitAlertsPublished().size(), 2u);
}

TEST_F(UnitEvaluatorTest, DisabledUnitRulesNeverRun) {
  ThreeOverdueDossiers();
  domain::UnitRulesConfig off = Config();
  off.enabled = false;
  const domain::UnitRules rules(off);
  UnitEvaluator disabled(store_, layout_, clock_, rules, outbox_,
                         {"dossiers", 0});
  ASSERT_TRUE(disabled.MaybeRun({{"dossiers", 0}}).ok());
  ASSERT_TRUE(outbox_.Flush(log_).ok());
  EXPECT_THAT(UnitAlertsPublished(), IsEmpty());
}

TEST_F(UnitEvaluatorTest, StoreDownIsReportedAndNothingIsHalfApplied) {
  ThreeOverdueDossiers();
  store_.FailNextCommits(1);
  EXPECT_EQ(evaluator_.RunNow().status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(Figure(layout_.UnitRuleAlerts(), "unit:U1:UNIT_OPEN_OVERDUE"), "0");
  EXPECT_EQ(*evaluator_.RunNow(), 1u);
}

}  // namespace
}  // namespace giamsat::rules
