#include "services/rules/batch_processor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/domain/alert_fields.h"
#include "common/domain/figure_fields.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_event_log.h"
#include "common/testing/in_memory_state_store.h"
#include "tests/support/event_builders.h"
#include "tests/support/shipped_calendar.h"
#include "tests/support/store_fields.h"

namespace giamsat::rules {
namespace {

using ::giamsat::testing::DossierReceived;
using ::giamsat::testing::DossierResolved;
using ::giamsat::testing::VnTime;
using ::testing::ElementsAre;

events::InRecord Record(int32_t partition, int64_t offset, const v1::Event& e) {
  return {"dossiers", partition, offset, e.dossier().dossier_id(),
          e.SerializeAsString()};
}

class BatchProcessorTest : public ::testing::Test {
 protected:
  BatchProcessorTest()
      : clock_(VnTime("2026-04-24T09:00:00+07:00")),
        rules_(testing::ShippedCalendar(), domain::DossierRulesConfig{}),
        registry_(std::make_shared<prometheus::Registry>()),
        probe_(*registry_) {}

  // A fresh instance over the same store, as after a restart.
  std::unique_ptr<BatchProcessor> NewProcessor() {
    outboxes_.push_back(
        std::make_unique<AlertOutbox>(store_, layout_, "alerts"));
    auto p = std::make_unique<BatchProcessor>(store_, layout_, clock_, rules_,
                                              feedback_rules_,
                                              *outboxes_.back(), probe_);
    p->OnAssignment({{"dossiers", 0}, {"dossiers", 1}, {"dossiers", 2}});
    return p;
  }
  AlertOutbox& outbox() { return *outboxes_.back(); }
  std::string Figure(const std::string& key, absl::string_view field) {
    return testing::StoredField(store_, key, field);
  }
  std::vector<std::string> PublishedAlerts() {
    std::vector<std::string> out;
    for (const auto& r : log_.Records("alerts")) {
      v1::Alert a;
      EXPECT_TRUE(a.ParseFromString(r.value));
      out.push_back(a.rule_id() + " " + v1::AlertState_Name(a.state()));
    }
    return out;
  }

  const absl::Time t0_ = VnTime("2026-04-24T09:00:00+07:00");
  testing::FakeClock clock_;
  domain::DossierRules rules_;
  domain::FeedbackRules feedback_rules_{testing::ShippedCalendar(),
                                        domain::FeedbackRulesConfig{}};
  testing::InMemoryStateStore store_;
  testing::InMemoryEventLog log_{1};
  store::KeyLayout layout_{"gs:"};
  std::shared_ptr<prometheus::Registry> registry_;
  RulesProbe probe_;
  std::vector<std::unique_ptr<AlertOutbox>> outboxes_;
};

TEST_F(BatchProcessorTest, CountsFiguresAndStoresOffsetsAtomically) {
  auto p = NewProcessor();
  ASSERT_TRUE(p->Process({Record(0, 0, DossierReceived("e1", "D1", "U1", t0_)),
                          Record(1, 0, DossierReceived("e2", "D2", "U1", t0_)),
                          Record(0, 1,
                                 DossierResolved("e3", "D1", "U1",
                                                 t0_ + absl::Hours(2)))})
                  .ok());
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldReceived), "2");
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldResolved), "1");
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldResolvedEarly), "1");
  EXPECT_EQ(Figure(layout_.UnitDay("U1", absl::CivilDay(2026, 4, 24)),
                   domain::kFieldReceived),
            "2");
  EXPECT_EQ(Figure(layout_.UnitMonth("U1", absl::CivilMonth(2026, 4)),
                   domain::kFieldReceived),
            "2");
  EXPECT_EQ(Figure(layout_.UnitMonth("U1", absl::CivilMonth(2026, 4)),
                   domain::kFieldResolvedEarly),
            "1");
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldInProgress), "1");
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldWatermark),
            std::to_string(absl::ToUnixMillis(t0_ + absl::Hours(2))));
  EXPECT_EQ(*store_.GetOffset("dossiers", 0), 2);
  EXPECT_EQ(*store_.GetOffset("dossiers", 1), 1);
}

TEST_F(BatchProcessorTest, TheStateCacheIsBoundedAndReadsBackFromTheStore) {
  auto p = NewProcessor();
  p->set_cache_limit(2);
  ASSERT_TRUE(p->Process({Record(0, 0, DossierReceived("e1", "D1", "U1", t0_)),
                          Record(0, 1, DossierReceived("e2", "D2", "U1", t0_))})
                  .ok());
  EXPECT_EQ(p->cached_states(), 2u);
  ASSERT_TRUE(
      p->Process({Record(0, 2, DossierReceived("e3", "D3", "U1", t0_))}).ok());
  EXPECT_EQ(p->cached_states(), 0u);
  // D1 comes back from the store: resolving it counts once, as early.
  ASSERT_TRUE(p->Process({Record(0, 3,
                                 DossierResolved("e4", "D1", "U1",
                                                 t0_ + absl::Hours(1)))})
                  .ok());
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldResolvedEarly), "1");
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldInProgress), "2");
}

TEST_F(BatchProcessorTest, FiguresAreAlsoKeptByFieldAndChannel) {
  auto p = NewProcessor();
  v1::Event postal = DossierReceived("e2", "D2", "U1", t0_);
  postal.mutable_dossier()->set_channel(v1::CHANNEL_POSTAL);
  ASSERT_TRUE(p->Process({Record(0, 0, DossierReceived("e1", "D1", "U1", t0_)),
                          Record(0, 1, postal),
                          Record(0, 2,
                                 DossierResolved("e3", "D1", "U1",
                                                 t0_ + absl::Hours(2)))})
                  .ok());
  const std::string total = layout_.UnitTotal("U1");
  const std::string live = layout_.UnitLive("U1");
  using domain::BreakdownField;
  EXPECT_EQ(
      Figure(total, BreakdownField(domain::kFieldReceived, "field", "ho-tich")),
      "2");
  EXPECT_EQ(Figure(total, BreakdownField(domain::kFieldReceived, "channel",
                                         "CHANNEL_ONLINE")),
            "1");
  EXPECT_EQ(Figure(total, BreakdownField(domain::kFieldReceived, "channel",
                                         "CHANNEL_POSTAL")),
            "1");
  EXPECT_EQ(Figure(total, BreakdownField(domain::kFieldResolvedEarly, "channel",
                                         "CHANNEL_ONLINE")),
            "1");
  EXPECT_EQ(Figure(live, BreakdownField(domain::kFieldInProgress, "channel",
                                        "CHANNEL_ONLINE")),
            "0");
  EXPECT_EQ(Figure(live, BreakdownField(domain::kFieldInProgress, "channel",
                                        "CHANNEL_POSTAL")),
            "1");
  EXPECT_EQ(Figure(live, BreakdownField(domain::kFieldInProgress, "field",
                                        "ho-tich")),
            "1");
}

TEST_F(BatchProcessorTest, RedeliveredRecordsAfterRestartAreSkipped) {
  auto first = NewProcessor();
  const auto batch = std::vector<events::InRecord>{
      Record(0, 0, DossierReceived("e1", "D1", "U1", t0_)),
      Record(0, 1, DossierReceived("e2", "D2", "U1", t0_))};
  ASSERT_TRUE(first->Process(batch).ok());
  auto restarted = NewProcessor();
  ASSERT_TRUE(restarted->Process(batch).ok());
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldReceived), "2");
}

TEST_F(BatchProcessorTest, DuplicateEventIdAtANewOffsetIsAppliedOnce) {
  auto p = NewProcessor();
  const v1::Event e = DossierReceived("e1", "D1", "U1", t0_);
  ASSERT_TRUE(p->Process({Record(0, 0, e)}).ok());
  ASSERT_TRUE(p->Process({Record(0, 1, e)}).ok());
  auto fresh = NewProcessor();  // state comes back from the store
  ASSERT_TRUE(fresh->Process({Record(0, 2, e)}).ok());
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldReceived), "1");
  EXPECT_EQ(*store_.GetOffset("dossiers", 0), 3);
}

TEST_F(BatchProcessorTest, FailedCommitKeepsNothingAndRetryCountsOnce) {
  auto p = NewProcessor();
  ASSERT_TRUE(
      p->Process({Record(0, 0, DossierReceived("e1", "D1", "U1", t0_))}).ok());
  store_.FailNextCommits(1);
  const auto batch = std::vector<events::InRecord>{
      Record(0, 1, DossierResolved("e2", "D1", "U1", t0_ + absl::Hours(1)))};
  EXPECT_EQ(p->Process(batch).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldResolved), "0");
  ASSERT_TRUE(p->Process(batch).ok());
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldResolved), "1");
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldInProgress), "0");
}

TEST_F(BatchProcessorTest, DeadlineTimerFiresOnceAndSurvivesRestart) {
  auto p = NewProcessor();
  // 3 working days from Fri 24/04/2026 09:00 (Mon 27/04, Thu 30/04 and
  // Fri 01/05 are off): due Mon 04/05 17:00.
  ASSERT_TRUE(
      p->Process({Record(0, 0, DossierReceived("e1", "D1", "U1", t0_))}).ok());
  EXPECT_EQ(p->timers_pending(), 1u);
  auto durable = store_.GetSortedSet(layout_.Timers("dossiers", 0));
  ASSERT_EQ(durable->size(), 1u);
  EXPECT_EQ(durable->at(0).first, "d:D1");

  clock_.Set(VnTime("2026-05-04T17:00:02+07:00"));
  auto restarted = NewProcessor();  // timers come back from the store
  ASSERT_TRUE(restarted->Process({}).ok());
  ASSERT_TRUE(restarted->FireDueTimers().ok());
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldInProgressOverdue),
            "1");
  EXPECT_EQ(Figure(layout_.UnitLive("U1"),
                   domain::AlertsFiringField(v1::SEVERITY_CRITICAL)),
            "2");  // overdue + no apology
  // Firing again, or from yet another instance, changes nothing.
  ASSERT_TRUE(restarted->FireDueTimers().ok());
  auto third = NewProcessor();
  ASSERT_TRUE(third->FireDueTimers().ok());
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldInProgressOverdue),
            "1");
  EXPECT_EQ(third->timers_pending(), 0u);  // nothing left to check

  // The late resolution ends the overdue state and both alerts.
  ASSERT_TRUE(third
                  ->Process({Record(
                      0, 1,
                      DossierResolved("e2", "D1", "U1",
                                      VnTime("2026-05-05T08:00:00+07:00")))})
                  .ok());
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldInProgressOverdue),
            "0");
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldResolvedLate), "1");
  EXPECT_EQ(Figure(layout_.UnitLive("U1"),
                   domain::AlertsFiringField(v1::SEVERITY_CRITICAL)),
            "1");  // "no apology" stays: the breach happened
}

// A stalled instance that lost its partitions without knowing it yet (a
// rebalance during a long pause) writes nothing once the new owner has
// taken the partitions' fences: not a timer's firing from its stale cache,
// which moves no offset, nor an event.
TEST_F(BatchProcessorTest, AFormerOwnerCannotWriteAfterTheNewOwnerTookOver) {
  auto former = NewProcessor();
  ASSERT_TRUE(
      former->Process({Record(0, 0, DossierReceived("e1", "D1", "U1", t0_))})
          .ok());
  clock_.Set(VnTime("2026-05-04T17:00:02+07:00"));  // past the due time
  auto owner = NewProcessor();
  ASSERT_TRUE(owner->FireDueTimers().ok());
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldInProgressOverdue),
            "1");

  // The former owner still holds D1's state from before the deadline.
  const std::vector<events::InRecord> resolution = {Record(
      0, 1,
      DossierResolved("e2", "D1", "U1", VnTime("2026-05-05T08:00:00+07:00")))};
  EXPECT_EQ(former->FireDueTimers().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(former->Process(resolution).code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldInProgressOverdue),
            "1");
  EXPECT_EQ(Figure(layout_.UnitLive("U1"),
                   domain::AlertsFiringField(v1::SEVERITY_CRITICAL)),
            "2");  // overdue + no apology, counted once
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldResolved), "0");

  // The new owner applies the same event.
  ASSERT_TRUE(owner->Process(resolution).ok());
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldResolved), "1");
}

TEST_F(BatchProcessorTest, BehindTheLogTimersWaitForEventTime) {
  auto p = NewProcessor();
  p->SetBehind({{"dossiers", 0}});
  ASSERT_TRUE(
      p->Process({Record(0, 0, DossierReceived("e1", "D1", "U1", t0_))}).ok());
  // Due Mon 04/05 17:00: passed on the clock, not in the events read.
  clock_.Set(VnTime("2026-05-04T17:00:02+07:00"));
  EXPECT_EQ(p->TimerTime(), t0_);
  EXPECT_FALSE(p->HasDueTimers());
  ASSERT_TRUE(p->FireDueTimers().ok());
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldInProgressOverdue),
            "0");
  EXPECT_EQ(outbox().pending(), 0u);
  // An event of the partition past the deadline: the timer fires.
  ASSERT_TRUE(p->Process({Record(0, 1,
                                 DossierReceived("e2", "D2", "U1",
                                                 VnTime("2026-05-04T17:00:01"
                                                        "+07:00")))})
                  .ok());
  EXPECT_TRUE(p->HasDueTimers());
  ASSERT_TRUE(p->FireDueTimers().ok());
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldInProgressOverdue),
            "1");
  // Caught up: the clock rules again.
  p->SetBehind({});
  EXPECT_EQ(p->TimerTime(), clock_.Now());
}

TEST_F(BatchProcessorTest, AlertsGoThroughTheOutboxAtLeastOnce) {
  auto p = NewProcessor();
  ASSERT_TRUE(
      p->Process({Record(0, 0, DossierReceived("e1", "D1", "U1", t0_))}).ok());
  clock_.Set(VnTime("2026-05-04T17:00:02+07:00"));
  ASSERT_TRUE(p->FireDueTimers().ok());
  EXPECT_EQ(outbox().pending(), 2u);
  EXPECT_EQ(store_.GetHashes({layout_.AlertOutbox()})->at(0).size(), 2u);
  // The log is down: nothing is lost.
  log_.FailNextPublishes(2);
  EXPECT_EQ(outbox().Flush(log_).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(outbox().pending(), 2u);
  // A crash now: a new instance recovers the outbox and publishes.
  AlertOutbox recovered(store_, layout_, "alerts");
  ASSERT_TRUE(recovered.Recover().ok());
  ASSERT_TRUE(recovered.Flush(log_).ok());
  EXPECT_THAT(PublishedAlerts(), ::testing::UnorderedElementsAre(
                                     "DOSSIER_OVERDUE ALERT_FIRING",
                                     "DOSSIER_NO_APOLOGY ALERT_FIRING"));
  EXPECT_TRUE(store_.GetHashes({layout_.AlertOutbox()})->at(0).empty());
  EXPECT_EQ(log_.Records("alerts")[0].key, "D1");
}

TEST_F(BatchProcessorTest, ReplayIntoAnEmptyStoreGivesTheSameFigures) {
  std::vector<events::InRecord> all;
  for (int i = 0; i < 60; ++i) {
    const std::string d = "D" + std::to_string(i % 20);
    all.push_back(Record(i % 3, i / 3,
                         i < 20 ? DossierReceived("r" + std::to_string(i), d,
                                                  "U" + std::to_string(i % 4),
                                                  t0_ + absl::Minutes(i))
                                : DossierResolved("s" + std::to_string(i), d,
                                                  "U9", t0_ + absl::Hours(i))));
  }
  clock_.Set(VnTime("2026-05-20T12:00:00+07:00"));
  auto p = NewProcessor();
  for (size_t i = 0; i < all.size(); i += 7) {
    std::vector<events::InRecord> part(
        all.begin() + i, all.begin() + std::min(all.size(), i + 7));
    ASSERT_TRUE(p->Process(part).ok());
    ASSERT_TRUE(p->FireDueTimers().ok());
  }
  testing::InMemoryStateStore other;
  AlertOutbox other_outbox(other, layout_, "alerts");
  BatchProcessor q(other, layout_, clock_, rules_, feedback_rules_,
                   other_outbox, probe_);
  q.OnAssignment({{"dossiers", 0}, {"dossiers", 1}, {"dossiers", 2}});
  ASSERT_TRUE(q.Process(all).ok());
  ASSERT_TRUE(q.FireDueTimers().ok());
  EXPECT_EQ(store_.HashesSnapshot(), other.HashesSnapshot());
  EXPECT_EQ(store_.StringsSnapshot(), other.StringsSnapshot());
}

TEST_F(BatchProcessorTest, FeedbackIsTrackedWithItsOwnTimers) {
  v1::Event received = DossierReceived("f1", "x", "U2", t0_);
  received.clear_dossier();
  received.mutable_feedback()->set_feedback_id("F1");
  received.mutable_feedback()->set_kind(v1::FEEDBACK_RECEIVED);
  received.mutable_feedback()->set_channel(v1::FEEDBACK_CHANNEL_IHANOI);
  auto p = NewProcessor();
  ASSERT_TRUE(
      p->Process({{"feedback", 0, 0, "F1", received.SerializeAsString()}})
          .ok());
  EXPECT_EQ(Figure(layout_.UnitTotal("U2"), domain::kFieldFeedbackReceived),
            "1");
  EXPECT_TRUE(store_.Get(layout_.Feedback("F1"))->has_value());
  EXPECT_EQ(p->timers_pending(), 1u);
  // Not accepted within 8 working hours (Fri 09:00 -> Mon 27/04 is off,
  // so Tue 28/04 09:00).
  clock_.Set(VnTime("2026-04-28T09:00:01+07:00"));
  ASSERT_TRUE(p->FireDueTimers().ok());
  EXPECT_EQ(Figure(layout_.UnitLive("U2"),
                   domain::AlertsFiringField(v1::SEVERITY_WARNING)),
            "1");
}

TEST_F(BatchProcessorTest, UndecodableRecordIsSkippedButOffsetAdvances) {
  auto p = NewProcessor();
  ASSERT_TRUE(p->Process({{"dossiers", 0, 0, "k", "\xff\xff garbage"}}).ok());
  EXPECT_EQ(*store_.GetOffset("dossiers", 0), 1);
}

TEST_F(BatchProcessorTest, InspectionRecordsKeepStateATimerAndRaiseAlerts) {
  inspection::InspectionRules inspection_rules(
      testing::ShippedCalendar(), inspection::InspectionRulesConfig{});
  auto p = NewProcessor();
  p->set_inspection_rules(&inspection_rules);
  p->OnAssignment({{"dossiers", 0}, {"inspections", 0}});
  auto record = [](int64_t offset, const v1::Event& e) {
    return events::InRecord{"inspections", 0, offset,
                            e.inspection().inspection_id(),
                            e.SerializeAsString()};
  };
  // Visit Thu 07/05/2026: the report is due Tue 28/04 17:00.
  ASSERT_TRUE(
      p->Process({record(0, testing::InspectionRecord(
                                "i1", "INS-1", v1::INSPECTION_SCHEDULED, "U1",
                                t0_, VnTime("2026-05-07T08:30:00+07:00")))})
          .ok());
  const absl::Time due = VnTime("2026-04-28T17:00:00+07:00");
  auto timers = store_.GetSortedSet(layout_.Timers("inspections", 0));
  ASSERT_TRUE(timers.ok());
  EXPECT_THAT(*timers, ElementsAre(std::make_pair(std::string("i:INS-1"),
                                                  absl::ToUnixMillis(due))));
  auto stored = store_.GetHashes({layout_.UnitInspections("U1")});
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->at(0).count("INS-1"), 1u);
  v1::InspectionState state;
  ASSERT_TRUE(state.ParseFromString(stored->at(0).at("INS-1")));
  EXPECT_EQ(state.unit_id(), "U1");

  clock_.Set(due);
  ASSERT_TRUE(p->FireDueTimers().ok());
  auto alerts = store_.GetHashes({layout_.UnitAlerts("U1")});
  ASSERT_TRUE(alerts.ok());
  EXPECT_EQ(
      alerts->at(0).count("inspection:INS-1:INSPECTION_REPORT_NOT_RECEIVED"),
      1u);
  EXPECT_EQ(Figure(layout_.UnitLive("U1"),
                   domain::AlertsFiringField(v1::SEVERITY_WARNING)),
            "1");
  EXPECT_FALSE(p->HasDueTimers());

  // The report arrives: the alert resolves; the visit counts as done.
  clock_.Set(due + absl::Hours(20));
  ASSERT_TRUE(
      p->Process({record(1, testing::InspectionRecord(
                                "i2", "INS-1", v1::INSPECTION_REPORT_RECEIVED,
                                "U1", due + absl::Hours(16))),
                  record(2, testing::InspectionRecord(
                                "i3", "INS-1", v1::INSPECTION_DONE, "U1",
                                VnTime("2026-05-07T11:00:00+07:00")))})
          .ok());
  EXPECT_EQ(Figure(layout_.UnitLive("U1"),
                   domain::AlertsFiringField(v1::SEVERITY_WARNING)),
            "0");
  EXPECT_EQ(Figure(layout_.UnitDay("U1", absl::CivilDay(2026, 5, 7)),
                   inspection::kFieldInspectionsDone),
            "1");
  EXPECT_EQ(*store_.GetOffset("inspections", 0), 3);
}

// Delegates to a store and counts the reads of single values.
class CountingStore final : public store::StateStore {
 public:
  explicit CountingStore(store::StateStore& inner) : inner_(inner) {}
  absl::StatusOr<store::CommitOutcome> Commit(
      const store::WriteBatch& batch) override {
    return inner_.Commit(batch);
  }
  absl::StatusOr<std::optional<std::string>> Get(
      absl::string_view key) override {
    ++gets;
    return inner_.Get(key);
  }
  absl::StatusOr<std::vector<std::optional<std::string>>> GetMany(
      const std::vector<std::string>& keys) override {
    ++get_manys;
    keys_read += keys.size();
    return inner_.GetMany(keys);
  }
  absl::StatusOr<std::vector<store::Hash>> GetHashes(
      const std::vector<std::string>& keys) override {
    return inner_.GetHashes(keys);
  }
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> GetSortedSet(
      absl::string_view key) override {
    return inner_.GetSortedSet(key);
  }
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
  GetSortedSetRange(absl::string_view key, int64_t min_score, int64_t max_score,
                    int64_t offset, int64_t limit) override {
    return inner_.GetSortedSetRange(key, min_score, max_score, offset, limit);
  }
  absl::StatusOr<std::optional<int64_t>> GetOffset(absl::string_view topic,
                                                   int32_t partition) override {
    return inner_.GetOffset(topic, partition);
  }
  absl::StatusOr<int64_t> TakeFence(absl::string_view topic,
                                    int32_t partition) override {
    return inner_.TakeFence(topic, partition);
  }
  int gets = 0, get_manys = 0;
  size_t keys_read = 0;

 private:
  store::StateStore& inner_;
};

TEST_F(BatchProcessorTest, ReadsTheStatesOfABatchInOneRoundTrip) {
  auto p = NewProcessor();
  ASSERT_TRUE(p->Process({Record(0, 0, DossierReceived("e1", "D1", "U1", t0_)),
                          Record(1, 0, DossierReceived("e2", "D2", "U1", t0_)),
                          Record(2, 0, DossierReceived("e3", "D3", "U2", t0_))})
                  .ok());
  // A restarted instance (nothing cached) resolves all three in one batch,
  // D1 twice (the second is a duplicate event).
  CountingStore counting(store_);
  AlertOutbox outbox(counting, layout_, "alerts");
  BatchProcessor restarted(counting, layout_, clock_, rules_, feedback_rules_,
                           outbox, probe_);
  restarted.OnAssignment({{"dossiers", 0}, {"dossiers", 1}, {"dossiers", 2}});
  const absl::Time t1 = t0_ + absl::Hours(2);
  ASSERT_TRUE(
      restarted
          .Process({Record(0, 1, DossierResolved("e4", "D1", "U1", t1)),
                    Record(1, 1, DossierResolved("e5", "D2", "U1", t1)),
                    Record(0, 2, DossierResolved("e4", "D1", "U1", t1)),
                    Record(2, 1, DossierResolved("e6", "D3", "U2", t1))})
          .ok());
  EXPECT_EQ(counting.gets, 0);
  EXPECT_EQ(counting.get_manys, 1);
  EXPECT_EQ(counting.keys_read, 3u);
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldResolved), "2");
  EXPECT_EQ(Figure(layout_.UnitTotal("U2"), domain::kFieldResolved), "1");
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldInProgress), "0");
  EXPECT_EQ(*store_.GetOffset("dossiers", 0), 3);
}

TEST_F(BatchProcessorTest, CachedStatesAreReadOnceAndDroppedOnFailure) {
  CountingStore counting(store_);
  AlertOutbox outbox(counting, layout_, "alerts");
  BatchProcessor p(counting, layout_, clock_, rules_, feedback_rules_, outbox,
                   probe_);
  p.OnAssignment({{"dossiers", 0}});
  const auto at = [&](int hours) { return t0_ + absl::Hours(hours); };
  ASSERT_TRUE(
      p.Process({Record(0, 0, DossierReceived("e1", "D1", "U1", t0_))}).ok());
  EXPECT_EQ(p.cached_states(), 1u);
  // A failed commit keeps nothing in memory: D1 is read again later.
  store_.FailNextCommits(1);
  const auto d2 = std::vector<events::InRecord>{
      Record(0, 1, DossierReceived("e2", "D2", "U1", at(1)))};
  EXPECT_FALSE(p.Process(d2).ok());
  EXPECT_EQ(p.cached_states(), 0u);
  const int reads = counting.get_manys;
  ASSERT_TRUE(p.Process(d2).ok());
  EXPECT_EQ(counting.get_manys, reads + 1);
  EXPECT_EQ(p.cached_states(), 1u);
  ASSERT_TRUE(
      p.Process({Record(0, 2, DossierResolved("e3", "D1", "U1", at(2)))}).ok());
  EXPECT_EQ(counting.get_manys, reads + 2);
  // D2 stayed cached, with what the earlier batch applied.
  ASSERT_TRUE(
      p.Process({Record(0, 3, DossierResolved("e4", "D2", "U1", at(3)))}).ok());
  EXPECT_EQ(counting.get_manys, reads + 2);
  EXPECT_EQ(counting.gets, 0);
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldReceived), "2");
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldResolved), "2");
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldInProgress), "0");
}

}  // namespace
}  // namespace giamsat::rules
