// The escalation policy on the shipped public-sector calendar, with times
// given by hand (UTC+07:00): levels, working-hour timeouts across a weekend
// and a holiday, quiet hours, grouping, repeats, acknowledgement, resolution.
#include "common/escalation/policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/core/proto_time.h"
#include "tests/support/shipped_calendar.h"

namespace giamsat::escalation {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

absl::Time At(int y, int mo, int d, int h, int mi) {
  return absl::FromCivil(absl::CivilMinute(y, mo, d, h, mi),
                         absl::FixedTimeZone(7 * 3600));
}

std::shared_ptr<const calendar::Calendar> PublicSector() {
  return giamsat::testing::ShippedCalendar();
}

std::shared_ptr<const units::UnitTree> Units() {
  auto tree = units::UnitTree::Parse(R"(units:
  - {id: HN, name: Hà Nội, level: city}
  - {id: HN.UBND.YENHOA, name: Yên Hòa, level: ward, parent: HN}
  - {id: HN.UBND.YENHOA.VP, name: Văn phòng, level: office, parent: HN.UBND.YENHOA}
  - {id: HN.SXD, name: Sở Xây dựng, level: department, parent: HN}
  - {id: HN.SXD.CAPPHEP, name: Phòng cấp phép, level: office, parent: HN.SXD}
)",
                                     "test");
  EXPECT_TRUE(tree.ok()) << tree.status();
  return std::make_shared<units::UnitTree>(std::move(*tree));
}

PolicyConfig Config() {
  PolicyConfig c;
  c.grouping_window = absl::Minutes(5);
  c.repeat_every = absl::Hours(8);
  c.levels = {{{}, absl::Hours(4)},
              {{"ward", "department"}, absl::Hours(8)},
              {{"city"}, absl::Hours(8)}};
  c.routes = {{{}, v1::SEVERITY_WARNING, "", 3}};
  c.contacts = {{"HN.UBND.YENHOA.VP", {"Chánh văn phòng", "vp@example.org"}},
                {"HN.UBND.YENHOA", {"Chủ tịch phường", "ct@example.org"}},
                {"HN.SXD", {"Giám đốc Sở", "gd@example.org"}},
                {"HN", {"Trưởng đoàn kiểm tra", "tdkt@example.org"}}};
  return c;
}

v1::Alert Alert(const std::string& id, v1::AlertState state,
                v1::Severity severity = v1::SEVERITY_CRITICAL,
                const std::string& unit = "HN.UBND.YENHOA.VP",
                const std::string& rule = "DOSSIER_OVERDUE") {
  v1::Alert a;
  a.set_alert_id(id);
  a.set_rule_id(rule);
  a.set_severity(severity);
  a.set_state(state);
  a.set_subject_id("D-" + id);
  a.set_unit_id(unit);
  return a;
}

class PolicyTest : public ::testing::Test {
 protected:
  explicit PolicyTest(PolicyConfig config = Config())
      : policy_(std::move(config), PublicSector(), Units()) {}

  void Fire(const std::string& id, absl::Time now,
            v1::Severity severity = v1::SEVERITY_CRITICAL) {
    Decisions d;
    ASSERT_TRUE(
        policy_.OnAlert(Alert(id, v1::ALERT_FIRING, severity), now, d).ok());
    EXPECT_THAT(d.notifications, IsEmpty());
  }
  std::vector<v1::Notification> TickAt(absl::Time now) {
    Decisions d;
    absl::Status s = policy_.Tick(now, d);
    EXPECT_TRUE(s.ok()) << s;
    return d.notifications;
  }
  static std::vector<std::string> Recipients(
      const std::vector<v1::Notification>& ns) {
    std::vector<std::string> out;
    for (const auto& n : ns) out.push_back(n.recipient());
    return out;
  }

  EscalationPolicy policy_;
};

TEST_F(PolicyTest, AlertsWithinTheWindowBecomeOneNoticeToTheUnitHead) {
  Fire("a1", At(2026, 11, 27, 14, 0));
  Fire("a2", At(2026, 11, 27, 14, 2));
  EXPECT_THAT(TickAt(At(2026, 11, 27, 14, 4)), IsEmpty());
  auto sent = TickAt(At(2026, 11, 27, 14, 5));
  ASSERT_THAT(sent, SizeIs(1));
  EXPECT_EQ(sent[0].recipient(), "HN.UBND.YENHOA.VP");
  EXPECT_EQ(sent[0].kind(), v1::NOTIFICATION_FIRING);
  EXPECT_EQ(sent[0].level(), 1);
  EXPECT_THAT(sent[0].alert_ids(), ElementsAre("a1", "a2"));
  EXPECT_EQ(sent[0].subject_ids(), "D-a1,D-a2");
  // Nothing more until the next step is due.
  EXPECT_THAT(TickAt(At(2026, 11, 27, 16, 0)), IsEmpty());
}

TEST_F(PolicyTest, EscalatesLevelByLevelInWorkingHoursAcrossTheWeekend) {
  Fire("a1", At(2026, 11, 27, 14, 0));  // Friday
  ASSERT_THAT(TickAt(At(2026, 11, 27, 14, 5)), SizeIs(1));
  // 4 working hours from Fri 14:05: 2h55 on Friday, 1h05 on Monday.
  EXPECT_EQ(policy_.NextDue(), At(2026, 11, 30, 9, 5));
  EXPECT_THAT(TickAt(At(2026, 11, 30, 9, 4)), IsEmpty());
  auto level2 = TickAt(At(2026, 11, 30, 9, 5));
  ASSERT_THAT(level2, SizeIs(1));
  EXPECT_EQ(level2[0].kind(), v1::NOTIFICATION_ESCALATED);
  EXPECT_EQ(level2[0].level(), 2);
  EXPECT_EQ(level2[0].recipient(), "HN.UBND.YENHOA");
  // 8 working hours later: Tuesday 09:05, the city's inspection leader.
  EXPECT_EQ(policy_.NextDue(), At(2026, 12, 1, 9, 5));
  auto level3 = TickAt(At(2026, 12, 1, 9, 5));
  ASSERT_THAT(level3, SizeIs(1));
  EXPECT_EQ(level3[0].level(), 3);
  EXPECT_EQ(level3[0].recipient(), "HN");
  // The top level is only repeated.
  auto repeat = TickAt(At(2026, 12, 2, 9, 5));
  ASSERT_THAT(repeat, SizeIs(1));
  EXPECT_EQ(repeat[0].kind(), v1::NOTIFICATION_REPEAT);
  EXPECT_EQ(repeat[0].recipient(), "HN");
}

TEST_F(PolicyTest, TimeoutSkipsTheNationalDayHolidays) {
  Fire("a1", At(2026, 9, 1, 15, 0));  // Tuesday; 2-3 September are holidays
  ASSERT_THAT(TickAt(At(2026, 9, 1, 15, 5)), SizeIs(1));
  // 1h55 on Tuesday, then 2h05 on Friday 4 September.
  EXPECT_EQ(policy_.NextDue(), At(2026, 9, 4, 10, 5));
}

TEST_F(PolicyTest, QuietHoursHoldWarningsUntilTheNextOpening) {
  Fire("w1", At(2026, 11, 27, 20, 0), v1::SEVERITY_WARNING);  // Fri evening
  EXPECT_THAT(TickAt(At(2026, 11, 27, 20, 5)), IsEmpty());
  EXPECT_EQ(policy_.NextDue(), At(2026, 11, 30, 8, 0));
  EXPECT_THAT(TickAt(At(2026, 11, 29, 10, 0)), IsEmpty());  // Sunday
  auto sent = TickAt(At(2026, 11, 30, 8, 0));
  ASSERT_THAT(sent, SizeIs(1));
  EXPECT_EQ(sent[0].kind(), v1::NOTIFICATION_FIRING);
}

TEST_F(PolicyTest, CriticalAlertsAreNotifiedInQuietHours) {
  Fire("c1", At(2026, 11, 28, 22, 0));  // Saturday night
  auto sent = TickAt(At(2026, 11, 28, 22, 5));
  ASSERT_THAT(sent, SizeIs(1));
  EXPECT_EQ(sent[0].recipient(), "HN.UBND.YENHOA.VP");
  // The ack timeout still counts working time only: Monday 12:00.
  EXPECT_EQ(policy_.NextDue(), At(2026, 11, 30, 12, 0));
}

class RepeatTest : public PolicyTest {
 protected:
  static PolicyConfig WithRepeat() {
    PolicyConfig c = Config();
    c.repeat_every = absl::Hours(2);
    return c;
  }
  RepeatTest() : PolicyTest(WithRepeat()) {}
};

TEST_F(RepeatTest, RepeatsEveryNWorkingHoursUntilTheLevelTimesOut) {
  Fire("a1", At(2026, 11, 30, 8, 55));
  ASSERT_THAT(TickAt(At(2026, 11, 30, 9, 0)), SizeIs(1));
  EXPECT_EQ(policy_.NextDue(), At(2026, 11, 30, 11, 0));
  auto repeat = TickAt(At(2026, 11, 30, 11, 0));
  ASSERT_THAT(repeat, SizeIs(1));
  EXPECT_EQ(repeat[0].kind(), v1::NOTIFICATION_REPEAT);
  EXPECT_EQ(repeat[0].recipient(), "HN.UBND.YENHOA.VP");
  // 4 working hours after 09:00 with the lunch break: 14:00.
  EXPECT_EQ(policy_.NextDue(), At(2026, 11, 30, 14, 0));
  auto escalated = TickAt(At(2026, 11, 30, 14, 0));
  ASSERT_THAT(escalated, SizeIs(1));
  EXPECT_EQ(escalated[0].kind(), v1::NOTIFICATION_ESCALATED);
  EXPECT_NE(escalated[0].notification_id(), repeat[0].notification_id());
}

TEST_F(PolicyTest, AckStopsRepeatsAndEscalationAndIsRecorded) {
  Fire("a1", At(2026, 11, 30, 9, 0));
  ASSERT_THAT(TickAt(At(2026, 11, 30, 9, 5)), SizeIs(1));
  v1::AckAlertRequest req;
  req.set_alert_id("a1");
  req.set_acknowledged_by("nguyen.van.a");
  Decisions d;
  auto ack = policy_.Ack(req, At(2026, 11, 30, 10, 0), d);
  ASSERT_TRUE(ack.ok()) << ack.status();
  EXPECT_EQ(ack->escalation_key(), "HN.UBND.YENHOA.VP|DOSSIER_OVERDUE");
  EXPECT_FALSE(ack->already_acknowledged());
  EXPECT_EQ(core::FromProto(ack->acknowledged_at()), At(2026, 11, 30, 10, 0));
  ASSERT_THAT(d.audit, SizeIs(1));
  EXPECT_EQ(d.audit[0].kind(), v1::AUDIT_ACKNOWLEDGED);
  EXPECT_EQ(d.audit[0].actor(), "nguyen.van.a");
  EXPECT_EQ(policy_.NextDue(), std::nullopt);
  EXPECT_THAT(TickAt(At(2026, 12, 10, 9, 0)), IsEmpty());

  Decisions again;
  req.set_acknowledged_by("someone.else");
  auto second = policy_.Ack(req, At(2026, 11, 30, 11, 0), again);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->already_acknowledged());
  EXPECT_EQ(second->acknowledged_by(), "nguyen.van.a");
  EXPECT_THAT(again.audit, IsEmpty());
}

TEST_F(PolicyTest, AckRejectsBadRequestsByField) {
  Decisions d;
  v1::AckAlertRequest req;
  req.set_alert_id("a1");
  EXPECT_EQ(policy_.Ack(req, At(2026, 11, 30, 9, 0), d).status().code(),
            absl::StatusCode::kInvalidArgument);
  req.set_acknowledged_by("x");
  EXPECT_EQ(policy_.Ack(req, At(2026, 11, 30, 9, 0), d).status().code(),
            absl::StatusCode::kNotFound);
  req.clear_alert_id();
  EXPECT_EQ(policy_.Ack(req, At(2026, 11, 30, 9, 0), d).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(PolicyTest, NewBreachAfterAckReopensAtLevelOne) {
  Fire("a1", At(2026, 11, 30, 9, 0));
  ASSERT_THAT(TickAt(At(2026, 11, 30, 9, 5)), SizeIs(1));
  v1::AckAlertRequest req;
  req.set_unit_id("HN.UBND.YENHOA.VP");
  req.set_rule_id("DOSSIER_OVERDUE");
  req.set_acknowledged_by("a");
  Decisions d;
  ASSERT_TRUE(policy_.Ack(req, At(2026, 11, 30, 9, 30), d).ok());
  Fire("a2", At(2026, 11, 30, 10, 0));
  auto sent = TickAt(At(2026, 11, 30, 10, 5));
  ASSERT_THAT(sent, SizeIs(1));
  EXPECT_EQ(sent[0].level(), 1);
  EXPECT_THAT(sent[0].alert_ids(), ElementsAre("a1", "a2"));
}

TEST_F(PolicyTest, ResolvingEveryAlertSendsResolvedToEveryoneNotified) {
  Fire("a1", At(2026, 11, 30, 9, 0));
  Fire("a2", At(2026, 11, 30, 9, 1));
  ASSERT_THAT(TickAt(At(2026, 11, 30, 9, 5)), SizeIs(1));
  ASSERT_THAT(TickAt(At(2026, 11, 30, 14, 5)), SizeIs(1));  // level 2
  Decisions partial;
  ASSERT_TRUE(policy_
                  .OnAlert(Alert("a1", v1::ALERT_RESOLVED),
                           At(2026, 11, 30, 15, 0), partial)
                  .ok());
  EXPECT_THAT(partial.notifications, IsEmpty());
  EXPECT_THAT(partial.closed, IsEmpty());
  Decisions done;
  ASSERT_TRUE(policy_
                  .OnAlert(Alert("a2", v1::ALERT_RESOLVED),
                           At(2026, 11, 30, 15, 1), done)
                  .ok());
  EXPECT_THAT(Recipients(done.notifications),
              UnorderedElementsAre("HN.UBND.YENHOA.VP", "HN.UBND.YENHOA"));
  for (const auto& n : done.notifications) {
    EXPECT_EQ(n.kind(), v1::NOTIFICATION_RESOLVED);
  }
  EXPECT_THAT(done.closed, ElementsAre("HN.UBND.YENHOA.VP|DOSSIER_OVERDUE"));
  EXPECT_EQ(policy_.NextDue(), std::nullopt);
  EXPECT_THAT(TickAt(At(2026, 12, 10, 9, 0)), IsEmpty());
}

TEST_F(PolicyTest, ResolvedWithinTheWindowIsNeverNotified) {
  Fire("a1", At(2026, 11, 30, 9, 0));
  Decisions d;
  ASSERT_TRUE(
      policy_
          .OnAlert(Alert("a1", v1::ALERT_RESOLVED), At(2026, 11, 30, 9, 2), d)
          .ok());
  EXPECT_THAT(d.notifications, IsEmpty());
  EXPECT_THAT(TickAt(At(2026, 11, 30, 9, 5)), IsEmpty());
}

TEST_F(PolicyTest, UnroutedSeveritiesAndRepeatedAlertsChangeNothing) {
  Decisions d;
  ASSERT_TRUE(policy_
                  .OnAlert(Alert("i1", v1::ALERT_FIRING, v1::SEVERITY_INFO),
                           At(2026, 11, 30, 9, 0), d)
                  .ok());
  EXPECT_THAT(d.changed, IsEmpty());
  Fire("a1", At(2026, 11, 30, 9, 0));
  Decisions dup;
  ASSERT_TRUE(
      policy_
          .OnAlert(Alert("a1", v1::ALERT_FIRING), At(2026, 11, 30, 9, 1), dup)
          .ok());
  EXPECT_THAT(dup.changed, IsEmpty());
}

TEST_F(PolicyTest, DepartmentOfficesClimbToTheDepartmentThenTheCity) {
  EXPECT_EQ(policy_.RecipientAt("HN.SXD.CAPPHEP", 1), "HN.SXD");
  EXPECT_EQ(policy_.RecipientAt("HN.SXD.CAPPHEP", 2), "HN.SXD");
  EXPECT_EQ(policy_.RecipientAt("HN.SXD.CAPPHEP", 3), "HN");
  Decisions d;
  ASSERT_TRUE(policy_
                  .OnAlert(Alert("s1", v1::ALERT_FIRING, v1::SEVERITY_CRITICAL,
                                 "HN.SXD.CAPPHEP"),
                           At(2026, 11, 30, 9, 0), d)
                  .ok());
  auto first = TickAt(At(2026, 11, 30, 9, 5));
  ASSERT_THAT(first, SizeIs(1));
  EXPECT_EQ(first[0].recipient(), "HN.SXD");
  // Level 2 is the same person, so the next step is the city, at level 3.
  auto next = TickAt(At(2026, 11, 30, 14, 5));
  ASSERT_THAT(next, SizeIs(1));
  EXPECT_EQ(next[0].recipient(), "HN");
  EXPECT_EQ(next[0].level(), 3);
}

TEST_F(PolicyTest, SameHistoryGivesTheSameNotificationIds) {
  EscalationPolicy other(Config(), PublicSector(), Units());
  Fire("a1", At(2026, 11, 30, 9, 0));
  Decisions d;
  ASSERT_TRUE(
      other.OnAlert(Alert("a1", v1::ALERT_FIRING), At(2026, 11, 30, 9, 0), d)
          .ok());
  Decisions od;
  ASSERT_TRUE(other.Tick(At(2026, 11, 30, 9, 5), od).ok());
  auto mine = TickAt(At(2026, 11, 30, 9, 5));
  ASSERT_THAT(mine, SizeIs(1));
  ASSERT_THAT(od.notifications, SizeIs(1));
  EXPECT_EQ(mine[0].notification_id(), od.notifications[0].notification_id());
  // A restarted policy loaded from the stored state continues the same ids.
  EscalationPolicy restored(Config(), PublicSector(), Units());
  restored.Load(policy_.escalations());
  Decisions rd;
  ASSERT_TRUE(restored.Tick(At(2026, 11, 30, 14, 5), rd).ok());
  auto live = TickAt(At(2026, 11, 30, 14, 5));
  ASSERT_THAT(rd.notifications, SizeIs(1));
  EXPECT_EQ(rd.notifications[0].notification_id(), live[0].notification_id());
}

TEST_F(PolicyTest, StoredStateOutlivesAShorterPolicy) {
  Fire("a1", At(2026, 11, 30, 9, 0));
  ASSERT_THAT(TickAt(At(2026, 11, 30, 9, 5)), SizeIs(1));
  ASSERT_THAT(TickAt(At(2026, 11, 30, 14, 5)), SizeIs(1));  // level 2
  PolicyConfig one_level = Config();
  one_level.levels.resize(1);
  EscalationPolicy shorter(one_level, PublicSector(), Units());
  shorter.Load(policy_.escalations());
  Decisions d;
  ASSERT_TRUE(shorter.Tick(At(2026, 12, 1, 14, 5), d).ok());
  ASSERT_THAT(d.notifications, SizeIs(1));
  EXPECT_EQ(d.notifications[0].kind(), v1::NOTIFICATION_REPEAT);
  EXPECT_EQ(d.notifications[0].recipient(), "HN.UBND.YENHOA");
}

}  // namespace
}  // namespace giamsat::escalation
