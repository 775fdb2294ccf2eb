#include "services/rules/replay.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/domain/figure_fields.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_state_store.h"
#include "tests/support/event_builders.h"
#include "tests/support/shipped_calendar.h"

namespace giamsat::rules {
namespace {

using ::giamsat::testing::DossierReceived;
using ::giamsat::testing::DossierResolved;
using ::giamsat::testing::VnTime;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class ReplayTest : public ::testing::Test {
 protected:
  ReplayTest() : clock_(t0_), probe_(registry_) {
    unit_config_.open_overdue_threshold = 2;
    live_processor_.OnAssignment({{"dossiers", 0}, {"dossiers", 1}});
  }

  void Add(int32_t partition, const v1::Event& e) {
    int64_t& next = next_offset_[partition];
    records_.push_back({"dossiers", partition, next++, e.dossier().dossier_id(),
                        e.SerializeAsString()});
  }
  // The live service: the first half of the records an hour after t0, the
  // timers that fell due by day 11, the second half on day 13 (some of it
  // late), the timers due by day 30, then the unit rules.
  void RunLive() {
    const size_t half = records_.size() / 2;
    clock_.Set(t0_ + absl::Hours(1));
    ASSERT_TRUE(
        live_processor_.Process({records_.begin(), records_.begin() + half})
            .ok());
    clock_.Set(t0_ + absl::Hours(24 * 11));
    ASSERT_TRUE(live_processor_.FireDueTimers().ok());
    clock_.Set(t0_ + absl::Hours(24 * 13));
    ASSERT_TRUE(
        live_processor_.Process({records_.begin() + half, records_.end()})
            .ok());
    clock_.Set(t0_ + absl::Hours(24 * 30));
    ASSERT_TRUE(live_processor_.FireDueTimers().ok());
    UnitEvaluator units(live_, layout_, clock_, unit_rules_, live_outbox_, {});
    ASSERT_TRUE(units.RunNow().ok());
  }
  absl::StatusOr<ReplayReport> Replayed() {
    Replay replay(layout_, clock_, dossier_rules_, feedback_rules_,
                  unit_rules_);
    for (const auto& r : records_) {
      if (absl::Status s = replay.Apply({r}); !s.ok()) return s;
    }
    if (absl::Status s = replay.Finish(); !s.ok()) return s;
    return replay.CompareWith(live_);
  }

  const absl::Time t0_ = VnTime("2026-04-24T09:00:00+07:00");
  testing::FakeClock clock_;
  domain::DossierRules dossier_rules_{testing::ShippedCalendar(),
                                      domain::DossierRulesConfig{}};
  domain::FeedbackRules feedback_rules_{testing::ShippedCalendar(),
                                        domain::FeedbackRulesConfig{}};
  domain::UnitRulesConfig unit_config_;
  domain::UnitRules unit_rules_{unit_config_};
  store::KeyLayout layout_{"gs:"};
  testing::InMemoryStateStore live_;
  prometheus::Registry registry_;
  RulesProbe probe_;
  AlertOutbox live_outbox_{live_, layout_, "alerts"};
  BatchProcessor live_processor_{live_,          layout_,         clock_,
                                 dossier_rules_, feedback_rules_, live_outbox_,
                                 probe_};
  std::vector<events::InRecord> records_;
  std::map<int32_t, int64_t> next_offset_;
};

TEST_F(ReplayTest, ReplayOfTheSameEventsEqualsTheLiveState) {
  Add(0, DossierReceived("e1", "D1", "U1", t0_));
  Add(1, DossierReceived("e2", "D2", "U1", t0_));
  Add(0, DossierReceived("e3", "D3", "U2", t0_));
  Add(1, DossierResolved("e4", "D2", "U1", t0_ + absl::Hours(30)));
  Add(0, DossierResolved("e5", "D3", "U2", t0_ + absl::Hours(24 * 12)));
  Add(0, DossierResolved("e1", "D1", "U1", t0_));  // duplicate event id
  RunLive();
  absl::StatusOr<ReplayReport> report = Replayed();
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(report->differences, IsEmpty());
  EXPECT_EQ(report->records, 6);
  EXPECT_GT(report->keys_compared, 10u);
}

TEST_F(ReplayTest, AnAlertRaisedOnlyByALateReplayIsNoDifference) {
  // Live, D1 is resolved on time before its due time: no overdue alert.
  // Replayed a month later, it is overdue until its resolution is applied.
  Add(0, DossierReceived("e1", "D1", "U1", t0_));
  Add(0, DossierResolved("e2", "D1", "U1", t0_ + absl::Minutes(30)));
  clock_.Set(t0_ + absl::Hours(1));
  ASSERT_TRUE(live_processor_.Process(records_).ok());
  clock_.Set(t0_ + absl::Hours(24 * 30));
  ASSERT_TRUE(live_processor_.FireDueTimers().ok());
  absl::StatusOr<ReplayReport> report = Replayed();
  ASSERT_TRUE(report.ok());
  EXPECT_THAT(report->differences, IsEmpty());
}

TEST_F(ReplayTest, ATamperedFigureIsReportedByKeyAndField) {
  Add(0, DossierReceived("e1", "D1", "U1", t0_));
  RunLive();
  store::WriteBatch tamper;
  tamper.HashIncrement(layout_.UnitTotal("U1"),
                       std::string(domain::kFieldReceived), 1);
  ASSERT_TRUE(live_.Commit(tamper).ok());
  absl::StatusOr<ReplayReport> report = Replayed();
  ASSERT_TRUE(report.ok());
  EXPECT_THAT(
      report->differences,
      ElementsAre("gs:unit:U1:total: dossiers_received live 2 replay 1"));
}

TEST_F(ReplayTest, ADifferingStateIsReportedWithItsFields) {
  Add(0, DossierReceived("e1", "D1", "U1", t0_));
  RunLive();
  auto stored = live_.Get(layout_.Dossier("D1"));
  ASSERT_TRUE(stored.ok() && stored->has_value());
  v1::DossierState state;
  ASSERT_TRUE(state.ParseFromString(**stored));
  state.set_procedure_code("tampered");
  store::WriteBatch tamper;
  tamper.Put(layout_.Dossier("D1"), state.SerializeAsString());
  ASSERT_TRUE(live_.Commit(tamper).ok());
  absl::StatusOr<ReplayReport> report = Replayed();
  ASSERT_TRUE(report.ok());
  EXPECT_THAT(
      report->differences,
      ElementsAre(AllOf(::testing::StartsWith(
                            "gs:dossier:D1: state differs (replay -> live): "),
                        HasSubstr("procedure_code"), HasSubstr("tampered"))));
}

TEST_F(ReplayTest, EventsTheLiveStoreNeverAppliedShowAsDifferences) {
  Add(0, DossierReceived("e1", "D1", "U1", t0_));
  RunLive();
  Add(0, DossierReceived("e2", "D2", "U1", t0_));
  absl::StatusOr<ReplayReport> report = Replayed();
  ASSERT_TRUE(report.ok());
  EXPECT_THAT(report->differences,
              ::testing::Contains(HasSubstr("gs:dossier:D2: missing")));
  EXPECT_THAT(
      report->differences,
      ::testing::Contains("gs:offsets:dossiers: partition 0 live 1 replay 2"));
}

}  // namespace
}  // namespace giamsat::rules
