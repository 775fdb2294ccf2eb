#include "common/inspection/candidates.h"

#include <string>
#include <vector>

#include "common/core/proto_time.h"
#include "common/domain/figure_fields.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/event_builders.h"

namespace giamsat::inspection {
namespace {

using ::testing::DoubleEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::VnTime;

const absl::Time kNow = VnTime("2026-11-30T10:00:00+07:00");

PlanningConfig Config() {
  PlanningConfig c;
  c.petitions_threshold = 20;
  c.flagged_petitions_threshold = 1;
  c.late_dossiers_threshold = 10;
  c.score_766_threshold = 60;
  c.min_dossiers_for_score = 10;
  c.petitions_after_conclusion_threshold = 5;
  c.no_improvement_min_resolved = 10;
  return c;
}

// A unit whose 766 figures earn full marks and that raises nothing.
UnitEvidence Good(const std::string& id) {
  namespace d = domain;
  UnitEvidence u;
  u.unit_id = id;
  u.level = "office";
  u.period = {{std::string(d::kFieldReceived), 40},
              {std::string(d::kFieldReceivedOnline), 40},
              {std::string(d::kFieldResolved), 40},
              {std::string(d::kFieldResolved766OnTime), 40},
              {std::string(d::kFieldResolvedFeeBearing), 10},
              {std::string(d::kFieldResolvedPaidOnline), 10},
              {std::string(d::kFieldResolvedEResult), 40},
              {std::string(d::kFieldResolvedDigitised), 40},
              {std::string(d::kFieldResolvedReused), 40}};
  return u;
}

std::vector<v1::InspectionReasonKind> Kinds(const v1::InspectionCandidate& c) {
  std::vector<v1::InspectionReasonKind> k;
  for (const auto& r : c.reasons()) k.push_back(r.kind());
  return k;
}

TEST(CandidatesTest, GoodUnitHasNoReason) {
  v1::InspectionCandidate c = AssessUnit(Good("A"), kNow, Config());
  EXPECT_THAT(c.reasons(), IsEmpty());
  EXPECT_EQ(c.score(), 0);
  EXPECT_THAT(c.figures().at("score_766"), DoubleEq(100));
}

TEST(CandidatesTest, LateDossiersWeighByHowFarPastTheThreshold) {
  UnitEvidence u = Good("A");
  u.period[std::string(domain::kFieldResolvedLate)] = 12;
  u.live[std::string(domain::kFieldInProgressOverdue)] = 18;
  v1::InspectionCandidate c = AssessUnit(u, kNow, Config());
  ASSERT_THAT(Kinds(c), ElementsAre(v1::REASON_LATE_DOSSIERS));
  // 30 late against a threshold of 10: factor 3, weight 2 x 3.
  EXPECT_THAT(c.reasons(0).weight(), DoubleEq(6));
  EXPECT_THAT(c.score(), DoubleEq(6));
  EXPECT_THAT(c.reasons(0).figures().at("dossiers_in_progress_overdue"),
              DoubleEq(18));
  EXPECT_THAT(c.reasons(0).explanation_en(), HasSubstr("30 in all"));
  // Far past the threshold the factor is capped (max_factor 5).
  u.live[std::string(domain::kFieldInProgressOverdue)] = 1000;
  EXPECT_THAT(AssessUnit(u, kNow, Config()).score(), DoubleEq(10));
}

TEST(CandidatesTest, FlaggedPetitionsAndUnitRuleAlertsAreReasons) {
  UnitEvidence u = Good("A");
  u.period[std::string(domain::kFieldFeedbackFlagged)] = 2;
  v1::Alert surge;
  surge.set_rule_id("UNIT_FEEDBACK_SURGE");
  surge.set_explanation_en("14 petitions in the last 7 days");
  u.unit_rule_alerts.push_back(surge);
  v1::Alert overdue;
  overdue.set_rule_id("UNIT_OPEN_OVERDUE");
  u.unit_rule_alerts.push_back(overdue);
  v1::InspectionCandidate c = AssessUnit(u, kNow, Config());
  EXPECT_THAT(Kinds(c),
              ElementsAre(v1::REASON_PETITION_SURGE, v1::REASON_UNIT_RULE_ALERT,
                          v1::REASON_FLAGGED_PETITION));
  EXPECT_EQ(c.reasons(0).rule_id(), "UNIT_FEEDBACK_SURGE");
  EXPECT_EQ(c.reasons(0).explanation_en(), "14 petitions in the last 7 days");
  // 3 (surge) + 1 (unit rule) + 3 x 2 (two flagged against a threshold of 1).
  EXPECT_THAT(c.score(), DoubleEq(10));
  EXPECT_FALSE(c.reinspection());
}

TEST(CandidatesTest, PetitionCountOverThePeriodWithoutASurgeAlert) {
  UnitEvidence u = Good("A");
  u.period[std::string(domain::kFieldFeedbackReceived)] = 19;
  EXPECT_THAT(AssessUnit(u, kNow, Config()).reasons(), IsEmpty());
  u.period[std::string(domain::kFieldFeedbackReceived)] = 20;
  EXPECT_THAT(Kinds(AssessUnit(u, kNow, Config())),
              ElementsAre(v1::REASON_PETITION_SURGE));
}

TEST(CandidatesTest, Low766ScoreOnlyWithEnoughDossiers) {
  UnitEvidence u;
  u.unit_id = "A";
  // 6 received and resolved, nothing online, digitised or on time.
  u.period = {{std::string(domain::kFieldReceived), 3},
              {std::string(domain::kFieldResolved), 3},
              {std::string(domain::kFieldResolved766Late), 3}};
  EXPECT_THAT(AssessUnit(u, kNow, Config()).reasons(), IsEmpty());
  u.period[std::string(domain::kFieldReceived)] = 10;
  v1::InspectionCandidate c = AssessUnit(u, kNow, Config());
  ASSERT_THAT(Kinds(c), ElementsAre(v1::REASON_LOW_766_SCORE));
  EXPECT_THAT(c.reasons(0).figures().at("score_766"), DoubleEq(0));
  // Score 0: the factor is capped at 5.
  EXPECT_THAT(c.reasons(0).weight(), DoubleEq(10));
}

TEST(CandidatesTest, WindowsAroundAConclusion) {
  ConclusionWindows w = WindowsAround(absl::CivilDay(2026, 11, 20),
                                      absl::CivilDay(2026, 11, 30), 90);
  EXPECT_EQ(w.after.from, absl::CivilDay(2026, 11, 21));
  EXPECT_EQ(w.after.to, absl::CivilDay(2026, 11, 30));
  EXPECT_EQ(w.before.from, absl::CivilDay(2026, 11, 10));
  EXPECT_EQ(w.before.to, absl::CivilDay(2026, 11, 19));
  ConclusionWindows capped = WindowsAround(absl::CivilDay(2026, 1, 1),
                                           absl::CivilDay(2026, 11, 30), 30);
  EXPECT_EQ(capped.after.from, absl::CivilDay(2026, 11, 1));
  EXPECT_EQ(capped.before.from, absl::CivilDay(2025, 12, 2));
  ConclusionWindows today = WindowsAround(absl::CivilDay(2026, 11, 30),
                                          absl::CivilDay(2026, 11, 30), 30);
  EXPECT_TRUE(today.after.empty());
  EXPECT_TRUE(today.before.empty());
}

TEST(CandidatesTest, ConcludedUnitThatKeepsDrawingPetitionsIsAReinspection) {
  UnitEvidence u = Good("A");
  v1::InspectionState s;
  s.set_inspection_id("INS-7");
  *s.mutable_concluded_at() =
      core::ToProto(VnTime("2026-11-10T10:00:00+07:00"));
  s.add_shortcomings("trả kết quả trễ hạn");
  *s.mutable_remediation_due_at() =
      core::ToProto(VnTime("2026-11-25T17:00:00+07:00"));
  u.last_conclusion = s;
  u.before_conclusion = {{std::string(domain::kFieldFeedbackReceived), 1},
                         {std::string(domain::kFieldResolved), 20},
                         {std::string(domain::kFieldResolvedLate), 2}};
  u.after_conclusion = {{std::string(domain::kFieldFeedbackReceived), 6},
                        {std::string(domain::kFieldResolved), 20},
                        {std::string(domain::kFieldResolvedLate), 3}};
  v1::InspectionCandidate c = AssessUnit(u, kNow, Config());
  EXPECT_THAT(Kinds(c), ElementsAre(v1::REASON_PETITIONS_AFTER_CONCLUSION,
                                    v1::REASON_NO_IMPROVEMENT,
                                    v1::REASON_REMEDIATION_OVERDUE));
  EXPECT_TRUE(c.reinspection());
  EXPECT_EQ(c.last_inspection_id(), "INS-7");
  EXPECT_THAT(c.reasons(0).explanation_vi(), HasSubstr("trả kết quả trễ hạn"));
  EXPECT_THAT(c.reasons(0).figures().at("feedback_after_conclusion"),
              DoubleEq(6));
  EXPECT_THAT(c.reasons(1).explanation_en(), HasSubstr("15.0%"));
  // Figures improved and remediation reported: no re-inspection.
  u.after_conclusion[std::string(domain::kFieldResolvedLate)] = 1;
  u.after_conclusion[std::string(domain::kFieldFeedbackReceived)] = 4;
  u.last_conclusion->mutable_remediation_reported_at()->set_seconds(1);
  v1::InspectionCandidate better = AssessUnit(u, kNow, Config());
  EXPECT_THAT(better.reasons(), IsEmpty());
  EXPECT_FALSE(better.reinspection());
}

TEST(CandidatesTest, RankOrdersByScoreThenIdAndNumbersFromOne) {
  v1::InspectionCandidate a, b, c, none;
  a.set_unit_id("A");
  a.set_score(2);
  a.add_reasons();
  b.set_unit_id("B");
  b.set_score(5);
  b.add_reasons();
  c.set_unit_id("C");
  c.set_score(2);
  c.add_reasons();
  none.set_unit_id("D");
  std::vector<v1::InspectionCandidate> ranked =
      Rank({a, b, c, none}, 10, false);
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].unit_id(), "B");
  EXPECT_EQ(ranked[1].unit_id(), "A");
  EXPECT_EQ(ranked[2].unit_id(), "C");
  EXPECT_EQ(ranked[2].rank(), 3);
  EXPECT_EQ(Rank({a, b, c, none}, 10, true).size(), 4u);
  EXPECT_EQ(Rank({a, b, c, none}, 1, false)[0].unit_id(), "B");
}

TEST(CoverageTest, SharesAgainstTheFloorAndTheSurpriseTarget) {
  PlanningConfig config = Config();
  std::vector<CoverageUnit> units = {
      {"W", "ward", 100, 1, 1, 0},  // not an office
      {"W.A", "office", 10, 1, 0, 0},
      {"W.B", "office", 10, 0, 0, 0},
      {"W.C", "office", 0, 0, 0, 0},  // handles no procedure
      {"W.D", "office", 5, 2, 2, 0},
      {"W.G", "office", 0, 1, 0, 4},  // holds steps of the desk's dossiers
  };
  v1::InspectionCoverage c = ComputeCoverage(units, 2026, config);
  EXPECT_EQ(c.offices_handling_procedures(), 4);
  EXPECT_EQ(c.offices_inspected(), 3);
  EXPECT_THAT(c.offices_inspected_share(), DoubleEq(0.75));
  EXPECT_TRUE(c.offices_floor_met());
  EXPECT_THAT(c.offices_not_inspected(), ElementsAre("W.B"));
  EXPECT_EQ(c.surprise_inspections_done(), 3);
  EXPECT_EQ(c.surprise_inspections_target(), 15);
  // Exactly half is not "more than 50%"; nothing to cover meets nothing.
  units[4].inspections_done = 0;
  units[2].inspections_done = 0;
  units.push_back({"W.E", "office", 1, 1, 0, 0});
  units.push_back({"W.F", "office", 1, 0, 0, 0});
  EXPECT_FALSE(ComputeCoverage(units, 2026, config).offices_floor_met());
  EXPECT_FALSE(ComputeCoverage({}, 2026, config).offices_floor_met());
}

TEST(PlanningConfigTest, ErrorsNameTheKey) {
  PlanningConfig c;
  c.offices_inspected_floor = 1.5;
  EXPECT_THAT(std::string(ValidatePlanningConfig(c, "inspection").message()),
              HasSubstr("inspection.offices_inspected_floor"));
  EXPECT_TRUE(ValidatePlanningConfig(PlanningConfig{}, "inspection").ok());
}

}  // namespace
}  // namespace giamsat::inspection
