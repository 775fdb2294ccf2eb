#include "services/rules/rules_probe.h"

#include <gtest/gtest.h>

#include "tests/support/metric_samples.h"

namespace giamsat::rules {
namespace {

using ::giamsat::testing::Samples;

TEST(RulesProbeTest, EveryRuleOfTheCatalogueStartsAtZero) {
  prometheus::Registry registry;
  RulesProbe probe(registry);
  const auto s = Samples(registry);
  EXPECT_EQ(s.at("giamsat_rules_alerts_total{rule=DOSSIER_OVERDUE,"
                 "severity=critical,state=firing,}"),
            0);
  EXPECT_EQ(s.at("giamsat_rules_alerts_total{rule=DOSSIER_OVERDUE,"
                 "severity=critical,state=resolved,}"),
            0);
}

TEST(RulesProbeTest, AlertsByRuleSeverityAndState) {
  prometheus::Registry registry;
  RulesProbe probe(registry);
  v1::Alert a;
  a.set_rule_id("DOSSIER_OVERDUE");
  a.set_severity(v1::SEVERITY_CRITICAL);
  a.set_state(v1::ALERT_FIRING);
  probe.AlertRaised(a);
  probe.AlertRaised(a);
  a.set_state(v1::ALERT_RESOLVED);
  probe.AlertRaised(a);
  const auto s = Samples(registry);
  EXPECT_EQ(s.at("giamsat_rules_alerts_total{rule=DOSSIER_OVERDUE,"
                 "severity=critical,state=firing,}"),
            2);
  EXPECT_EQ(s.at("giamsat_rules_alerts_total{rule=DOSSIER_OVERDUE,"
                 "severity=critical,state=resolved,}"),
            1);
}

}  // namespace
}  // namespace giamsat::rules
