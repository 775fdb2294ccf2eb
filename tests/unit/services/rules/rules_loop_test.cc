#include "services/rules/rules_loop.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "common/domain/figure_fields.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_event_log.h"
#include "common/testing/in_memory_state_store.h"
#include "tests/support/event_builders.h"
#include "tests/support/shipped_calendar.h"

namespace giamsat::rules {
namespace {

using ::giamsat::testing::DossierReceived;
using ::giamsat::testing::DossierResolved;
using ::giamsat::testing::VnTime;

// A consumer slower than the log after it starts: its first `unheard`
// polls get nothing, and until they are over it does not know where the
// partitions end (no fetch answered yet); the next poll gets at most
// `trickle` records; after that, all that is asked.
class SlowStartSource final : public events::RecordSource {
 public:
  SlowStartSource(events::RecordSource& log, int unheard, size_t trickle)
      : log_(log), unheard_(unheard), trickle_(trickle) {}
  absl::StatusOr<std::vector<events::InRecord>> Poll(
      size_t max_records, absl::Duration timeout) override {
    ++polls_;
    if (polls_ <= unheard_) return log_.Poll(0, timeout);  // assigned only
    if (polls_ == unheard_ + 1) max_records = std::min(max_records, trickle_);
    return log_.Poll(max_records, timeout);
  }
  absl::Status Seek(const events::TopicPartition& tp, int64_t offset) override {
    return log_.Seek(tp, offset);
  }
  void ReportProcessed(const events::TopicPartition& tp,
                       int64_t next) override {
    log_.ReportProcessed(tp, next);
  }
  std::optional<int64_t> EndOffset(const events::TopicPartition& tp) override {
    if (polls_ <= unheard_) return std::nullopt;
    return log_.EndOffset(tp);
  }

 private:
  events::RecordSource& log_;
  const int unheard_;
  const size_t trickle_;
  int polls_ = 0;
};

class RulesLoopTest : public ::testing::Test {
 protected:
  RulesLoopTest()
      : clock_(VnTime("2026-04-24T12:00:00+07:00")),
        rules_(testing::ShippedCalendar(), domain::DossierRulesConfig{}),
        registry_(std::make_shared<prometheus::Registry>()),
        probe_(*registry_),
        outbox_(store_, layout_, "alerts"),
        processor_(store_, layout_, clock_, rules_, feedback_rules_, outbox_,
                   probe_),
        source_(log_.NewSource(
            {"dossiers"},
            [this](const events::TopicPartition& tp) {
              return processor_.StoredOffset(tp);
            },
            [this](const std::vector<events::TopicPartition>& owned) {
              processor_.OnAssignment(owned);
            })),
        loop_(*source_, processor_, outbox_, log_, LoopConfig{}) {}

  void Publish(int n, int from = 0) {
    std::vector<events::OutRecord> out;
    for (int i = from; i < from + n; ++i) {
      v1::Event e =
          DossierReceived("e" + std::to_string(i), "D" + std::to_string(i),
                          "U1", VnTime("2026-04-24T09:00:00+07:00"));
      out.push_back(
          {"dossiers", e.dossier().dossier_id(), e.SerializeAsString()});
    }
    for (const auto& s : log_.PublishBatch(out)) ASSERT_TRUE(s.ok());
  }
  // Publishes `events` under one key: one partition, read in this order.
  void PublishInOrder(const std::vector<v1::Event>& events) {
    std::vector<events::OutRecord> out;
    for (const v1::Event& e : events) {
      out.push_back({"dossiers", "U1", e.SerializeAsString()});
    }
    for (const auto& s : log_.PublishBatch(out)) ASSERT_TRUE(s.ok());
  }
  // Each alert published, as "<dossier> <rule> <state>".
  std::vector<std::string> Published() {
    std::vector<std::string> out;
    for (const auto& r : log_.Records("alerts")) {
      v1::Alert a;
      EXPECT_TRUE(a.ParseFromString(r.value));
      out.push_back(a.subject_id() + " " + a.rule_id() + " " +
                    v1::AlertState_Name(a.state()));
    }
    return out;
  }
  // Another instance of the service over the same store and log (a
  // restart).
  struct Instance {
    explicit Instance(RulesLoopTest& t)
        : outbox(t.store_, t.layout_, "alerts"),
          processor(t.store_, t.layout_, t.clock_, t.rules_, t.feedback_rules_,
                    outbox, t.probe_),
          source(t.log_.NewSource(
              {"dossiers"},
              [this](const events::TopicPartition& tp) {
                return processor.StoredOffset(tp);
              },
              [this](const std::vector<events::TopicPartition>& owned) {
                processor.OnAssignment(owned);
              })) {}
    AlertOutbox outbox;
    BatchProcessor processor;
    std::unique_ptr<events::RecordSource> source;
  };
  std::string Received() {
    auto h = store_.GetHashes({layout_.UnitTotal("U1")})->at(0);
    auto it = h.find(domain::kFieldReceived);
    return it == h.end() ? "0" : it->second;
  }

  testing::FakeClock clock_;
  domain::DossierRules rules_;
  domain::FeedbackRules feedback_rules_{testing::ShippedCalendar(),
                                        domain::FeedbackRulesConfig{}};
  testing::InMemoryEventLog log_;
  testing::InMemoryStateStore store_;
  store::KeyLayout layout_{"gs:"};
  std::shared_ptr<prometheus::Registry> registry_;
  RulesProbe probe_;
  AlertOutbox outbox_;
  BatchProcessor processor_;
  std::unique_ptr<events::RecordSource> source_;
  RulesLoop loop_;
};

TEST_F(RulesLoopTest, ProcessesWhatIsPublished) {
  Publish(10);
  ASSERT_TRUE(loop_.RunOnce().ok());
  EXPECT_EQ(Received(), "10");
}

TEST_F(RulesLoopTest, FailedCommitRewindsAndNothingIsLostOrDoubled) {
  Publish(10);
  store_.FailNextCommits(1);
  EXPECT_EQ(loop_.RunOnce().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Received(), "0");
  Publish(5, 10);
  ASSERT_TRUE(loop_.RunOnce().ok());
  EXPECT_EQ(Received(), "15");
}

TEST_F(RulesLoopTest, RestartResumesFromStoredOffsets) {
  Publish(10);
  ASSERT_TRUE(loop_.RunOnce().ok());
  Publish(3, 10);
  // A new instance over the same store and log.
  Instance restarted(*this);
  RulesLoop loop(*restarted.source, restarted.processor, restarted.outbox, log_,
                 LoopConfig{});
  ASSERT_TRUE(loop.RunOnce().ok());
  EXPECT_EQ(Received(), "13");
}

TEST_F(RulesLoopTest, OverdueAlertsArePublishedWhenTheirTimerFires) {
  Publish(2);
  ASSERT_TRUE(loop_.RunOnce().ok());
  EXPECT_TRUE(log_.Records("alerts").empty());
  // 3 working days from Fri 24/04/2026 09:00 end Mon 04/05 17:00.
  clock_.Set(VnTime("2026-05-04T17:00:02+07:00"));
  ASSERT_TRUE(loop_.RunOnce().ok());
  EXPECT_EQ(log_.Records("alerts").size(), 4u);  // overdue + no apology, x2
  EXPECT_EQ(outbox_.pending(), 0u);
}

TEST_F(RulesLoopTest, WhileCatchingUpTimersFireByEventTimeNotTheClock) {
  // A month after the events: both deadlines (Mon 04/05 17:00) have
  // passed on the clock. D1 was resolved on time, D2 never.
  clock_.Set(VnTime("2026-06-01T09:00:00+07:00"));
  PublishInOrder(
      {DossierReceived("e1", "D1", "U1", VnTime("2026-04-24T09:00:00+07:00")),
       DossierReceived("e2", "D2", "U1", VnTime("2026-04-24T09:00:00+07:00")),
       DossierResolved("e3", "D1", "U1", VnTime("2026-04-27T10:00:00+07:00"))});
  // One record per batch, so the consumer stays behind until the last.
  RulesLoop loop(*source_, processor_, outbox_, log_,
                 LoopConfig{.max_batch_records = 1});
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(loop.RunOnce().ok());
    EXPECT_FALSE(processor_.behind().empty()) << "after record " << i;
    EXPECT_THAT(Published(), ::testing::IsEmpty()) << "after record " << i;
  }
  ASSERT_TRUE(loop.RunOnce().ok());
  EXPECT_TRUE(processor_.behind().empty());
  EXPECT_THAT(Published(),
              ::testing::Contains("D2 DOSSIER_OVERDUE ALERT_FIRING"));
  // D1 was resolved on time: never overdue. (Its result, not returned a
  // month later, is rightly flagged once caught up.)
  EXPECT_THAT(Published(), ::testing::Not(::testing::Contains(
                               ::testing::StartsWith("D1 DOSSIER_OVERDUE"))));
  EXPECT_THAT(Published(), ::testing::Contains(
                               "D1 DOSSIER_RESULT_NOT_RETURNED ALERT_FIRING"));
}

TEST_F(RulesLoopTest, AfterARestartNoDeadlineIsJudgedByTheClockUntilRead) {
  // D1 and D2 are applied before the outage; then 20 more receipts and D1's
  // resolution on time wait in the log.
  const absl::Time received = VnTime("2026-04-24T09:00:00+07:00");
  PublishInOrder({DossierReceived("e1", "D1", "U1", received),
                  DossierReceived("e2", "D2", "U1", received)});
  ASSERT_TRUE(loop_.RunOnce().ok());
  std::vector<v1::Event> backlog;
  for (int i = 0; i < 20; ++i) {
    backlog.push_back(DossierReceived(absl::StrCat("f", i),
                                      absl::StrCat("F", i), "U1",
                                      received + absl::Hours(1)));
  }
  backlog.push_back(
      DossierResolved("e3", "D1", "U1", VnTime("2026-04-27T10:00:00+07:00")));
  PublishInOrder(backlog);

  // Restarted a month later (both deadlines, Mon 04/05 17:00, passed on the
  // clock), with a consumer slow to fetch.
  clock_.Set(VnTime("2026-06-01T09:00:00+07:00"));
  Instance restarted(*this);
  BatchProcessor& processor = restarted.processor;
  SlowStartSource slow(*restarted.source, /*unheard=*/1, /*trickle=*/1);
  RulesLoop loop(slow, processor, restarted.outbox, log_, LoopConfig{});
  // Nothing fetched yet, and where the partition ends is not known.
  ASSERT_TRUE(loop.RunOnce().ok());
  EXPECT_FALSE(processor.behind().empty());
  EXPECT_THAT(Published(), ::testing::IsEmpty());
  // One record fetched, 20 more in the log: a partial batch, still behind.
  ASSERT_TRUE(loop.RunOnce().ok());
  EXPECT_FALSE(processor.behind().empty());
  EXPECT_THAT(Published(), ::testing::IsEmpty());
  // The rest: caught up, the clock rules, D1 was resolved on time.
  ASSERT_TRUE(loop.RunOnce().ok());
  EXPECT_TRUE(processor.behind().empty());
  EXPECT_THAT(Published(),
              ::testing::Contains("D2 DOSSIER_OVERDUE ALERT_FIRING"));
  EXPECT_THAT(Published(), ::testing::Not(::testing::Contains(
                               ::testing::StartsWith("D1 DOSSIER_OVERDUE"))));
}

}  // namespace
}  // namespace giamsat::rules
