#include "common/domain/subject_alerts.h"

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace giamsat::domain {
namespace {

const absl::Time kAt = absl::FromUnixSeconds(1764547200);  // 2025-12-01Z

v1::Alert Overdue(const std::string& id) {
  return SubjectAlert(RuleId::kDossierOverdue, id, v1::SUBJECT_DOSSIER, "D1",
                      "U1", kAt);
}

TEST(SubjectAlertsTest, IdsNameTheSubjectTheRuleAndTheBreachInstant) {
  EXPECT_EQ(SubjectAlertId("dossier", "D1", RuleId::kDossierOverdue,
                           AlertVersion(kAt)),
            "dossier:D1:" + std::string(Rule(RuleId::kDossierOverdue).id) +
                ":1764547200");
}

TEST(SubjectAlertsTest, AnAlertCarriesTheRulesSeverityAndLegalBasis) {
  const v1::Alert a = Overdue("x");
  const RuleInfo& info = Rule(RuleId::kDossierOverdue);
  EXPECT_EQ(a.alert_id(), "x");
  EXPECT_EQ(a.rule_id(), info.id);
  EXPECT_EQ(a.severity(), info.severity);
  EXPECT_EQ(a.legal_basis(), info.legal_basis);
  EXPECT_EQ(a.subject_type(), v1::SUBJECT_DOSSIER);
  EXPECT_EQ(a.subject_id(), "D1");
  EXPECT_EQ(a.unit_id(), "U1");
  EXPECT_EQ(a.decided_at().seconds(), 1764547200);
}

TEST(SubjectAlertsTest, AnAlertFiresOncePerId) {
  FiringIds firing;
  std::vector<v1::Alert> out;
  FireOnce(Overdue("a"), firing, out);
  FireOnce(Overdue("a"), firing, out);
  FireOnce(Overdue("b"), firing, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].state(), v1::ALERT_FIRING);
  EXPECT_EQ(out[1].alert_id(), "b");
  EXPECT_EQ(firing.size(), 2);
}

TEST(SubjectAlertsTest, FiringIdsAreKeptInIdOrderWhateverTheOrderRaised) {
  FiringIds forward;
  FiringIds backward;
  std::vector<v1::Alert> out;
  for (const char* id : {"a", "b", "c"}) FireOnce(Overdue(id), forward, out);
  for (const char* id : {"c", "a", "b"}) FireOnce(Overdue(id), backward, out);
  ASSERT_EQ(backward.size(), 3);
  EXPECT_EQ(backward.Get(0), "a");
  EXPECT_EQ(backward.Get(1), "b");
  EXPECT_EQ(backward.Get(2), "c");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(forward.Get(i), backward.Get(i));
}

TEST(SubjectAlertsTest, ResolvingARuleResolvesOnlyItsFiringIdsInOrder) {
  const std::string overdue = std::string(Rule(RuleId::kDossierOverdue).id);
  const std::string due_soon = std::string(Rule(RuleId::kDossierDueSoon).id);
  FiringIds firing;
  for (const std::string& id :
       {"dossier:D1:" + overdue + ":1", "dossier:D1:" + due_soon + ":1",
        "dossier:D1:" + overdue + ":2"}) {
    *firing.Add() = id;
  }
  std::vector<v1::Alert> out;
  ResolveRule(RuleId::kDossierOverdue, "resolved", firing, Overdue, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].alert_id(), "dossier:D1:" + overdue + ":1");
  EXPECT_EQ(out[1].alert_id(), "dossier:D1:" + overdue + ":2");
  EXPECT_EQ(out[0].state(), v1::ALERT_RESOLVED);
  EXPECT_EQ(out[1].resolution(), "resolved");
  ASSERT_EQ(firing.size(), 1);
  EXPECT_EQ(firing.Get(0), "dossier:D1:" + due_soon + ":1");
}

TEST(SubjectAlertsTest, ADeltaWithAnInstantCountsOnItsVietnamDay) {
  // 2025-11-30 17:30 UTC is already 1 December in Vietnam.
  const absl::Time late = absl::FromCivil(
      absl::CivilSecond(2025, 11, 30, 17, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(UnitDelta("U1", late, "received", 1).day,
            absl::CivilDay(2025, 12, 1));
  EXPECT_FALSE(UnitDelta("U1", std::nullopt, "open", -1).day.has_value());
}

}  // namespace
}  // namespace giamsat::domain
