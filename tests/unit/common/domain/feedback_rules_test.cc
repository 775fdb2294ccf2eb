// The feedback (PAKN) rules on the shipped 2026 public-sector calendar,
// driven by a fake "now" (no wall clock). Instants are Vietnam time.
#include "common/domain/feedback_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/calendar/calendar_loader.h"
#include "common/core/proto_time.h"
#include "common/domain/dossier_rules.h"
#include "common/domain/figure_fields.h"
#include "common/domain/rule_catalogue.h"
#include "tests/support/event_builders.h"

namespace giamsat::domain {
namespace {

using ::giamsat::testing::VnTime;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

absl::Time T(const std::string& local) { return VnTime(local + "+07:00"); }

std::shared_ptr<const calendar::Calendar> Load(
    const std::vector<std::string>& overrides) {
  auto loaded = calendar::LoadCalendar(
      GIAMSAT_SOURCE_DIR "/deploy/config/calendars/vn-public-sector.yaml",
      overrides);
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  return std::make_shared<calendar::Calendar>(std::move(*loaded));
}

std::shared_ptr<const calendar::Calendar> PublicSector() {
  static auto* cal = new std::shared_ptr<const calendar::Calendar>(Load({}));
  return *cal;
}

std::shared_ptr<const calendar::Calendar> WithCultureDay() {
  static auto* cal = new std::shared_ptr<const calendar::Calendar>(Load(
      {GIAMSAT_SOURCE_DIR "/deploy/config/calendars/vn-culture-day.yaml"}));
  return *cal;
}

v1::Event Fb(const std::string& event_id, v1::FeedbackEventKind kind,
             const std::string& at, const std::string& unit = "U1",
             const std::string& feedback_id = "F1") {
  v1::Event e;
  e.set_event_id(event_id);
  e.set_source_system("ihanoi");
  e.set_unit_id(unit);
  *e.mutable_occurred_at() = core::ToProto(T(at));
  e.mutable_feedback()->set_feedback_id(feedback_id);
  e.mutable_feedback()->set_kind(kind);
  return e;
}

v1::Event Received(const std::string& at,
                   v1::FeedbackChannel channel = v1::FEEDBACK_CHANNEL_IHANOI) {
  v1::Event e = Fb("r", v1::FEEDBACK_RECEIVED, at);
  e.mutable_feedback()->set_channel(channel);
  return e;
}

v1::Event Assigned(const std::string& event_id, const std::string& to,
                   const std::string& at) {
  v1::Event e = Fb(event_id, v1::FEEDBACK_ASSIGNED, at);
  e.mutable_feedback()->set_assigned_unit_id(to);
  return e;
}

std::vector<std::string> Transitions(const FeedbackOutcome& out) {
  std::vector<std::string> t;
  for (const auto& a : out.alerts) {
    t.push_back(a.rule_id() +
                (a.state() == v1::ALERT_FIRING ? " firing" : " resolved"));
  }
  return t;
}

const v1::Alert* Find(const FeedbackOutcome& out, absl::string_view rule,
                      v1::AlertState state) {
  for (const auto& a : out.alerts) {
    if (a.rule_id() == rule && a.state() == state) return &a;
  }
  return nullptr;
}

int64_t Sum(const FeedbackOutcome& out, absl::string_view field,
            const std::string& unit = "") {
  int64_t n = 0;
  for (const auto& d : out.deltas) {
    if (d.field == field && (unit.empty() || d.unit_id == unit)) n += d.delta;
  }
  return n;
}

absl::Time Due(const google::protobuf::Timestamp& ts) {
  return core::FromProto(ts);
}

class FeedbackRulesTest : public ::testing::Test {
 protected:
  FeedbackRules rules_{PublicSector(), FeedbackRulesConfig{}};
  v1::FeedbackState state_;

  FeedbackOutcome Apply(const v1::Event& e) {
    return rules_.Apply(e, state_, core::FromProto(e.occurred_at()));
  }
  FeedbackOutcome Apply(const v1::Event& e, const std::string& now) {
    return rules_.Apply(e, state_, T(now));
  }
};

// --- receipt, figures, due times -------------------------------------------

TEST_F(FeedbackRulesTest, ReceiptCountsAFlowAndAStockAndComputesBothDueTimes) {
  FeedbackOutcome out = Apply(Received("2026-07-06T09:00:00"));
  // Flow on the Vietnam day of the event, stock without a day.
  EXPECT_THAT(
      out.deltas,
      ElementsAre(CounterDelta{"U1", absl::CivilDay(2026, 7, 6),
                               kFieldFeedbackReceived, 1},
                  CounterDelta{"U1", std::nullopt, kFieldFeedbackOpen, 1}));
  EXPECT_THAT(out.alerts, IsEmpty());
  EXPECT_THAT(out.problems, IsEmpty());
  EXPECT_EQ(state_.level(), v1::FeedbackState::LEVEL_NORMAL);
  EXPECT_EQ(state_.channel(), v1::FEEDBACK_CHANNEL_IHANOI);
  EXPECT_EQ(state_.clock_start(), v1::FeedbackState::CLOCK_START_RECEIPT);
  // Acceptance: 8 working hours. Answer: 15 working days (DAYS mode).
  EXPECT_EQ(Due(state_.acknowledge_due_at()), T("2026-07-07T09:00:00"));
  EXPECT_EQ(Due(state_.answer_due_at()), T("2026-07-27T17:00:00"));
  EXPECT_EQ(rules_.NextCheck(state_),
            T("2026-07-07T09:00:00") + absl::Milliseconds(1));
}

TEST_F(FeedbackRulesTest, EightWorkingHoursSpanLunchAndAWeekend) {
  // Fri 10:30: 1.5 h before lunch, 4 h after, then Mon 08:00 + 2.5 h.
  Apply(Received("2026-07-10T10:30:00"));
  const absl::Time due = T("2026-07-13T10:30:00");
  EXPECT_EQ(Due(state_.acknowledge_due_at()), due);
  // The exact due instant is still in time; one second later is not.
  EXPECT_THAT(rules_.Evaluate(state_, due).alerts, IsEmpty());
  FeedbackOutcome out = rules_.Evaluate(state_, due + absl::Seconds(1));
  ASSERT_THAT(Transitions(out),
              ElementsAre("FEEDBACK_NOT_ACKNOWLEDGED firing"));
  const v1::Alert& a = out.alerts[0];
  EXPECT_EQ(a.severity(), v1::SEVERITY_WARNING);
  EXPECT_EQ(a.subject_type(), v1::SUBJECT_FEEDBACK);
  EXPECT_EQ(a.subject_id(), "F1");
  EXPECT_EQ(a.unit_id(), "U1");
  EXPECT_EQ(Due(a.due_at()), due);
  EXPECT_EQ(Due(a.decided_at()), due + absl::Seconds(1));
  EXPECT_THAT(a.legal_basis(), HasSubstr("1207"));
  EXPECT_THAT(a.explanation_vi(), HasSubstr("13/07/2026"));
  EXPECT_THAT(a.explanation_vi(), HasSubstr("thời hạn tính từ khi nhận"));
  EXPECT_THAT(a.explanation_en(), HasSubstr("8 h of working time"));
  EXPECT_TRUE(state_.acknowledge_overdue());
  // Not an answer breach: the stock of overdue items does not move.
  EXPECT_EQ(Sum(out, kFieldFeedbackOpenOverdue), 0);
  // Evaluating again changes nothing.
  EXPECT_THAT(rules_.Evaluate(state_, due + absl::Hours(3)).alerts, IsEmpty());
}

TEST_F(FeedbackRulesTest, ReceivedFriday1659BeforeTetWaitsForTheTetBreak) {
  // Tết 2026: off Sat 14/02 to Sun 22/02. One minute on Fri 13/02, then
  // 7 h 59 min from Mon 23/02 08:00.
  Apply(Received("2026-02-13T16:59:00"));
  EXPECT_EQ(Due(state_.acknowledge_due_at()), T("2026-02-23T16:59:00"));
  // 15 working days after Fri 13/02: Mon 23/02 is the first.
  EXPECT_EQ(Due(state_.answer_due_at()), T("2026-03-13T17:00:00"));

  // Urgent: accepted within 4 working hours: Mon 23/02 11:59.
  v1::FeedbackState urgent;
  v1::Event e = Received("2026-02-13T16:59:00");
  e.mutable_feedback()->set_urgent(true);
  rules_.Apply(e, urgent, T("2026-02-13T16:59:00"));
  EXPECT_EQ(Due(urgent.acknowledge_due_at()), T("2026-02-23T11:59:00"));
  EXPECT_THAT(rules_.Evaluate(urgent, T("2026-02-20T12:00:00")).alerts,
              Not(Contains(::testing::Property(&v1::Alert::rule_id,
                                               "FEEDBACK_NOT_ACKNOWLEDGED"))));
  EXPECT_THAT(Transitions(rules_.Evaluate(urgent, T("2026-02-23T11:59:01"))),
              ElementsAre("FEEDBACK_NOT_ACKNOWLEDGED firing"));
}

TEST_F(FeedbackRulesTest,
       ExampleFiveNationalPortalAnswerDueUnderBothCalendars) {
  // Received Mon 23/11/2026: 15 working days.
  const v1::Event e =
      Received("2026-11-23T09:00:00", v1::FEEDBACK_CHANNEL_NATIONAL_PORTAL);
  rules_.Apply(e, state_, T("2026-11-23T09:00:00"));
  EXPECT_EQ(Due(state_.answer_due_at()), T("2026-12-14T17:00:00"));

  FeedbackRules culture(WithCultureDay(), FeedbackRulesConfig{});
  v1::FeedbackState s;
  culture.Apply(e, s, T("2026-11-23T09:00:00"));
  EXPECT_EQ(Due(s.answer_due_at()), T("2026-12-15T17:00:00"));
  // The acceptance limit skips the holiday too: Wed 25/11 09:00.
  EXPECT_EQ(Due(s.acknowledge_due_at()), T("2026-11-25T09:00:00"));

  // Overdue under the base calendar at Mon 14/12 17:00:01, not yet under the
  // override.
  const absl::Time after = T("2026-12-14T17:00:01");
  rules_.Apply(Fb("a", v1::FEEDBACK_ACKNOWLEDGED, "2026-11-23T10:00:00"),
               state_, T("2026-11-23T10:00:00"));
  culture.Apply(Fb("a", v1::FEEDBACK_ACKNOWLEDGED, "2026-11-23T10:00:00"), s,
                T("2026-11-23T10:00:00"));
  EXPECT_THAT(Transitions(rules_.Evaluate(state_, after)),
              ElementsAre("FEEDBACK_NOT_ANSWERED firing"));
  EXPECT_THAT(culture.Evaluate(s, after).alerts, IsEmpty());
}

TEST_F(FeedbackRulesTest,
       AnswerAtTheExactDueInstantIsOnTimeOneSecondLaterLate) {
  struct Case {
    std::string answered_at;
    absl::string_view field;
  };
  for (const Case& c :
       {Case{"2026-12-14T17:00:00", kFieldFeedbackAnsweredOnTime},
        Case{"2026-12-14T17:00:01", kFieldFeedbackAnsweredLate}}) {
    v1::FeedbackState s;
    rules_.Apply(
        Received("2026-11-23T09:00:00", v1::FEEDBACK_CHANNEL_NATIONAL_PORTAL),
        s, T("2026-11-23T09:00:00"));
    FeedbackOutcome out = rules_.Apply(
        Fb("z", v1::FEEDBACK_RESPONDED, c.answered_at), s, T(c.answered_at));
    EXPECT_EQ(Sum(out, c.field), 1) << c.answered_at;
    EXPECT_EQ(Sum(out, kFieldFeedbackOpen), -1);
    for (const auto& d : out.deltas) {
      if (d.field == c.field) {
        EXPECT_EQ(d.day, absl::CivilDay(2026, 12, 14));
      }
    }
  }
}

// --- answer timer and late-arriving events --------------------------------

TEST_F(FeedbackRulesTest, NotAnsweredFiresAfterTheDueTimeAndTheAnswerResolves) {
  Apply(Received("2026-07-06T09:00:00"));
  Apply(Fb("a", v1::FEEDBACK_ACKNOWLEDGED, "2026-07-06T10:00:00"));
  EXPECT_EQ(rules_.NextCheck(state_),
            T("2026-07-27T17:00:00") + absl::Milliseconds(1));
  FeedbackOutcome fired = rules_.Evaluate(state_, T("2026-07-27T17:00:01"));
  ASSERT_THAT(Transitions(fired), ElementsAre("FEEDBACK_NOT_ANSWERED firing"));
  EXPECT_EQ(fired.alerts[0].severity(), v1::SEVERITY_CRITICAL);
  EXPECT_THAT(fired.alerts[0].explanation_vi(), HasSubstr("27/07/2026"));
  EXPECT_THAT(fired.alerts[0].explanation_en(), HasSubstr("15 working days"));
  EXPECT_EQ(Sum(fired, kFieldFeedbackOpenOverdue), 1);
  EXPECT_EQ(rules_.NextCheck(state_), std::nullopt);

  FeedbackOutcome out =
      Apply(Fb("z", v1::FEEDBACK_RESPONDED, "2026-07-28T09:00:00"));
  EXPECT_EQ(Sum(out, kFieldFeedbackAnsweredLate), 1);
  EXPECT_EQ(Sum(out, kFieldFeedbackAnsweredOnTime), 0);
  EXPECT_EQ(Sum(out, kFieldFeedbackOpen), -1);
  EXPECT_EQ(Sum(out, kFieldFeedbackOpenOverdue), -1);
  const v1::Alert* resolved =
      Find(out, "FEEDBACK_NOT_ANSWERED", v1::ALERT_RESOLVED);
  ASSERT_NE(resolved, nullptr);
  EXPECT_EQ(resolved->resolution(), "answered late");
  EXPECT_EQ(resolved->alert_id(), fired.alerts[0].alert_id());
  EXPECT_EQ(state_.answer_verdict(), kVerdictLate);
}

TEST_F(FeedbackRulesTest, LateArrivingAnswerCorrectsInsteadOfCountingLate) {
  Apply(Received("2026-07-06T09:00:00"));
  Apply(Fb("a", v1::FEEDBACK_ACKNOWLEDGED, "2026-07-06T10:00:00"));
  FeedbackOutcome fired = rules_.Evaluate(state_, T("2026-07-29T08:00:00"));
  EXPECT_EQ(Sum(fired, kFieldFeedbackOpenOverdue), 1);
  // The answer was given on Mon 27/07 at 16:00 but arrives on 29/07.
  FeedbackOutcome out =
      Apply(Fb("z", v1::FEEDBACK_RESPONDED, "2026-07-27T16:00:00"),
            "2026-07-29T08:00:05");
  EXPECT_EQ(Sum(out, kFieldFeedbackAnsweredOnTime), 1);
  EXPECT_EQ(Sum(out, kFieldFeedbackAnsweredLate), 0);
  EXPECT_EQ(Sum(out, kFieldFeedbackOpenOverdue), -1);
  EXPECT_EQ(Sum(out, kFieldFeedbackOpen), -1);
  const v1::Alert* resolved =
      Find(out, "FEEDBACK_NOT_ANSWERED", v1::ALERT_RESOLVED);
  ASSERT_NE(resolved, nullptr);
  EXPECT_THAT(resolved->resolution(), HasSubstr("corrected"));
  // The on-time answer counts on the day it was given.
  for (const auto& d : out.deltas) {
    if (d.field == kFieldFeedbackAnsweredOnTime) {
      EXPECT_EQ(d.day, absl::CivilDay(2026, 7, 27));
    }
  }
  EXPECT_THAT(state_.firing_alerts(), IsEmpty());
}

TEST_F(FeedbackRulesTest, LateAnswerBeforeTheTimerRanIsStillOnRecord) {
  Apply(Received("2026-07-06T09:00:00"));
  Apply(Fb("a", v1::FEEDBACK_ACKNOWLEDGED, "2026-07-06T10:00:00"));
  // No Evaluate ran between the due time and the answer.
  FeedbackOutcome out =
      Apply(Fb("z", v1::FEEDBACK_RESPONDED, "2026-07-28T09:00:00"));
  EXPECT_THAT(Transitions(out), ElementsAre("FEEDBACK_NOT_ANSWERED firing",
                                            "FEEDBACK_NOT_ANSWERED resolved"));
  EXPECT_EQ(Sum(out, kFieldFeedbackAnsweredLate), 1);
  EXPECT_EQ(Sum(out, kFieldFeedbackOpenOverdue), 0);
}

TEST_F(FeedbackRulesTest, LateArrivingAcceptanceCorrectsTheAcceptanceAlert) {
  Apply(Received("2026-07-06T09:00:00"));
  ASSERT_THAT(Transitions(rules_.Evaluate(state_, T("2026-07-07T10:00:00"))),
              ElementsAre("FEEDBACK_NOT_ACKNOWLEDGED firing"));
  FeedbackOutcome out =
      Apply(Fb("a", v1::FEEDBACK_ACKNOWLEDGED, "2026-07-07T08:30:00"),
            "2026-07-07T10:00:05");
  const v1::Alert* resolved =
      Find(out, "FEEDBACK_NOT_ACKNOWLEDGED", v1::ALERT_RESOLVED);
  ASSERT_NE(resolved, nullptr);
  EXPECT_EQ(resolved->resolution(),
            "corrected: accepted in time (the event arrived late)");
  EXPECT_FALSE(state_.acknowledge_overdue());
}

TEST_F(FeedbackRulesTest, AcceptanceAfterTheDueTimeResolvesAsAcceptedLate) {
  Apply(Received("2026-07-06T09:00:00"));
  rules_.Evaluate(state_, T("2026-07-07T10:00:00"));
  FeedbackOutcome out =
      Apply(Fb("a", v1::FEEDBACK_ACKNOWLEDGED, "2026-07-07T11:00:00"));
  const v1::Alert* resolved =
      Find(out, "FEEDBACK_NOT_ACKNOWLEDGED", v1::ALERT_RESOLVED);
  ASSERT_NE(resolved, nullptr);
  EXPECT_EQ(resolved->resolution(), "accepted late");
  EXPECT_EQ(rules_.NextCheck(state_),
            T("2026-07-27T17:00:00") + absl::Milliseconds(1));
}

TEST_F(FeedbackRulesTest, AnAnswerWithoutAcceptanceImpliesIt) {
  Apply(Received("2026-07-06T09:00:00"));
  FeedbackOutcome out =
      Apply(Fb("z", v1::FEEDBACK_RESPONDED, "2026-07-06T15:00:00"));
  EXPECT_EQ(Due(state_.acknowledged_at()), T("2026-07-06T15:00:00"));
  EXPECT_EQ(Sum(out, kFieldFeedbackAnsweredOnTime), 1);
  EXPECT_EQ(rules_.NextCheck(state_), std::nullopt);
  EXPECT_THAT(rules_.Evaluate(state_, T("2026-08-30T09:00:00")).alerts,
              IsEmpty());
}

// --- transfers ---------------------------------------------------------------

TEST_F(FeedbackRulesTest, TransferRestartsBothClocksAndMovesTheStock) {
  Apply(Received("2026-07-06T09:00:00"));
  ASSERT_THAT(Transitions(rules_.Evaluate(state_, T("2026-07-07T09:00:01"))),
              ElementsAre("FEEDBACK_NOT_ACKNOWLEDGED firing"));
  FeedbackOutcome out = Apply(Assigned("t1", "U2", "2026-07-07T10:00:00"));
  EXPECT_EQ(state_.unit_id(), "U2");
  EXPECT_EQ(state_.received_unit_id(), "U1");
  EXPECT_EQ(state_.transfers(), 1);
  EXPECT_EQ(state_.clock_start(), v1::FeedbackState::CLOCK_START_TRANSFER);
  // The old holder's timer ends with the transfer (alert kept on U1).
  const v1::Alert* resolved =
      Find(out, "FEEDBACK_NOT_ACKNOWLEDGED", v1::ALERT_RESOLVED);
  ASSERT_NE(resolved, nullptr);
  EXPECT_EQ(resolved->resolution(), "transferred to U2");
  EXPECT_EQ(resolved->unit_id(), "U1");
  // The open item moves from U1 to U2.
  EXPECT_EQ(Sum(out, kFieldFeedbackOpen, "U1"), -1);
  EXPECT_EQ(Sum(out, kFieldFeedbackOpen, "U2"), 1);
  EXPECT_EQ(Sum(out, kFieldFeedbackReceived), 0);
  // Both limits restart from Tue 07/07 10:00.
  EXPECT_EQ(Due(state_.acknowledge_due_at()), T("2026-07-08T10:00:00"));
  EXPECT_EQ(Due(state_.answer_due_at()), T("2026-07-28T17:00:00"));
  EXPECT_THAT(out.alerts, Not(Contains(::testing::Property(
                              &v1::Alert::rule_id, "FEEDBACK_TRANSFER_LATE"))));
  // The new holder's own acceptance timer fires under a new id, for U2.
  FeedbackOutcome again = rules_.Evaluate(state_, T("2026-07-08T10:00:01"));
  ASSERT_THAT(Transitions(again),
              ElementsAre("FEEDBACK_NOT_ACKNOWLEDGED firing"));
  EXPECT_EQ(again.alerts[0].unit_id(), "U2");
  EXPECT_NE(again.alerts[0].alert_id(), resolved->alert_id());
  EXPECT_THAT(again.alerts[0].explanation_vi(),
              HasSubstr("tính lại từ lần chuyển gần nhất"));
}

TEST_F(FeedbackRulesTest, TransferOfAnOverdueItemMovesTheOverdueStockToo) {
  Apply(Received("2026-07-06T09:00:00"));
  Apply(Fb("a", v1::FEEDBACK_ACKNOWLEDGED, "2026-07-06T10:00:00"));
  rules_.Evaluate(state_, T("2026-07-28T08:00:00"));
  ASSERT_TRUE(state_.answer_overdue());
  FeedbackOutcome out = Apply(Assigned("t1", "U2", "2026-07-28T09:00:00"));
  EXPECT_EQ(Sum(out, kFieldFeedbackOpenOverdue, "U1"), -1);
  EXPECT_EQ(Sum(out, kFieldFeedbackOpenOverdue, "U2"), 0);
  EXPECT_THAT(Transitions(out), Contains("FEEDBACK_NOT_ANSWERED resolved"));
  // ... and a transfer after 5 working days is late (ND 20/2008).
  EXPECT_THAT(Transitions(out), Contains("FEEDBACK_TRANSFER_LATE firing"));
}

TEST_F(FeedbackRulesTest, AssignmentToTheHolderIsNotATransfer) {
  Apply(Received("2026-07-06T09:00:00"));
  FeedbackOutcome out = Apply(Assigned("t1", "U1", "2026-07-06T09:30:00"));
  EXPECT_EQ(state_.transfers(), 0);
  EXPECT_THAT(out.deltas, IsEmpty());
  EXPECT_EQ(Due(state_.acknowledge_due_at()), T("2026-07-07T09:00:00"));
}

TEST_F(FeedbackRulesTest, TransferLateAfterFiveWorkingDaysExactBoundary) {
  // Received Mon 06/07 09:00: forwarded by the end of Mon 13/07 (17:00).
  for (const auto& [at, late] : std::vector<std::pair<std::string, bool>>{
           {"2026-07-13T17:00:00", false}, {"2026-07-13T17:00:01", true}}) {
    v1::FeedbackState s;
    rules_.Apply(Received("2026-07-06T09:00:00"), s, T("2026-07-06T09:00:00"));
    rules_.Apply(Fb("a", v1::FEEDBACK_ACKNOWLEDGED, "2026-07-06T10:00:00"), s,
                 T("2026-07-06T10:00:00"));
    FeedbackOutcome out = rules_.Apply(Assigned("t1", "U2", at), s, T(at));
    const v1::Alert* a = Find(out, "FEEDBACK_TRANSFER_LATE", v1::ALERT_FIRING);
    EXPECT_EQ(a != nullptr, late) << at;
    if (a == nullptr) continue;
    EXPECT_EQ(a->unit_id(), "U1");  // the unit that forwarded late
    EXPECT_EQ(Due(a->due_at()), T("2026-07-13T17:00:00"));
    EXPECT_THAT(a->legal_basis(), HasSubstr("20/2008"));
    EXPECT_THAT(a->explanation_en(), HasSubstr("5 working days"));
  }
}

TEST_F(FeedbackRulesTest, SecondTransferCountsFromTheFirstTransfer) {
  Apply(Received("2026-07-06T09:00:00"));
  Apply(Assigned("t1", "U2", "2026-07-10T09:00:00"));  // within 5 days
  // U2 received it Fri 10/07: its limit ends Fri 17/07 17:00.
  FeedbackOutcome ok = Apply(Assigned("t2", "U3", "2026-07-17T16:00:00"));
  EXPECT_THAT(Transitions(ok), Not(Contains("FEEDBACK_TRANSFER_LATE firing")));
  EXPECT_EQ(state_.unit_id(), "U3");
  EXPECT_EQ(state_.transfers(), 2);
  FeedbackOutcome late = Apply(Assigned("t3", "U4", "2026-07-27T08:00:00"));
  const v1::Alert* a = Find(late, "FEEDBACK_TRANSFER_LATE", v1::ALERT_FIRING);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->unit_id(), "U3");
}

// --- levels ------------------------------------------------------------------

TEST_F(FeedbackRulesTest, UrgentAnswerCountsFourWorkingHoursFromAcceptance) {
  v1::Event e = Received("2026-07-06T09:00:00");
  e.mutable_feedback()->set_urgent(true);
  Apply(e);
  EXPECT_EQ(state_.level(), v1::FeedbackState::LEVEL_URGENT);
  // Acceptance within 4 working hours: 09:00-12:00 and 13:00-14:00.
  EXPECT_EQ(Due(state_.acknowledge_due_at()), T("2026-07-06T14:00:00"));
  EXPECT_FALSE(state_.has_answer_due_at());  // waits for the acceptance
  EXPECT_EQ(rules_.NextCheck(state_),
            T("2026-07-06T14:00:00") + absl::Milliseconds(1));
  Apply(Fb("a", v1::FEEDBACK_ACKNOWLEDGED, "2026-07-06T10:00:00"));
  EXPECT_EQ(Due(state_.answer_due_at()), T("2026-07-06T15:00:00"));
  FeedbackOutcome out = rules_.Evaluate(state_, T("2026-07-06T15:00:01"));
  ASSERT_THAT(Transitions(out), ElementsAre("FEEDBACK_NOT_ANSWERED firing"));
  EXPECT_THAT(out.alerts[0].explanation_en(),
              HasSubstr("(urgent) was not answered by unit U1"));
  EXPECT_THAT(out.alerts[0].explanation_en(),
              HasSubstr("counted from acceptance at Mon 06/07/2026 10:00"));
  EXPECT_THAT(out.alerts[0].explanation_vi(),
              HasSubstr("tính từ khi tiếp nhận lúc 10:00 thứ Hai 06/07/2026"));
}

TEST_F(FeedbackRulesTest, ComplexGetsThirtyWorkingDays) {
  v1::Event e = Received("2026-07-06T09:00:00");
  e.mutable_feedback()->set_complex(true);
  Apply(e);
  EXPECT_EQ(state_.level(), v1::FeedbackState::LEVEL_COMPLEX);
  EXPECT_EQ(Due(state_.answer_due_at()), T("2026-08-17T17:00:00"));
}

TEST_F(FeedbackRulesTest, ALevelStatedLateMovesTheDeadline) {
  Apply(Received("2026-07-06T09:00:00"));
  Apply(Fb("a", v1::FEEDBACK_ACKNOWLEDGED, "2026-07-06T10:00:00"));
  FeedbackOutcome fired = rules_.Evaluate(state_, T("2026-07-28T08:00:00"));
  ASSERT_EQ(Sum(fired, kFieldFeedbackOpenOverdue), 1);
  // Flagged complex afterwards: 30 working days, no longer overdue.
  v1::Event flag = Fb("c", v1::FEEDBACK_ASSIGNED, "2026-07-28T09:00:00");
  flag.mutable_feedback()->set_assigned_unit_id("U1");
  flag.mutable_feedback()->set_complex(true);
  FeedbackOutcome out = Apply(flag);
  EXPECT_EQ(Due(state_.answer_due_at()), T("2026-08-17T17:00:00"));
  EXPECT_EQ(Sum(out, kFieldFeedbackOpenOverdue), -1);
  const v1::Alert* resolved =
      Find(out, "FEEDBACK_NOT_ANSWERED", v1::ALERT_RESOLVED);
  ASSERT_NE(resolved, nullptr);
  EXPECT_EQ(resolved->resolution(), "deadline moved");
  EXPECT_THAT(Transitions(out),
              Contains("FEEDBACK_IMMEDIATE_ESCALATION firing"));
}

TEST_F(FeedbackRulesTest, ImmediateEscalationAtReceiptForEachTrigger) {
  for (int flag = 0; flag < 3; ++flag) {
    v1::FeedbackState s;
    v1::Event e = Received("2026-07-06T09:00:00");
    if (flag == 0) e.mutable_feedback()->set_complex(true);
    if (flag == 1) e.mutable_feedback()->set_urgent(true);
    if (flag == 2) e.mutable_feedback()->set_public_outrage(true);
    FeedbackOutcome out = rules_.Apply(e, s, T("2026-07-06T09:00:00"));
    ASSERT_THAT(Transitions(out),
                ElementsAre("FEEDBACK_IMMEDIATE_ESCALATION firing"))
        << flag;
    const v1::Alert& a = out.alerts[0];
    EXPECT_EQ(a.severity(), v1::SEVERITY_CRITICAL);
    EXPECT_EQ(Due(a.decided_at()), T("2026-07-06T09:00:00"));
    EXPECT_THAT(a.explanation_vi(), HasSubstr("lãnh đạo Đoàn kiểm tra"));
    EXPECT_THAT(a.explanation_en(), HasSubstr("inspection leader"));
    EXPECT_EQ(a.alert_id(), "feedback:F1:FEEDBACK_IMMEDIATE_ESCALATION:1");
  }
  // Public outrage alone keeps the normal limits.
  v1::FeedbackState s;
  v1::Event e = Received("2026-07-06T09:00:00");
  e.mutable_feedback()->set_public_outrage(true);
  rules_.Apply(e, s, T("2026-07-06T09:00:00"));
  EXPECT_EQ(s.level(), v1::FeedbackState::LEVEL_NORMAL);
  EXPECT_EQ(Due(s.answer_due_at()), T("2026-07-27T17:00:00"));
}

TEST_F(FeedbackRulesTest, EscalationFiresOnceAndEndsWithTheClosing) {
  Apply(Received("2026-07-06T09:00:00"));
  v1::Event flag = Fb("f", v1::FEEDBACK_ACKNOWLEDGED, "2026-07-06T10:00:00");
  flag.mutable_feedback()->set_public_outrage(true);
  EXPECT_THAT(Transitions(Apply(flag)),
              ElementsAre("FEEDBACK_IMMEDIATE_ESCALATION firing"));
  v1::Event more = Fb("g", v1::FEEDBACK_ASSIGNED, "2026-07-06T11:00:00");
  more.mutable_feedback()->set_assigned_unit_id("U1");
  more.mutable_feedback()->set_complex(true);
  EXPECT_THAT(Apply(more).alerts, IsEmpty());
  FeedbackOutcome closed =
      Apply(Fb("z", v1::FEEDBACK_CLOSED, "2026-07-07T09:00:00"));
  EXPECT_THAT(Transitions(closed),
              Contains("FEEDBACK_IMMEDIATE_ESCALATION resolved"));
}

// --- reopening, ratings, closing --------------------------------------------

TEST_F(FeedbackRulesTest, ReopeningCountsFiresAndRestartsTheAnswerClock) {
  Apply(Received("2026-07-06T09:00:00"));
  Apply(Fb("z", v1::FEEDBACK_RESPONDED, "2026-07-07T09:00:00"));
  FeedbackOutcome out =
      Apply(Fb("o", v1::FEEDBACK_REOPENED, "2026-07-08T09:00:00"));
  EXPECT_THAT(Transitions(out), ElementsAre("FEEDBACK_REOPENED firing"));
  EXPECT_EQ(out.alerts[0].alert_id(), "feedback:F1:FEEDBACK_REOPENED:1");
  EXPECT_EQ(Sum(out, kFieldFeedbackReopened), 1);
  EXPECT_EQ(Sum(out, kFieldFeedbackOpen), 1);
  EXPECT_EQ(state_.reopen_count(), 1);
  EXPECT_EQ(state_.clock_start(), v1::FeedbackState::CLOCK_START_REOPEN);
  // 15 working days from Wed 08/07: Wed 29/07 17:00; no new acceptance.
  EXPECT_EQ(Due(state_.answer_due_at()), T("2026-07-29T17:00:00"));
  EXPECT_EQ(rules_.NextCheck(state_),
            T("2026-07-29T17:00:00") + absl::Milliseconds(1));
  FeedbackOutcome again =
      Apply(Fb("y", v1::FEEDBACK_RESPONDED, "2026-07-09T09:00:00"));
  EXPECT_THAT(Transitions(again), ElementsAre("FEEDBACK_REOPENED resolved"));
  // The figures count the first answer only.
  EXPECT_EQ(Sum(again, kFieldFeedbackAnsweredOnTime), 0);
  EXPECT_EQ(Sum(again, kFieldFeedbackOpen), -1);
}

TEST_F(FeedbackRulesTest, UnsatisfiedRatingCountsOncePerItem) {
  Apply(Received("2026-07-06T09:00:00"));
  Apply(Fb("z", v1::FEEDBACK_RESPONDED, "2026-07-07T09:00:00"));
  v1::Event bad = Fb("r1", v1::FEEDBACK_RATED, "2026-07-08T09:00:00");
  bad.mutable_feedback()->set_unsatisfied(true);
  FeedbackOutcome out = Apply(bad);
  EXPECT_THAT(Transitions(out), ElementsAre("FEEDBACK_UNSATISFIED firing"));
  EXPECT_EQ(Sum(out, kFieldFeedbackUnsatisfied), 1);
  EXPECT_EQ(out.deltas[0].day, absl::CivilDay(2026, 7, 8));
  // Rated unsatisfied again: nothing new.
  v1::Event bad2 = bad;
  bad2.set_event_id("r2");
  *bad2.mutable_occurred_at() = core::ToProto(T("2026-07-09T09:00:00"));
  FeedbackOutcome same = Apply(bad2);
  EXPECT_THAT(same.alerts, IsEmpty());
  EXPECT_THAT(same.deltas, IsEmpty());
  // An older "satisfied" rating that arrives late changes nothing.
  FeedbackOutcome old =
      Apply(Fb("r0", v1::FEEDBACK_RATED, "2026-07-07T10:00:00"));
  EXPECT_THAT(old.alerts, IsEmpty());
  // A newer "satisfied" rating resolves the alert; the figure stays.
  FeedbackOutcome good =
      Apply(Fb("r3", v1::FEEDBACK_RATED, "2026-07-10T09:00:00"));
  EXPECT_THAT(Transitions(good), ElementsAre("FEEDBACK_UNSATISFIED resolved"));
  EXPECT_THAT(good.deltas, IsEmpty());
}

TEST_F(FeedbackRulesTest, RefusalClosesWithoutAnAnswer) {
  Apply(Received("2026-07-06T09:00:00"));
  rules_.Evaluate(state_, T("2026-07-07T10:00:00"));
  v1::Event refuse = Fb("x", v1::FEEDBACK_CLOSED, "2026-07-07T11:00:00");
  refuse.mutable_feedback()->set_refused(true);
  FeedbackOutcome out = Apply(refuse);
  EXPECT_EQ(Sum(out, kFieldFeedbackOpen), -1);
  EXPECT_EQ(Sum(out, kFieldFeedbackAnsweredOnTime), 0);
  EXPECT_EQ(Sum(out, kFieldFeedbackAnsweredLate), 0);
  const v1::Alert* resolved =
      Find(out, "FEEDBACK_NOT_ACKNOWLEDGED", v1::ALERT_RESOLVED);
  ASSERT_NE(resolved, nullptr);
  EXPECT_EQ(resolved->resolution(), "closed: refused");
  EXPECT_EQ(rules_.NextCheck(state_), std::nullopt);
  EXPECT_THAT(state_.firing_alerts(), IsEmpty());
}

TEST_F(FeedbackRulesTest, ClosingWithoutARecordedAnswerIsTheAnswer) {
  Apply(Received("2026-07-06T09:00:00"));
  FeedbackOutcome out =
      Apply(Fb("x", v1::FEEDBACK_CLOSED, "2026-07-08T11:00:00"));
  EXPECT_EQ(Sum(out, kFieldFeedbackAnsweredOnTime), 1);
  EXPECT_EQ(Sum(out, kFieldFeedbackOpen), -1);
  // The answer event arriving afterwards is not counted again.
  FeedbackOutcome answer =
      Apply(Fb("z", v1::FEEDBACK_RESPONDED, "2026-07-08T10:00:00"));
  EXPECT_THAT(answer.deltas, IsEmpty());
}

// --- ordering, duplicates, ids -----------------------------------------------

TEST_F(FeedbackRulesTest, AnswerBeforeReceiptIsJudgedOnceTheReceiptArrives) {
  FeedbackOutcome first =
      Apply(Fb("z", v1::FEEDBACK_RESPONDED, "2026-07-07T09:00:00"));
  EXPECT_THAT(first.deltas, IsEmpty());
  FeedbackOutcome late =
      Apply(Received("2026-07-06T09:00:00"), "2026-07-07T09:00:01");
  EXPECT_EQ(Sum(late, kFieldFeedbackReceived), 1);
  EXPECT_EQ(Sum(late, kFieldFeedbackOpen), 0);
  EXPECT_EQ(Sum(late, kFieldFeedbackAnsweredOnTime), 1);
  EXPECT_THAT(late.alerts, IsEmpty());
}

TEST_F(FeedbackRulesTest, ClosingBeforeReceiptIsJudgedOnceTheReceiptArrives) {
  Apply(Fb("x", v1::FEEDBACK_CLOSED, "2026-07-29T09:00:00"));
  FeedbackOutcome late =
      Apply(Received("2026-07-06T09:00:00"), "2026-07-29T09:00:01");
  EXPECT_EQ(Sum(late, kFieldFeedbackReceived), 1);
  EXPECT_EQ(Sum(late, kFieldFeedbackOpen), 0);
  EXPECT_EQ(Sum(late, kFieldFeedbackAnsweredLate), 1);
  EXPECT_EQ(rules_.NextCheck(state_), std::nullopt);
}

TEST_F(FeedbackRulesTest, DuplicateEventChangesNothing) {
  const v1::Event e = Received("2026-07-06T09:00:00");
  Apply(e);
  const std::string before = state_.SerializeAsString();
  FeedbackOutcome again = rules_.Apply(e, state_, T("2026-07-08T09:00:00"));
  EXPECT_TRUE(again.duplicate);
  EXPECT_THAT(again.deltas, IsEmpty());
  EXPECT_THAT(again.alerts, IsEmpty());
  EXPECT_EQ(state_.SerializeAsString(), before);
}

TEST_F(FeedbackRulesTest, RemembersABoundedNumberOfEventIds) {
  Apply(Received("2026-07-06T09:00:00"));
  for (int i = 0; i < kRememberedEventIds + 5; ++i) {
    Apply(Fb("rate-" + std::to_string(i), v1::FEEDBACK_RATED,
             "2026-07-06T10:00:00"));
  }
  EXPECT_EQ(state_.applied_event_ids_size(), kRememberedEventIds);
  EXPECT_EQ(state_.applied_event_ids(kRememberedEventIds - 1),
            "rate-" + std::to_string(kRememberedEventIds + 4));
}

TEST_F(FeedbackRulesTest, AlertIdsAreStableAcrossReplays) {
  std::vector<std::string> ids[2];
  for (auto& run : ids) {
    v1::FeedbackState s;
    rules_.Apply(Received("2026-07-06T09:00:00"), s, T("2026-07-06T09:00:00"));
    for (const auto& a : rules_.Evaluate(s, T("2026-07-28T08:00:00")).alerts) {
      run.push_back(a.alert_id());
    }
  }
  EXPECT_EQ(ids[0], ids[1]);
  EXPECT_THAT(
      ids[0],
      ElementsAre(absl::StrCat("feedback:F1:FEEDBACK_NOT_ACKNOWLEDGED:",
                               absl::ToUnixSeconds(T("2026-07-07T09:00:00"))),
                  absl::StrCat("feedback:F1:FEEDBACK_NOT_ANSWERED:",
                               absl::ToUnixSeconds(T("2026-07-27T17:00:00")))));
}

TEST_F(FeedbackRulesTest, AnEventWithoutAFeedbackPayloadIsAProblem) {
  v1::Event e = Received("2026-07-06T09:00:00");
  e.clear_feedback();
  FeedbackOutcome out = Apply(e);
  EXPECT_THAT(out.problems, ElementsAre(HasSubstr("no feedback payload")));
  EXPECT_FALSE(state_.received());
}

TEST_F(FeedbackRulesTest, ADayOutsideTheCalendarIsReportedNotGuessed) {
  FeedbackOutcome out = Apply(Received("2030-07-01T09:00:00"));
  EXPECT_THAT(out.problems, Contains(HasSubstr("due time")));
  EXPECT_EQ(Sum(out, kFieldFeedbackReceived), 1);
  EXPECT_EQ(rules_.NextCheck(state_), std::nullopt);
}

// --- configuration and catalogue --------------------------------------------

TEST(FeedbackRulesConfigTest, DefaultsAreValidAndBadLimitsAreNamed) {
  EXPECT_TRUE(ValidateFeedbackRulesConfig(FeedbackRulesConfig{}).ok());
  FeedbackRulesConfig hours_in_days;
  hours_in_days.answer_normal = {calendar::Limit::WorkingHours(40),
                                 calendar::CountingMode::kDays, false};
  EXPECT_THAT(ValidateFeedbackRulesConfig(hours_in_days).message(),
              HasSubstr("answer_normal"));
  FeedbackRulesConfig from_ack;
  from_ack.transfer.from_acknowledgement = true;
  EXPECT_THAT(ValidateFeedbackRulesConfig(from_ack).message(),
              HasSubstr("transfer"));
}

TEST(FeedbackRulesConfigTest, ConfiguredLimitsAreUsed) {
  FeedbackRulesConfig config;
  config.answer_normal = {calendar::Limit::WorkingDays(10),
                          calendar::CountingMode::kDays, false};
  config.acknowledge = {calendar::Limit::WorkingHours(16),
                        calendar::CountingMode::kHours, false};
  FeedbackRules rules(PublicSector(), config);
  v1::FeedbackState s;
  rules.Apply(Received("2026-07-06T09:00:00"), s, T("2026-07-06T09:00:00"));
  EXPECT_EQ(Due(s.acknowledge_due_at()), T("2026-07-08T09:00:00"));
  EXPECT_EQ(Due(s.answer_due_at()), T("2026-07-20T17:00:00"));
}

TEST(FeedbackRuleCatalogueTest, FeedbackRulesFollowTheDossierRules) {
  std::vector<std::string> ids;
  for (RuleId r : AllRules()) {
    const RuleInfo& info = Rule(r);
    EXPECT_FALSE(info.title_vi.empty());
    EXPECT_FALSE(info.title_en.empty());
    EXPECT_FALSE(info.legal_basis.empty());
    if (absl::StartsWith(info.id, "FEEDBACK_")) ids.emplace_back(info.id);
  }
  EXPECT_THAT(
      ids,
      ElementsAre("FEEDBACK_NOT_ACKNOWLEDGED", "FEEDBACK_NOT_ANSWERED",
                  "FEEDBACK_REOPENED", "FEEDBACK_UNSATISFIED",
                  "FEEDBACK_IMMEDIATE_ESCALATION", "FEEDBACK_TRANSFER_LATE"));
  EXPECT_EQ(Rule(RuleId::kFeedbackImmediateEscalation).severity,
            v1::SEVERITY_CRITICAL);
}

}  // namespace
}  // namespace giamsat::domain
