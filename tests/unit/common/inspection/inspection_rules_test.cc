#include "common/inspection/inspection_rules.h"

#include <string>
#include <vector>

#include "common/core/proto_time.h"
#include "common/testing/fake_clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/event_builders.h"
#include "tests/support/shipped_calendar.h"

namespace giamsat::inspection {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::InspectionRecord;
using ::testing::IsEmpty;
using testing::VnTime;

constexpr char kUnit[] = "HN.UBND.YENHOA.VHXH";

std::vector<std::string> Transitions(const InspectionOutcome& out) {
  std::vector<std::string> t;
  for (const v1::Alert& a : out.alerts) {
    t.push_back(a.alert_id() + (a.state() == v1::ALERT_FIRING ? "+" : "-"));
  }
  return t;
}

class InspectionRulesTest : public ::testing::Test {
 protected:
  InspectionOutcome Record(const std::string& event_id,
                           v1::InspectionEventKind kind, absl::Time at,
                           absl::Time visit = absl::InfinitePast()) {
    return Apply(InspectionRecord(event_id, "INS-1", kind, kUnit, at, visit));
  }
  InspectionOutcome Apply(const v1::Event& e) {
    return rules_.Apply(e, state_, clock_.Now());
  }

  testing::FakeClock clock_{VnTime("2026-04-20T09:00:00+07:00")};
  InspectionRules rules_{testing::ShippedCalendar(), InspectionRulesConfig{}};
  v1::InspectionState state_;
};

// Visit Thu 07/05/2026: counting back five working days skips the weekend,
// Fri 01/05 and Thu 30/04 (holidays): the report is due by the close of
// business of Tue 28/04.
TEST_F(InspectionRulesTest, ReportDueFiveWorkingDaysBeforeTheVisit) {
  InspectionOutcome out = Record("e1", v1::INSPECTION_SCHEDULED, clock_.Now(),
                                 VnTime("2026-05-07T08:30:00+07:00"));
  EXPECT_THAT(out.alerts, IsEmpty());
  EXPECT_THAT(out.problems, IsEmpty());
  EXPECT_EQ(core::FromProto(state_.report_due_at()),
            VnTime("2026-04-28T17:00:00+07:00"));
  EXPECT_THAT(state_.report_due_explanation_en(), HasSubstr("5 working days"));
  EXPECT_EQ(rules_.NextCheck(state_), VnTime("2026-04-28T17:00:00+07:00"));

  clock_.Set(VnTime("2026-04-28T16:59:59+07:00"));
  EXPECT_THAT(rules_.Evaluate(state_, clock_.Now()).alerts, IsEmpty());

  clock_.Set(VnTime("2026-04-28T17:00:00+07:00"));
  InspectionOutcome fired = rules_.Evaluate(state_, clock_.Now());
  ASSERT_THAT(Transitions(fired),
              ElementsAre("inspection:INS-1:INSPECTION_REPORT_NOT_RECEIVED+"));
  const v1::Alert& a = fired.alerts[0];
  EXPECT_EQ(a.subject_type(), v1::SUBJECT_INSPECTION);
  EXPECT_EQ(a.unit_id(), kUnit);
  EXPECT_EQ(a.severity(), v1::SEVERITY_WARNING);
  EXPECT_THAT(a.legal_basis(), HasSubstr("05 ngày làm việc"));
  EXPECT_EQ(core::FromProto(a.due_at()), VnTime("2026-04-28T17:00:00+07:00"));
  EXPECT_EQ(rules_.NextCheck(state_), std::nullopt);
  // Evaluating again raises no duplicate.
  EXPECT_THAT(rules_.Evaluate(state_, clock_.Now()).alerts, IsEmpty());

  clock_.Set(VnTime("2026-04-29T10:00:00+07:00"));
  InspectionOutcome received = Record("e2", v1::INSPECTION_REPORT_RECEIVED,
                                      VnTime("2026-04-29T09:00:00+07:00"));
  ASSERT_THAT(Transitions(received),
              ElementsAre("inspection:INS-1:INSPECTION_REPORT_NOT_RECEIVED-"));
  EXPECT_EQ(received.alerts[0].resolution(), "report received late");
}

TEST_F(InspectionRulesTest, ReportInTimeRaisesNothing) {
  Record("e1", v1::INSPECTION_SCHEDULED, clock_.Now(),
         VnTime("2026-05-07T08:30:00+07:00"));
  EXPECT_THAT(Record("e2", v1::INSPECTION_REPORT_RECEIVED,
                     VnTime("2026-04-27T10:00:00+07:00"))
                  .alerts,
              IsEmpty());
  EXPECT_EQ(rules_.NextCheck(state_), std::nullopt);
  clock_.Set(VnTime("2026-05-07T08:30:00+07:00"));
  EXPECT_THAT(rules_.Evaluate(state_, clock_.Now()).alerts, IsEmpty());
}

TEST_F(InspectionRulesTest,
       ReportArrivingAfterTheTimerWithAnEarlierTimeIsACorrection) {
  Record("e1", v1::INSPECTION_SCHEDULED, clock_.Now(),
         VnTime("2026-05-07T08:30:00+07:00"));
  clock_.Set(VnTime("2026-04-28T17:00:00+07:00"));
  ASSERT_EQ(rules_.Evaluate(state_, clock_.Now()).alerts.size(), 1u);
  InspectionOutcome late_news = Record("e2", v1::INSPECTION_REPORT_RECEIVED,
                                       VnTime("2026-04-28T15:00:00+07:00"));
  ASSERT_EQ(late_news.alerts.size(), 1u);
  EXPECT_EQ(late_news.alerts[0].resolution(),
            "corrected: report received in time");
}

TEST_F(InspectionRulesTest,
       SurpriseInspectionHasNoReportDueAndCountsAsSurprise) {
  v1::Event e =
      InspectionRecord("e1", "INS-1", v1::INSPECTION_SCHEDULED, kUnit,
                       clock_.Now(), VnTime("2026-04-21T08:00:00+07:00"));
  e.mutable_inspection()->set_surprise(true);
  EXPECT_THAT(Apply(e).alerts, IsEmpty());
  EXPECT_FALSE(state_.has_report_due_at());
  EXPECT_EQ(rules_.NextCheck(state_), std::nullopt);

  clock_.Set(VnTime("2026-04-21T12:00:00+07:00"));
  InspectionOutcome done =
      Record("e2", v1::INSPECTION_DONE, VnTime("2026-04-21T11:00:00+07:00"));
  const absl::CivilDay day(2026, 4, 21);
  EXPECT_THAT(
      done.deltas,
      ElementsAre(
          domain::CounterDelta{kUnit, day, kFieldInspectionsDone, 1},
          domain::CounterDelta{kUnit, day, kFieldSurpriseInspectionsDone, 1}));
  // The same record again is a duplicate; a second "done" counts nothing.
  EXPECT_TRUE(
      Record("e2", v1::INSPECTION_DONE, VnTime("2026-04-21T11:00:00+07:00"))
          .duplicate);
  EXPECT_THAT(
      Record("e3", v1::INSPECTION_DONE, VnTime("2026-04-21T11:30:00+07:00"))
          .deltas,
      IsEmpty());
}

TEST_F(InspectionRulesTest, ReportDueSetByTheTeamIsUsedAsIs) {
  v1::Event e =
      InspectionRecord("e1", "INS-1", v1::INSPECTION_SCHEDULED, kUnit,
                       clock_.Now(), VnTime("2026-05-07T08:30:00+07:00"));
  *e.mutable_inspection()->mutable_report_due_at() =
      core::ToProto(VnTime("2026-04-24T12:00:00+07:00"));
  Apply(e);
  EXPECT_EQ(rules_.NextCheck(state_), VnTime("2026-04-24T12:00:00+07:00"));
  EXPECT_THAT(state_.report_due_explanation_en(),
              HasSubstr("set by the inspection team"));
}

TEST_F(InspectionRulesTest, RemediationOverdueFiresAndResolvesOnTheReport) {
  v1::Event concluded = InspectionRecord(
      "e1", "INS-1", v1::INSPECTION_CONCLUSION_ISSUED, kUnit, clock_.Now());
  concluded.mutable_inspection()->add_shortcomings("tra kết quả trễ hạn");
  *concluded.mutable_inspection()->mutable_remediation_due_at() =
      core::ToProto(VnTime("2026-05-20T17:00:00+07:00"));
  InspectionOutcome out = Apply(concluded);
  EXPECT_THAT(out.alerts, IsEmpty());
  EXPECT_THAT(out.deltas, ElementsAre(domain::CounterDelta{
                              kUnit, absl::CivilDay(2026, 4, 20),
                              kFieldInspectionConclusions, 1}));
  EXPECT_THAT(state_.shortcomings(), ElementsAre("tra kết quả trễ hạn"));
  EXPECT_EQ(rules_.NextCheck(state_), VnTime("2026-05-20T17:00:00+07:00"));

  clock_.Set(VnTime("2026-05-20T17:00:00+07:00"));
  InspectionOutcome fired = rules_.Evaluate(state_, clock_.Now());
  ASSERT_THAT(Transitions(fired),
              ElementsAre("inspection:INS-1:INSPECTION_REMEDIATION_OVERDUE+"));
  EXPECT_THAT(fired.alerts[0].explanation_vi(),
              HasSubstr("tra kết quả trễ hạn"));
  EXPECT_THAT(Transitions(Record("e2", v1::INSPECTION_REMEDIATION_REPORTED,
                                 VnTime("2026-05-21T09:00:00+07:00"))),
              ElementsAre("inspection:INS-1:INSPECTION_REMEDIATION_OVERDUE-"));
}

TEST_F(InspectionRulesTest, VisitOutsideTheCalendarIsAProblemNotACrash) {
  InspectionOutcome out = Record("e1", v1::INSPECTION_SCHEDULED, clock_.Now(),
                                 VnTime("2040-05-07T08:30:00+07:00"));
  ASSERT_EQ(out.problems.size(), 1u);
  EXPECT_THAT(out.problems[0], HasSubstr("INS-1"));
  EXPECT_FALSE(state_.has_report_due_at());
}

TEST(InspectionRulesConfigTest, RejectsZeroWorkingDays) {
  InspectionRulesConfig c;
  c.report_working_days_before = 0;
  absl::Status s = ValidateInspectionRulesConfig(c, "inspection");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("inspection.report_working_days_before"));
}

}  // namespace
}  // namespace giamsat::inspection
