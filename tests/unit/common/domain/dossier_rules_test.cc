// The dossier rules on the shipped 2026 public-sector calendar, driven by a
// fake "now" (no wall clock). Instants are Vietnam time.
#include "common/domain/dossier_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/calendar/calendar_loader.h"
#include "common/core/proto_time.h"
#include "common/domain/figure_fields.h"
#include "common/domain/subject_alerts.h"
#include "tests/support/event_builders.h"

namespace giamsat::domain {
namespace {

using ::giamsat::testing::DossierReceived;
using ::giamsat::testing::DossierResolved;
using ::giamsat::testing::VnTime;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

absl::Time T(const std::string& local) { return VnTime(local + "+07:00"); }

std::shared_ptr<const calendar::Calendar> PublicSector() {
  static auto* cal = [] {
    auto loaded = calendar::LoadCalendar(
        GIAMSAT_SOURCE_DIR "/deploy/config/calendars/vn-public-sector.yaml");
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new std::shared_ptr<const calendar::Calendar>(
        std::make_shared<calendar::Calendar>(std::move(*loaded)));
  }();
  return *cal;
}

v1::Event Received(const std::string& id, int days, const std::string& at) {
  v1::Event e = DossierReceived("r-" + id, id, "U1", T(at));
  e.mutable_dossier()->mutable_legal_duration()->set_working_days(days);
  return e;
}

v1::Event Kind(const std::string& event_id, const std::string& id,
               v1::DossierEventKind kind, const std::string& at) {
  v1::Event e = DossierResolved(event_id, id, "U1", T(at));
  e.mutable_dossier()->set_kind(kind);
  if (kind != v1::DOSSIER_RESOLVED) e.mutable_dossier()->clear_outcome();
  return e;
}

std::vector<std::string> Transitions(const DossierOutcome& out) {
  std::vector<std::string> t;
  for (const auto& a : out.alerts) {
    t.push_back(a.rule_id() +
                (a.state() == v1::ALERT_FIRING ? " firing" : " resolved"));
  }
  return t;
}

int64_t Sum(const DossierOutcome& out, absl::string_view field) {
  int64_t n = 0;
  for (const auto& d : out.deltas) n += d.field == field ? d.delta : 0;
  return n;
}

class DossierRulesTest : public ::testing::Test {
 protected:
  DossierRules rules_{PublicSector(), DossierRulesConfig{}};
  v1::DossierState state_;
};

TEST_F(DossierRulesTest, ASupplementRequestBeforeTheDueTimeLearntLateCorrects) {
  // Due Mon 04/05 17:00; the overdue timer fires on 06/05, then the
  // supplement request of 30/04 arrives: not overdue while it waits.
  rules_.Apply(Received("D1", 3, "2026-04-24T16:00:00"), state_,
               T("2026-04-24T16:00:01"));
  DossierOutcome fired = rules_.Evaluate(state_, T("2026-05-06T09:00:00"));
  ASSERT_EQ(Sum(fired, kFieldInProgressOverdue), 1);
  DossierOutcome out = rules_.Apply(
      Kind("s1", "D1", v1::DOSSIER_SUPPLEMENT_REQUESTED, "2026-04-28T10:00:00"),
      state_, T("2026-05-06T09:00:01"));
  EXPECT_EQ(Sum(out, kFieldInProgressOverdue), -1);
  EXPECT_THAT(Transitions(out),
              ::testing::IsSupersetOf(
                  {"DOSSIER_OVERDUE resolved", "DOSSIER_NO_APOLOGY resolved"}));
  EXPECT_FALSE(state_.overdue());
}

TEST_F(DossierRulesTest, Decision766AttributesAreCountedOnResolution) {
  v1::Event r = Received("D1", 3, "2026-04-24T16:00:00");
  r.mutable_dossier()->set_channel(v1::CHANNEL_ONLINE);
  r.mutable_dossier()->set_fee_bearing(true);
  DossierOutcome out = rules_.Apply(r, state_, T("2026-04-24T16:00:01"));
  EXPECT_EQ(Sum(out, kFieldReceivedOnline), 1);
  EXPECT_EQ(Sum(out, kFieldResolvedFeeBearing), 0);  // not resolved yet

  // Payment and an electronic result on later events; resolved 2 days later.
  v1::Event z = Kind("z1", "D1", v1::DOSSIER_RESOLVED, "2026-04-28T16:00:00");
  z.mutable_dossier()->set_paid_online(true);
  z.mutable_dossier()->set_electronic_result(true);
  z.mutable_dossier()->set_digitised_input(true);
  out = rules_.Apply(z, state_, T("2026-04-28T16:00:01"));
  EXPECT_EQ(Sum(out, kFieldResolvedFeeBearing), 1);
  EXPECT_EQ(Sum(out, kFieldResolvedPaidOnline), 1);
  EXPECT_EQ(Sum(out, kFieldResolvedEResult), 1);
  EXPECT_EQ(Sum(out, kFieldResolvedDigitised), 1);
  EXPECT_EQ(Sum(out, kFieldResolvedReused), 0);
  EXPECT_EQ(Sum(out, kFieldProcessingSeconds), 4 * 86400);

  // A rating of 2 is a dislike, counted once per dossier.
  v1::Event rated =
      Kind("q1", "D1", v1::DOSSIER_SATISFACTION_RATED, "2026-04-29T09:00:00");
  rated.mutable_dossier()->set_rating(2);
  out = rules_.Apply(rated, state_, T("2026-04-29T09:00:01"));
  EXPECT_EQ(Sum(out, kFieldDisliked), 1);
  rated.set_event_id("q2");
  rated.mutable_dossier()->set_rating(1);
  out = rules_.Apply(rated, state_, T("2026-04-29T09:00:02"));
  EXPECT_EQ(Sum(out, kFieldDisliked), 0);
}

TEST_F(DossierRulesTest, ARatingAboveTheThresholdIsNoDislike) {
  rules_.Apply(Received("D1", 3, "2026-04-24T16:00:00"), state_,
               T("2026-04-24T16:00:01"));
  v1::Event rated =
      Kind("q1", "D1", v1::DOSSIER_SATISFACTION_RATED, "2026-04-29T09:00:00");
  rated.mutable_dossier()->set_rating(3);
  EXPECT_EQ(Sum(rules_.Apply(rated, state_, T("2026-04-29T09:00:01")),
                kFieldDisliked),
            0);
}

TEST_F(DossierRulesTest, ExampleOneDueTimeSkipsHolidaysAndCountsReceipt) {
  // 3 working days accepted Fri 24/04/2026 16:00: due Mon 04/05 17:00.
  DossierOutcome out = rules_.Apply(Received("D1", 3, "2026-04-24T16:00:00"),
                                    state_, T("2026-04-24T16:00:01"));
  EXPECT_EQ(core::FromProto(state_.due_at()), T("2026-05-04T17:00:00"));
  EXPECT_EQ(Sum(out, kFieldReceived), 1);
  EXPECT_EQ(Sum(out, kFieldInProgress), 1);
  EXPECT_THAT(out.problems, IsEmpty());
  EXPECT_THAT(out.alerts, IsEmpty());
}

TEST_F(DossierRulesTest, EarlyOnTimeAndLateVerdicts) {
  struct Case {
    std::string resolved_at;
    absl::string_view field;
  };
  for (const Case& c : {Case{"2026-04-28T10:00:00", kFieldResolvedEarly},
                        Case{"2026-05-04T17:00:00", kFieldResolvedOnTime},
                        Case{"2026-05-04T17:00:01", kFieldResolvedLate}}) {
    v1::DossierState s;
    rules_.Apply(Received("D1", 3, "2026-04-24T16:00:00"), s,
                 T("2026-04-24T16:00:01"));
    DossierOutcome out =
        rules_.Apply(Kind("z", "D1", v1::DOSSIER_RESOLVED, c.resolved_at), s,
                     T(c.resolved_at));
    EXPECT_EQ(Sum(out, c.field), 1) << c.resolved_at;
    EXPECT_EQ(Sum(out, kFieldResolved), 1);
    EXPECT_EQ(Sum(out, kFieldInProgress), -1);
  }
}

TEST_F(DossierRulesTest, OverdueAtTheExactInstantAfterDue) {
  rules_.Apply(Received("D1", 3, "2026-04-24T16:00:00"), state_,
               T("2026-04-24T16:00:01"));
  const absl::Time due = T("2026-05-04T17:00:00");
  EXPECT_THAT(Transitions(rules_.Evaluate(state_, due)),
              ElementsAre("DOSSIER_DUE_SOON firing"));
  DossierOutcome out = rules_.Evaluate(state_, due + absl::Seconds(1));
  EXPECT_THAT(Transitions(out),
              ElementsAre("DOSSIER_DUE_SOON resolved", "DOSSIER_OVERDUE firing",
                          "DOSSIER_NO_APOLOGY firing"));
  EXPECT_EQ(Sum(out, kFieldInProgressOverdue), 1);
  EXPECT_TRUE(state_.overdue());
  // The explanation says how the due time was computed.
  EXPECT_THAT(out.alerts[1].explanation_vi(), HasSubstr("04/05/2026"));
  EXPECT_FALSE(out.alerts[1].explanation_en().empty());
  // Evaluating again changes nothing.
  EXPECT_THAT(rules_.Evaluate(state_, due + absl::Hours(5)).alerts, IsEmpty());
}

TEST_F(DossierRulesTest, ResolutionAfterOverdueIsLateAndResolvesTheAlert) {
  rules_.Apply(Received("D1", 3, "2026-04-24T16:00:00"), state_,
               T("2026-04-24T16:00:01"));
  rules_.Evaluate(state_, T("2026-05-05T08:00:00"));
  DossierOutcome out =
      rules_.Apply(Kind("z", "D1", v1::DOSSIER_RESOLVED, "2026-05-05T09:00:00"),
                   state_, T("2026-05-05T09:00:00"));
  EXPECT_EQ(Sum(out, kFieldResolvedLate), 1);
  EXPECT_EQ(Sum(out, kFieldInProgressOverdue), -1);
  EXPECT_THAT(Transitions(out), Contains("DOSSIER_OVERDUE resolved"));
  EXPECT_THAT(Transitions(out), Contains("DOSSIER_RESOLVED_LATE firing"));
}

TEST_F(DossierRulesTest,
       LateArrivingResolutionCorrectsInsteadOfDoubleCounting) {
  rules_.Apply(Received("D1", 3, "2026-04-24T16:00:00"), state_,
               T("2026-04-24T16:00:01"));
  DossierOutcome fired = rules_.Evaluate(state_, T("2026-05-06T08:00:00"));
  EXPECT_EQ(Sum(fired, kFieldInProgressOverdue), 1);
  // The resolution happened on 04/05 at 15:00 but arrives on 06/05.
  DossierOutcome out =
      rules_.Apply(Kind("z", "D1", v1::DOSSIER_RESOLVED, "2026-05-04T15:00:00"),
                   state_, T("2026-05-06T08:00:05"));
  EXPECT_EQ(Sum(out, kFieldResolvedOnTime), 1);
  EXPECT_EQ(Sum(out, kFieldResolvedLate), 0);
  EXPECT_EQ(Sum(out, kFieldInProgressOverdue), -1);
  ASSERT_THAT(Transitions(out), Contains("DOSSIER_OVERDUE resolved"));
  for (const auto& a : out.alerts) {
    if (a.rule_id() == "DOSSIER_OVERDUE") {
      EXPECT_THAT(a.resolution(), HasSubstr("corrected"));
    }
  }
}

TEST_F(DossierRulesTest, ExampleFourSupplementRestartsTheLegalClock) {
  // 10 working days accepted Mon 06/07 09:00: due Mon 20/07 17:00.
  rules_.Apply(Received("D4", 10, "2026-07-06T09:00:00"), state_,
               T("2026-07-06T09:00:00"));
  EXPECT_EQ(core::FromProto(state_.due_at()), T("2026-07-20T17:00:00"));
  DossierOutcome req = rules_.Apply(
      Kind("s1", "D4", v1::DOSSIER_SUPPLEMENT_REQUESTED, "2026-07-08T15:00:00"),
      state_, T("2026-07-08T15:00:00"));
  EXPECT_THAT(req.alerts, IsEmpty());                 // within 3 working days
  EXPECT_EQ(rules_.NextCheck(state_), std::nullopt);  // paused
  rules_.Apply(
      Kind("s2", "D4", v1::DOSSIER_SUPPLEMENT_RECEIVED, "2026-07-13T10:00:00"),
      state_, T("2026-07-13T10:00:00"));
  EXPECT_EQ(core::FromProto(state_.due_at()), T("2026-07-27T17:00:00"));
  DossierOutcome out =
      rules_.Apply(Kind("z", "D4", v1::DOSSIER_RESOLVED, "2026-07-24T16:00:00"),
                   state_, T("2026-07-24T16:00:00"));
  EXPECT_EQ(Sum(out, kFieldResolvedEarly), 1);      // legal clock
  EXPECT_EQ(Sum(out, kFieldResolved766OnTime), 1);  // 766 clock
}

TEST_F(DossierRulesTest, SecondSupplementIsFlaggedAndLateFor766) {
  rules_.Apply(Received("D4", 10, "2026-07-06T09:00:00"), state_,
               T("2026-07-06T09:00:00"));
  for (const auto& [id, kind, at] :
       std::vector<std::tuple<std::string, v1::DossierEventKind, std::string>>{
           {"a", v1::DOSSIER_SUPPLEMENT_REQUESTED, "2026-07-07T09:00:00"},
           {"b", v1::DOSSIER_SUPPLEMENT_RECEIVED, "2026-07-08T09:00:00"}}) {
    rules_.Apply(Kind(id, "D4", kind, at), state_, T(at));
  }
  DossierOutcome second = rules_.Apply(
      Kind("c", "D4", v1::DOSSIER_SUPPLEMENT_REQUESTED, "2026-07-09T09:00:00"),
      state_, T("2026-07-09T09:00:00"));
  EXPECT_THAT(Transitions(second),
              ElementsAre("DOSSIER_SECOND_SUPPLEMENT firing"));
  rules_.Apply(
      Kind("d", "D4", v1::DOSSIER_SUPPLEMENT_RECEIVED, "2026-07-10T09:00:00"),
      state_, T("2026-07-10T09:00:00"));
  DossierOutcome out =
      rules_.Apply(Kind("z", "D4", v1::DOSSIER_RESOLVED, "2026-07-13T09:00:00"),
                   state_, T("2026-07-13T09:00:00"));
  EXPECT_EQ(Sum(out, kFieldResolvedEarly), 1);
  EXPECT_EQ(Sum(out, kFieldResolved766Late), 1);
}

TEST_F(DossierRulesTest, SupplementRequestAfterThreeWorkingDaysIsFlagged) {
  rules_.Apply(Received("D4", 10, "2026-07-06T09:00:00"), state_,
               T("2026-07-06T09:00:00"));
  // Three working days after Mon 06/07 end Thu 09/07 17:00.
  DossierOutcome out = rules_.Apply(
      Kind("a", "D4", v1::DOSSIER_SUPPLEMENT_REQUESTED, "2026-07-10T08:30:00"),
      state_, T("2026-07-10T08:30:00"));
  EXPECT_THAT(Transitions(out),
              ElementsAre("DOSSIER_LATE_SUPPLEMENT_REQUEST firing"));
}

TEST_F(DossierRulesTest, StepLatenessIsAttributedToTheUnitHoldingTheStep) {
  rules_.Apply(Received("D5", 10, "2026-07-06T09:00:00"), state_,
               T("2026-07-06T09:00:00"));
  v1::Event start =
      Kind("s", "D5", v1::DOSSIER_STEP_STARTED, "2026-07-06T10:00:00");
  start.mutable_dossier()->mutable_step()->set_step_id("tham-dinh");
  start.mutable_dossier()->mutable_step()->set_unit_id("U-TAX");
  start.mutable_dossier()->mutable_step()->mutable_share()->set_working_days(1);
  rules_.Apply(start, state_, T("2026-07-06T10:00:00"));
  v1::Event done = start;
  done.set_event_id("c");
  done.mutable_dossier()->set_kind(v1::DOSSIER_STEP_COMPLETED);
  *done.mutable_occurred_at() = core::ToProto(T("2026-07-08T09:00:00"));
  DossierOutcome out = rules_.Apply(done, state_, T("2026-07-08T09:00:00"));
  ASSERT_EQ(out.alerts.size(), 1u);
  EXPECT_EQ(out.alerts[0].rule_id(), "DOSSIER_STEP_LATE");
  EXPECT_EQ(out.alerts[0].unit_id(), "U-TAX");
  ASSERT_EQ(out.deltas.size(), 1u);
  EXPECT_EQ(out.deltas[0].unit_id, "U-TAX");
  EXPECT_EQ(out.deltas[0].field, kFieldStepsLate);
}

TEST_F(DossierRulesTest, SuspensionExtendsTheDueTimeByTheWorkingTimeHeld) {
  rules_.Apply(Received("D6", 3, "2026-07-06T09:00:00"), state_,
               T("2026-07-06T09:00:00"));
  EXPECT_EQ(core::FromProto(state_.due_at()), T("2026-07-09T17:00:00"));
  rules_.Apply(Kind("a", "D6", v1::DOSSIER_SUSPENDED, "2026-07-07T08:00:00"),
               state_, T("2026-07-07T08:00:00"));
  rules_.Apply(Kind("b", "D6", v1::DOSSIER_RESUMED, "2026-07-08T08:00:00"),
               state_, T("2026-07-08T08:00:00"));
  // One working day (8 h) held: due moves to Fri 10/07 17:00.
  EXPECT_EQ(core::FromProto(state_.due_at()), T("2026-07-10T17:00:00"));
}

TEST_F(DossierRulesTest, ApologyStopsNoApologyAndASecondOneIsFlagged) {
  rules_.Apply(Received("D7", 3, "2026-07-06T09:00:00"), state_,
               T("2026-07-06T09:00:00"));
  rules_.Apply(
      Kind("a", "D7", v1::DOSSIER_APOLOGY_ISSUED, "2026-07-08T09:00:00"),
      state_, T("2026-07-08T09:00:00"));
  DossierOutcome overdue = rules_.Evaluate(state_, T("2026-07-10T08:00:00"));
  // Overdue (not "no apology": one was issued before the due time).
  EXPECT_THAT(Transitions(overdue), ElementsAre("DOSSIER_OVERDUE firing"));
  DossierOutcome second = rules_.Apply(
      Kind("b", "D7", v1::DOSSIER_APOLOGY_ISSUED, "2026-07-10T09:00:00"),
      state_, T("2026-07-10T09:00:00"));
  EXPECT_THAT(Transitions(second),
              ElementsAre("DOSSIER_SECOND_RESCHEDULE firing"));
}

// Due Fri 10/07 17:00 for D9 in what follows (3 days from Mon 06/07).
TEST_F(DossierRulesTest, AnApologyIssuedInTimeButReadLateCorrectsNoApology) {
  rules_.Apply(Received("D9", 3, "2026-07-06T09:00:00"), state_,
               T("2026-07-06T09:00:00"));
  DossierOutcome overdue = rules_.Evaluate(state_, T("2026-07-13T08:00:00"));
  ASSERT_THAT(Transitions(overdue), Contains("DOSSIER_NO_APOLOGY firing"));
  // The letter of Thu 09/07 is read on Mon 13/07.
  DossierOutcome out = rules_.Apply(
      Kind("a", "D9", v1::DOSSIER_APOLOGY_ISSUED, "2026-07-09T09:00:00"),
      state_, T("2026-07-13T09:00:00"));
  ASSERT_THAT(Transitions(out), ElementsAre("DOSSIER_NO_APOLOGY resolved"));
  EXPECT_THAT(out.alerts[0].resolution(),
              HasSubstr("corrected: apology issued before the due time"));
  // Still overdue: the apology does not move the due time.
  EXPECT_TRUE(state_.overdue());
}

TEST_F(DossierRulesTest, AnApologyIssuedAfterTheDueTimeDoesNotCount) {
  rules_.Apply(Received("D9", 3, "2026-07-06T09:00:00"), state_,
               T("2026-07-06T09:00:00"));
  // Read before the overdue check ran (a backlog): issued after the due
  // time all the same.
  DossierOutcome out = rules_.Apply(
      Kind("a", "D9", v1::DOSSIER_APOLOGY_ISSUED, "2026-07-13T08:00:00"),
      state_, T("2026-07-13T09:00:00"));
  EXPECT_THAT(Transitions(out),
              ::testing::IsSupersetOf(
                  {"DOSSIER_OVERDUE firing", "DOSSIER_NO_APOLOGY firing"}));
}

TEST_F(DossierRulesTest, ALateResolutionReadAfterTheFactRaisesNoApology) {
  // Never seen overdue while open: the resolution of Mon 13/07 is the first
  // event read after the due time.
  rules_.Apply(Received("D9", 3, "2026-07-06T09:00:00"), state_,
               T("2026-07-06T09:00:00"));
  DossierOutcome late =
      rules_.Apply(Kind("z", "D9", v1::DOSSIER_RESOLVED, "2026-07-13T10:00:00"),
                   state_, T("2026-07-14T09:00:00"));
  EXPECT_THAT(Transitions(late), ElementsAre("DOSSIER_RESOLVED_LATE firing",
                                             "DOSSIER_NO_APOLOGY firing"));
  // With a letter issued in time, the late resolution only.
  v1::DossierState apologised;
  rules_.Apply(Received("D9", 3, "2026-07-06T09:00:00"), apologised,
               T("2026-07-06T09:00:00"));
  rules_.Apply(
      Kind("a", "D9", v1::DOSSIER_APOLOGY_ISSUED, "2026-07-09T09:00:00"),
      apologised, T("2026-07-09T09:00:00"));
  const std::vector<std::string> transitions = Transitions(
      rules_.Apply(Kind("z", "D9", v1::DOSSIER_RESOLVED, "2026-07-13T10:00:00"),
                   apologised, T("2026-07-14T09:00:00")));
  EXPECT_THAT(transitions, Contains("DOSSIER_RESOLVED_LATE firing"));
  EXPECT_THAT(transitions, Not(Contains(HasSubstr("DOSSIER_NO_APOLOGY"))));
}

TEST_F(DossierRulesTest, AWithdrawalSettlesNoApologyByItsEventTime) {
  // Due Fri 10/07 17:00. Withdrawn on Thu 09/07, read on Mon 13/07 after
  // the overdue check fired: corrected.
  rules_.Apply(Received("D9", 3, "2026-07-06T09:00:00"), state_,
               T("2026-07-06T09:00:00"));
  ASSERT_THAT(Transitions(rules_.Evaluate(state_, T("2026-07-13T08:00:00"))),
              Contains("DOSSIER_NO_APOLOGY firing"));
  DossierOutcome in_time = rules_.Apply(
      Kind("w", "D9", v1::DOSSIER_WITHDRAWN, "2026-07-09T09:00:00"), state_,
      T("2026-07-13T09:00:00"));
  EXPECT_THAT(Transitions(in_time), Contains("DOSSIER_NO_APOLOGY resolved"));
  EXPECT_THAT(state_.firing_alerts(), IsEmpty());
  // Withdrawn on Mon 13/07 and read first: the breach happened.
  v1::DossierState late;
  rules_.Apply(Received("D9", 3, "2026-07-06T09:00:00"), late,
               T("2026-07-06T09:00:00"));
  EXPECT_THAT(Transitions(rules_.Apply(
                  Kind("w", "D9", v1::DOSSIER_WITHDRAWN, "2026-07-13T09:00:00"),
                  late, T("2026-07-14T09:00:00"))),
              Contains("DOSSIER_NO_APOLOGY firing"));
}

TEST_F(DossierRulesTest, AMovedDueTimeIsJudgedAfresh) {
  // Due Fri 10/07 17:00; seen overdue on Mon 13/07; the supplement asked
  // for that day and received on Tue 14/07 restarts the limit: due Fri
  // 17/07 17:00, not passed when it is read.
  rules_.Apply(Received("D9", 3, "2026-07-06T09:00:00"), state_,
               T("2026-07-06T09:00:00"));
  rules_.Evaluate(state_, T("2026-07-13T08:00:00"));
  ASSERT_TRUE(state_.overdue());
  rules_.Apply(
      Kind("s1", "D9", v1::DOSSIER_SUPPLEMENT_REQUESTED, "2026-07-13T09:00:00"),
      state_, T("2026-07-13T09:00:00"));
  DossierOutcome moved = rules_.Apply(
      Kind("s2", "D9", v1::DOSSIER_SUPPLEMENT_RECEIVED, "2026-07-14T09:00:00"),
      state_, T("2026-07-14T09:00:00"));
  EXPECT_THAT(Transitions(moved),
              ::testing::IsSupersetOf(
                  {"DOSSIER_OVERDUE resolved", "DOSSIER_NO_APOLOGY resolved"}));
  EXPECT_EQ(Sum(moved, kFieldInProgressOverdue), -1);
  EXPECT_FALSE(state_.overdue());
  // Past the new due time: raised again, against it.
  const std::string version = AlertVersion(core::FromProto(state_.due_at()));
  DossierOutcome again = rules_.Evaluate(state_, T("2026-07-20T08:00:00"));
  ASSERT_THAT(Transitions(again), Contains("DOSSIER_NO_APOLOGY firing"));
  for (const v1::Alert& a : again.alerts) {
    EXPECT_THAT(a.alert_id(), ::testing::EndsWith(version));
  }
}

TEST_F(DossierRulesTest, ResultNotReturnedUntilReturned) {
  rules_.Apply(Received("D8", 3, "2026-07-06T09:00:00"), state_,
               T("2026-07-06T09:00:00"));
  rules_.Apply(Kind("z", "D8", v1::DOSSIER_RESOLVED, "2026-07-07T09:00:00"),
               state_, T("2026-07-07T09:00:00"));
  // 8 working hours after Tue 07/07 09:00 is Wed 08/07 09:00.
  EXPECT_EQ(rules_.NextCheck(state_),
            T("2026-07-08T09:00:00") + absl::Milliseconds(1));
  EXPECT_THAT(rules_.Evaluate(state_, T("2026-07-08T09:00:00")).alerts,
              IsEmpty());
  DossierOutcome not_returned =
      rules_.Evaluate(state_, T("2026-07-09T10:00:00"));
  EXPECT_THAT(Transitions(not_returned),
              ElementsAre("DOSSIER_RESULT_NOT_RETURNED firing"));
  // The explanation names the limit, not the moment the check ran.
  EXPECT_THAT(not_returned.alerts[0].explanation_en(),
              HasSubstr("not returned by Wed 08/07/2026 09:00"));
  EXPECT_THAT(
      Transitions(rules_.Apply(
          Kind("r", "D8", v1::DOSSIER_RESULT_RETURNED, "2026-07-08T10:00:00"),
          state_, T("2026-07-08T10:00:00"))),
      ElementsAre("DOSSIER_RESULT_NOT_RETURNED resolved"));
  EXPECT_EQ(rules_.NextCheck(state_), std::nullopt);
}

TEST_F(DossierRulesTest, NextCheckIsDueSoonThenDue) {
  rules_.Apply(Received("D1", 3, "2026-04-24T16:00:00"), state_,
               T("2026-04-24T16:00:01"));
  // Due Mon 04/05 17:00; 8 working hours before it is Mon 04/05 08:00
  // (Thu 30/04 and Fri 01/05 are holidays, then a weekend).
  EXPECT_EQ(rules_.NextCheck(state_), T("2026-05-04T08:00:00"));
  EXPECT_THAT(rules_.Evaluate(state_, T("2026-05-04T07:59:59")).alerts,
              IsEmpty());
  EXPECT_THAT(Transitions(rules_.Evaluate(state_, T("2026-05-04T08:00:00"))),
              ElementsAre("DOSSIER_DUE_SOON firing"));
  EXPECT_EQ(rules_.NextCheck(state_),
            T("2026-05-04T17:00:00") + absl::Milliseconds(1));
}

TEST_F(DossierRulesTest, AppointmentDifferentFromComputedDueIsFlagged) {
  v1::Event e = Received("D9", 3, "2026-04-24T16:00:00");
  *e.mutable_dossier()->mutable_appointment_at() =
      core::ToProto(T("2026-04-29T17:00:00"));
  DossierOutcome out = rules_.Apply(e, state_, T("2026-04-24T16:00:01"));
  EXPECT_THAT(Transitions(out),
              ElementsAre("DOSSIER_APPOINTMENT_MISMATCH firing"));
}

TEST_F(DossierRulesTest, RefusalAfterTheDueTimeIsALateRefusal) {
  rules_.Apply(Received("D1", 3, "2026-04-24T16:00:00"), state_,
               T("2026-04-24T16:00:01"));
  v1::Event refused =
      Kind("z", "D1", v1::DOSSIER_RESOLVED, "2026-05-05T09:00:00");
  refused.mutable_dossier()->set_outcome(v1::RESOLUTION_REFUSED);
  DossierOutcome out = rules_.Apply(refused, state_, T("2026-05-05T09:00:00"));
  EXPECT_THAT(Transitions(out), Contains("DOSSIER_LATE_REFUSAL firing"));
  EXPECT_EQ(Sum(out, kFieldResolvedLate), 1);
}

TEST_F(DossierRulesTest, PaperDossierTransferredAfterTheNextOpeningIsLate) {
  // Example 1: paper dossier accepted Fri 24/04 16:00 (after 15:00): the
  // transfer is due Tue 28/04 08:00 (Mon 27/04 is off).
  v1::Event e = Received("D1", 3, "2026-04-24T16:00:00");
  e.mutable_dossier()->set_channel(v1::CHANNEL_DIRECT);
  rules_.Apply(e, state_, T("2026-04-24T16:00:01"));
  v1::Event step =
      Kind("s", "D1", v1::DOSSIER_STEP_STARTED, "2026-04-28T08:00:00");
  step.mutable_dossier()->mutable_step()->set_step_id("xu-ly");
  step.mutable_dossier()->mutable_step()->set_unit_id("U1");
  EXPECT_THAT(rules_.Apply(step, state_, T("2026-04-28T08:00:00")).alerts,
              IsEmpty());
  v1::DossierState late;
  rules_.Apply(e, late, T("2026-04-24T16:00:01"));
  *step.mutable_occurred_at() = core::ToProto(T("2026-04-28T08:00:01"));
  EXPECT_THAT(Transitions(rules_.Apply(step, late, T("2026-04-28T08:00:01"))),
              ElementsAre("DOSSIER_LATE_TRANSFER firing"));
}

TEST_F(DossierRulesTest, DuplicateEventChangesNothing) {
  const v1::Event e = Received("D1", 3, "2026-04-24T16:00:00");
  rules_.Apply(e, state_, T("2026-04-24T16:00:01"));
  const std::string before = state_.SerializeAsString();
  DossierOutcome again = rules_.Apply(e, state_, T("2026-04-24T16:00:02"));
  EXPECT_TRUE(again.duplicate);
  EXPECT_THAT(again.deltas, IsEmpty());
  EXPECT_EQ(state_.SerializeAsString(), before);
}

TEST_F(DossierRulesTest, ResolutionBeforeReceiptIsJudgedOnceTheReceiptArrives) {
  DossierOutcome first =
      rules_.Apply(Kind("z", "D1", v1::DOSSIER_RESOLVED, "2026-04-28T10:00:00"),
                   state_, T("2026-04-28T10:00:00"));
  EXPECT_EQ(Sum(first, kFieldResolved), 1);
  DossierOutcome late = rules_.Apply(Received("D1", 3, "2026-04-24T16:00:00"),
                                     state_, T("2026-04-28T10:00:01"));
  EXPECT_EQ(Sum(late, kFieldReceived), 1);
  EXPECT_EQ(Sum(late, kFieldInProgress), 0);
  EXPECT_EQ(Sum(late, kFieldResolvedEarly), 1);
}

TEST_F(DossierRulesTest, AlertIdsAreStableAcrossReplays) {
  std::vector<std::string> ids[2];
  for (auto& run : ids) {
    v1::DossierState s;
    rules_.Apply(Received("D1", 3, "2026-04-24T16:00:00"), s,
                 T("2026-04-24T16:00:01"));
    for (const auto& a : rules_.Evaluate(s, T("2026-05-05T08:00:00")).alerts) {
      run.push_back(a.alert_id());
    }
  }
  EXPECT_EQ(ids[0], ids[1]);
  EXPECT_THAT(ids[0], Contains(HasSubstr("dossier:D1:DOSSIER_OVERDUE:")));
}

}  // namespace
}  // namespace giamsat::domain
