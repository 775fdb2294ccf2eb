// EscalatorCore on the in-memory store and log with fake channels and a
// fake clock: decisions are stored with the offsets, deliveries retry with
// back-off and are dead-lettered after the budget, state survives a
// restart, a failed commit leaves nothing behind, acks are recorded, and
// only the instance holding the fence decides.
#include "services/escalator/escalator_core.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_event_log.h"
#include "common/testing/in_memory_state_store.h"
#include "prometheus/registry.h"
#include "tests/support/shipped_calendar.h"

namespace giamsat::escalator {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

constexpr char kAlerts[] = "t.alerts";
constexpr char kAudit[] = "t.audit";
constexpr char kDead[] = "t.dead";

absl::Time At(int y, int mo, int d, int h, int mi) {
  return absl::FromCivil(absl::CivilMinute(y, mo, d, h, mi),
                         absl::FixedTimeZone(7 * 3600));
}

class FakeChannel final : public Channel {
 public:
  explicit FakeChannel(std::string name) : name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  bool Reaches(const escalation::Contact& c) const override {
    return !c.email.empty();
  }
  absl::Status Deliver(const v1::Notification& n,
                       const escalation::Contact& c) override {
    attempts.push_back(n.notification_id());
    if (reject) return absl::FailedPreconditionError("HTTP 400");
    if (failures > 0) {
      --failures;
      return absl::UnavailableError("receiver down");
    }
    delivered.push_back(n);
    return absl::OkStatus();
  }
  int failures = 0;
  bool reject = false;
  std::vector<std::string> attempts;
  std::vector<v1::Notification> delivered;

 private:
  const std::string name_;
};

escalation::PolicyConfig Policy() {
  escalation::PolicyConfig c;
  c.levels = {{{}, absl::Hours(4)}, {{"ward"}, absl::Hours(8)}};
  c.routes = {escalation::Route{}};
  c.contacts = {{"HN.W.VP", {"Office head", "vp@example.org"}},
                {"HN.W", {"Ward chair", "ward@example.org"}}};
  return c;
}

std::shared_ptr<const units::UnitTree> Units() {
  auto tree = units::UnitTree::Parse(R"(units:
  - {id: HN, name: HN, level: city}
  - {id: HN.W, name: W, level: ward, parent: HN}
  - {id: HN.W.VP, name: VP, level: office, parent: HN.W}
)",
                                     "test");
  EXPECT_TRUE(tree.ok());
  return std::make_shared<units::UnitTree>(std::move(*tree));
}

events::InRecord Record(int64_t offset, const std::string& alert_id,
                        v1::AlertState state) {
  v1::Alert a;
  a.set_alert_id(alert_id);
  a.set_rule_id("DOSSIER_OVERDUE");
  a.set_severity(v1::SEVERITY_CRITICAL);
  a.set_state(state);
  a.set_subject_id("D-" + alert_id);
  a.set_unit_id("HN.W.VP");
  return {kAlerts, 0, offset, a.subject_id(), a.SerializeAsString()};
}

v1::AckAlertRequest AckOf(const std::string& alert_id) {
  v1::AckAlertRequest req;
  req.set_alert_id(alert_id);
  req.set_acknowledged_by("tran.thi.b");
  return req;
}

// One running escalator instance over a shared store; unless `assigned` is
// false, it owns the alerts partition, as after the consumer group's
// assignment.
struct Instance {
  Instance(testing::InMemoryStateStore& store, testing::FakeClock& clock,
           FakeChannel& channel, DeliveryPolicy delivery = {},
           bool assigned = true)
      : probe(registry),
        policy(Policy(), testing::ShippedCalendar(), Units()),
        core(store, store::KeyLayout("t:"), policy, {&channel}, clock, probe,
             delivery, {kAlerts, kAudit, kDead}) {
    EXPECT_TRUE(core.Recover().ok());
    if (assigned) Assign();
  }
  void Assign() { core.OnAssignment({{kAlerts, 0}}); }
  prometheus::Registry registry;
  EscalatorProbe probe;
  escalation::EscalationPolicy policy;
  EscalatorCore core;
};

class EscalatorCoreTest : public ::testing::Test {
 protected:
  testing::InMemoryStateStore store_;
  testing::InMemoryEventLog log_;
  testing::FakeClock clock_{At(2026, 11, 30, 9, 0)};
  FakeChannel email_{"email"};
};

TEST_F(EscalatorCoreTest, StoresDecisionsWithOffsetsAndDeliversOnce) {
  Instance i(store_, clock_, email_);
  ASSERT_TRUE(i.core
                  .Process({Record(0, "a1", v1::ALERT_FIRING),
                            Record(1, "a2", v1::ALERT_FIRING)})
                  .ok());
  EXPECT_EQ(*store_.GetOffset(kAlerts, 0), 2);
  ASSERT_TRUE(i.core.Tick().ok());
  ASSERT_TRUE(i.core.Deliver(log_).ok());
  EXPECT_THAT(email_.delivered, IsEmpty());  // grouping window still open
  clock_.Advance(absl::Minutes(5));
  ASSERT_TRUE(i.core.Tick().ok());
  ASSERT_TRUE(i.core.Deliver(log_).ok());
  ASSERT_THAT(email_.delivered, SizeIs(1));
  EXPECT_EQ(email_.delivered[0].recipient(), "HN.W.VP");
  EXPECT_THAT(email_.delivered[0].alert_ids(), ElementsAre("a1", "a2"));
  ASSERT_TRUE(i.core.Deliver(log_).ok());
  EXPECT_THAT(email_.attempts, SizeIs(1));
  EXPECT_EQ(i.core.pending_deliveries(), 0u);

  // Replayed records (offsets below the stored one) are skipped.
  ASSERT_TRUE(i.core.Process({Record(1, "a2", v1::ALERT_RESOLVED)}).ok());
  ASSERT_TRUE(i.core.FlushAudit(log_).ok());
  auto audit = i.core.ListAudit({});
  ASSERT_TRUE(audit.ok());
  std::vector<v1::AuditKind> kinds;
  for (const auto& a : *audit) kinds.push_back(a.kind());
  // Same instant on the fake clock: ties are ordered by entry id.
  EXPECT_THAT(kinds,
              UnorderedElementsAre(v1::AUDIT_NOTIFIED, v1::AUDIT_DELIVERED));
  EXPECT_THAT(log_.Records(kAudit), SizeIs(2));
}

TEST_F(EscalatorCoreTest, RetriesWithBackoffThenDeadLetters) {
  DeliveryPolicy delivery;
  delivery.max_attempts = 3;
  delivery.initial_backoff = absl::Seconds(10);
  delivery.max_backoff = absl::Seconds(15);
  Instance i(store_, clock_, email_, delivery);
  email_.failures = 100;
  ASSERT_TRUE(i.core.Process({Record(0, "a1", v1::ALERT_FIRING)}).ok());
  clock_.Advance(absl::Minutes(5));
  ASSERT_TRUE(i.core.Tick().ok());
  ASSERT_TRUE(i.core.Deliver(log_).ok());
  EXPECT_THAT(email_.attempts, SizeIs(1));
  clock_.Advance(absl::Seconds(9));
  ASSERT_TRUE(i.core.Deliver(log_).ok());
  EXPECT_THAT(email_.attempts, SizeIs(1));  // back-off: 10 s
  clock_.Advance(absl::Seconds(1));
  ASSERT_TRUE(i.core.Deliver(log_).ok());
  EXPECT_THAT(email_.attempts, SizeIs(2));
  clock_.Advance(absl::Seconds(14));
  ASSERT_TRUE(i.core.Deliver(log_).ok());
  EXPECT_THAT(email_.attempts, SizeIs(2));  // back-off: 20 s capped to 15 s
  clock_.Advance(absl::Seconds(1));
  ASSERT_TRUE(i.core.Deliver(log_).ok());
  EXPECT_THAT(email_.attempts, SizeIs(3));
  auto dead = log_.Records(kDead);
  ASSERT_THAT(dead, SizeIs(1));
  v1::Delivery d;
  ASSERT_TRUE(d.ParseFromString(dead[0].value));
  EXPECT_EQ(d.attempts(), 3);
  EXPECT_EQ(d.channel(), "email");
  EXPECT_EQ(i.core.pending_deliveries(), 0u);
  clock_.Advance(absl::Hours(1));
  ASSERT_TRUE(i.core.Deliver(log_).ok());
  EXPECT_THAT(email_.attempts, SizeIs(3));
}

TEST_F(EscalatorCoreTest, PermanentErrorsAreDeadLetteredAtOnce) {
  Instance i(store_, clock_, email_);
  email_.reject = true;
  ASSERT_TRUE(i.core.Process({Record(0, "a1", v1::ALERT_FIRING)}).ok());
  clock_.Advance(absl::Minutes(5));
  ASSERT_TRUE(i.core.Tick().ok());
  clock_.Advance(absl::Seconds(1));
  ASSERT_TRUE(i.core.Deliver(log_).ok());
  EXPECT_THAT(email_.attempts, SizeIs(1));
  ASSERT_THAT(log_.Records(kDead), SizeIs(1));
  EXPECT_EQ(i.core.pending_deliveries(), 0u);
  auto audit = i.core.ListAudit({});
  ASSERT_TRUE(audit.ok());
  ASSERT_FALSE(audit->empty());
  EXPECT_EQ(audit->back().kind(), v1::AUDIT_DEAD_LETTERED);
  EXPECT_EQ(audit->back().detail(), "FAILED_PRECONDITION: HTTP 400");
}

TEST_F(EscalatorCoreTest, PendingWorkSurvivesARestart) {
  {
    Instance first(store_, clock_, email_);
    email_.failures = 1;
    ASSERT_TRUE(first.core.Process({Record(0, "a1", v1::ALERT_FIRING)}).ok());
    clock_.Advance(absl::Minutes(5));
    ASSERT_TRUE(first.core.Tick().ok());
    ASSERT_TRUE(first.core.Deliver(log_).ok());  // fails, stays pending
  }
  Instance second(store_, clock_, email_);
  EXPECT_EQ(second.core.pending_deliveries(), 1u);
  // Nothing is decided twice: the first notice is not sent again.
  ASSERT_TRUE(second.core.Tick().ok());
  clock_.Advance(absl::Minutes(1));
  ASSERT_TRUE(second.core.Deliver(log_).ok());
  ASSERT_THAT(email_.delivered, SizeIs(1));
  EXPECT_EQ(email_.delivered[0].kind(), v1::NOTIFICATION_FIRING);
  // The escalation continues from the stored state: level 2 at 13:05.
  clock_.Set(At(2026, 11, 30, 14, 5));
  ASSERT_TRUE(second.core.Tick().ok());
  ASSERT_TRUE(second.core.Deliver(log_).ok());
  ASSERT_THAT(email_.delivered, SizeIs(2));
  EXPECT_EQ(email_.delivered[1].recipient(), "HN.W");
}

TEST_F(EscalatorCoreTest, FailedCommitKeepsNothingAndTheRetryDecidesOnce) {
  Instance i(store_, clock_, email_);
  store_.FailNextCommits(1);
  EXPECT_FALSE(i.core.Process({Record(0, "a1", v1::ALERT_FIRING)}).ok());
  EXPECT_THAT(i.policy.escalations(), IsEmpty());
  ASSERT_TRUE(i.core.Process({Record(0, "a1", v1::ALERT_FIRING)}).ok());
  clock_.Advance(absl::Minutes(5));
  store_.FailNextCommits(1);
  EXPECT_FALSE(i.core.Tick().ok());
  ASSERT_TRUE(i.core.Tick().ok());
  ASSERT_TRUE(i.core.Deliver(log_).ok());
  EXPECT_THAT(email_.delivered, SizeIs(1));
}

TEST_F(EscalatorCoreTest, AckIsStoredAndStopsEscalationAfterRestart) {
  {
    Instance first(store_, clock_, email_);
    ASSERT_TRUE(first.core.Process({Record(0, "a1", v1::ALERT_FIRING)}).ok());
    clock_.Advance(absl::Minutes(5));
    ASSERT_TRUE(first.core.Tick().ok());
    auto ack = first.core.Ack(AckOf("a1"));
    ASSERT_TRUE(ack.ok()) << ack.status();
  }
  Instance second(store_, clock_, email_);
  clock_.Set(At(2026, 12, 4, 9, 0));
  ASSERT_TRUE(second.core.Tick().ok());
  ASSERT_TRUE(second.core.Deliver(log_).ok());
  ASSERT_THAT(email_.delivered, SizeIs(1));  // only the first notice
  v1::ListAuditEntriesRequest by_unit;
  by_unit.set_unit_id("HN.W.VP");
  auto audit = second.core.ListAudit(by_unit);
  ASSERT_TRUE(audit.ok());
  bool acked = false;
  for (const auto& a : *audit) {
    if (a.kind() == v1::AUDIT_ACKNOWLEDGED) {
      acked = true;
      EXPECT_EQ(a.actor(), "tran.thi.b");
    }
  }
  EXPECT_TRUE(acked);
}

TEST_F(EscalatorCoreTest, AFormerInstanceDecidesNothingOnceANewOneTookOver) {
  Instance former(store_, clock_, email_);
  ASSERT_TRUE(former.core.Process({Record(0, "a1", v1::ALERT_FIRING)}).ok());
  EXPECT_TRUE(former.core.active());
  // A newer instance is assigned the partition (a rolling update, or the
  // former one stalled past its session) and acts first.
  Instance newer(store_, clock_, email_);
  ASSERT_TRUE(newer.core.Tick().ok());
  EXPECT_TRUE(newer.core.active());

  // The former one has not learnt it yet: its notice is refused.
  clock_.Advance(absl::Minutes(5));
  const absl::Status refused = former.core.Tick();
  EXPECT_TRUE(absl::IsAborted(refused)) << refused;
  EXPECT_FALSE(former.core.active());
  ASSERT_TRUE(former.core.Deliver(log_).ok());
  EXPECT_THAT(email_.attempts, IsEmpty());
  EXPECT_EQ(former.core.Process({Record(1, "a2", v1::ALERT_FIRING)}).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(former.core.Ack(AckOf("a1")).status().code(),
            absl::StatusCode::kUnavailable);

  // The newer one sends the notice, once.
  ASSERT_TRUE(newer.core.Tick().ok());
  ASSERT_TRUE(newer.core.Deliver(log_).ok());
  ASSERT_TRUE(former.core.Deliver(log_).ok());
  ASSERT_THAT(email_.delivered, SizeIs(1));
  EXPECT_THAT(email_.delivered[0].alert_ids(), ElementsAre("a1"));
}

TEST_F(EscalatorCoreTest, AnInstanceWithoutPartitionsStandsBy) {
  Instance active(store_, clock_, email_);
  ASSERT_TRUE(active.core.Process({Record(0, "a1", v1::ALERT_FIRING)}).ok());
  Instance standby(store_, clock_, email_, {}, /*assigned=*/false);
  clock_.Advance(absl::Minutes(5));
  ASSERT_TRUE(standby.core.Tick().ok());
  ASSERT_TRUE(standby.core.Deliver(log_).ok());
  ASSERT_TRUE(standby.core.FlushAudit(log_).ok());
  EXPECT_FALSE(standby.core.active());
  EXPECT_THAT(email_.attempts, IsEmpty());
  EXPECT_THAT(log_.Records(kAudit), IsEmpty());
  EXPECT_EQ(standby.core.Ack(AckOf("a1")).status().code(),
            absl::StatusCode::kUnavailable);
  // The active one was not disturbed.
  ASSERT_TRUE(active.core.Tick().ok());
  ASSERT_TRUE(active.core.Deliver(log_).ok());
  EXPECT_THAT(email_.delivered, SizeIs(1));
  EXPECT_TRUE(active.core.active());
}

TEST_F(EscalatorCoreTest, TakingOverGoesOnFromWhatTheFormerInstanceStored) {
  // Started (and loaded the store) before the former one decided anything.
  Instance newer(store_, clock_, email_, {}, /*assigned=*/false);
  {
    Instance former(store_, clock_, email_);
    ASSERT_TRUE(former.core.Process({Record(0, "a1", v1::ALERT_FIRING)}).ok());
    clock_.Advance(absl::Minutes(5));
    ASSERT_TRUE(former.core.Tick().ok());
    ASSERT_TRUE(former.core.Deliver(log_).ok());
  }
  ASSERT_THAT(email_.delivered, SizeIs(1));
  newer.Assign();
  // It knows the escalation the former one opened, and does not notify
  // again for it.
  ASSERT_TRUE(newer.core.Tick().ok());
  ASSERT_TRUE(newer.core.Deliver(log_).ok());
  EXPECT_THAT(email_.delivered, SizeIs(1));
  auto ack = newer.core.Ack(AckOf("a1"));
  ASSERT_TRUE(ack.ok()) << ack.status();
  EXPECT_FALSE(ack->already_acknowledged());
  // Acknowledged: no escalation to the ward at 13:05.
  clock_.Set(At(2026, 11, 30, 14, 5));
  ASSERT_TRUE(newer.core.Tick().ok());
  ASSERT_TRUE(newer.core.Deliver(log_).ok());
  EXPECT_THAT(email_.delivered, SizeIs(1));
}

}  // namespace
}  // namespace giamsat::escalator
