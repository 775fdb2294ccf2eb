#include "common/domain/unit_rules.h"

#include <set>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace giamsat::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const absl::CivilDay kToday(2026, 11, 30);
const absl::Time kNow = absl::FromUnixSeconds(1796000000);

UnitRulesConfig Config() {
  UnitRulesConfig c;
  c.open_overdue_threshold = 3;
  c.overdue_rate_threshold = 0.10;
  c.overdue_rate_min_resolved = 10;
  c.feedback_surge_window_days = 7;
  c.feedback_surge_min_count = 5;
  c.feedback_surge_factor = 3.0;
  c.feedback_surge_baseline_windows = 2;
  return c;
}

UnitFigures Quiet() {
  UnitFigures f;
  f.unit_id = "HN.UBND.YENHOA";
  f.feedback_by_day.assign(21, 0);
  return f;
}

std::vector<std::string> Ids(const std::vector<v1::Alert>& alerts) {
  std::vector<std::string> ids;
  for (const auto& a : alerts) {
    ids.push_back(a.alert_id() + (a.state() == v1::ALERT_FIRING ? "+" : "-"));
  }
  return ids;
}

TEST(UnitRulesTest, QuietUnitRaisesNothing) {
  UnitRules rules(Config());
  EXPECT_THAT(rules.Evaluate(Quiet(), kToday, kNow, {}), IsEmpty());
}

TEST(UnitRulesTest, OpenOverdueFiresAtTheThresholdAndResolvesBelowIt) {
  UnitRules rules(Config());
  UnitFigures f = Quiet();
  f.open_overdue = 2;
  EXPECT_THAT(rules.Evaluate(f, kToday, kNow, {}), IsEmpty());
  f.open_overdue = 3;
  std::vector<v1::Alert> fired = rules.Evaluate(f, kToday, kNow, {});
  ASSERT_THAT(Ids(fired),
              ElementsAre("unit:HN.UBND.YENHOA:UNIT_OPEN_OVERDUE+"));
  EXPECT_EQ(fired[0].subject_type(), v1::SUBJECT_UNIT);
  EXPECT_EQ(fired[0].severity(), v1::SEVERITY_CRITICAL);
  EXPECT_THAT(fired[0].explanation_en(),
              ::testing::HasSubstr("3 open overdue dossiers (threshold 3)"));
  EXPECT_FALSE(fired[0].legal_basis().empty());

  const std::set<std::string> firing = {fired[0].alert_id()};
  // Still above: no duplicate.
  f.open_overdue = 7;
  EXPECT_THAT(rules.Evaluate(f, kToday, kNow, firing), IsEmpty());
  f.open_overdue = 2;
  EXPECT_THAT(Ids(rules.Evaluate(f, kToday, kNow, firing)),
              ElementsAre("unit:HN.UBND.YENHOA:UNIT_OPEN_OVERDUE-"));
}

TEST(UnitRulesTest, ZeroThresholdTurnsTheOpenOverdueRuleOff) {
  UnitRulesConfig c = Config();
  c.open_overdue_threshold = 0;
  UnitRules rules(c);
  UnitFigures f = Quiet();
  f.open_overdue = 1000;
  EXPECT_THAT(rules.Evaluate(f, kToday, kNow, {}), IsEmpty());
}

TEST(UnitRulesTest, OverdueRateNeedsTheMinimumSampleAndExceedsTheThreshold) {
  UnitRules rules(Config());
  UnitFigures f = Quiet();
  f.resolved_in_period = 9;  // below the sample size
  f.resolved_late_in_period = 9;
  EXPECT_THAT(rules.Evaluate(f, kToday, kNow, {}), IsEmpty());
  f.resolved_in_period = 10;
  f.resolved_late_in_period = 1;  // exactly 10%: not above
  EXPECT_THAT(rules.Evaluate(f, kToday, kNow, {}), IsEmpty());
  f.resolved_in_period = 20;
  f.resolved_late_in_period = 3;  // 15%
  std::vector<v1::Alert> fired = rules.Evaluate(f, kToday, kNow, {});
  ASSERT_THAT(Ids(fired),
              ElementsAre("unit:HN.UBND.YENHOA:UNIT_OVERDUE_RATE:2026-11+"));
  EXPECT_THAT(fired[0].explanation_en(),
              ::testing::HasSubstr("3 of 20 dossiers resolved late (15.0%"));
}

TEST(UnitRulesTest, OverdueRateAlertOfAPastPeriodResolves) {
  UnitRules rules(Config());
  UnitFigures f = Quiet();
  f.resolved_in_period = 20;
  f.resolved_late_in_period = 5;
  const std::set<std::string> firing = {
      "unit:HN.UBND.YENHOA:UNIT_OVERDUE_RATE:2026-11"};
  EXPECT_THAT(Ids(rules.Evaluate(f, absl::CivilDay(2026, 12, 1), kNow, firing)),
              ElementsAre("unit:HN.UBND.YENHOA:UNIT_OVERDUE_RATE:2026-12+",
                          "unit:HN.UBND.YENHOA:UNIT_OVERDUE_RATE:2026-11-"));
}

TEST(UnitRulesTest, FeedbackSurgeComparesTheLastWindowWithTheOnesBefore) {
  UnitRules rules(Config());
  EXPECT_EQ(rules.FeedbackDaysNeeded(), 21);
  UnitFigures f = Quiet();
  // Baseline: 2 per window on average; last 7 days: 5 (< 3 x 2 = 6).
  f.feedback_by_day[8] = 2;
  f.feedback_by_day[15] = 2;
  f.feedback_by_day[0] = 3;
  f.feedback_by_day[6] = 2;
  EXPECT_THAT(rules.Evaluate(f, kToday, kNow, {}), IsEmpty());
  f.feedback_by_day[3] = 1;  // 6 >= 6 and >= 5
  std::vector<v1::Alert> fired = rules.Evaluate(f, kToday, kNow, {});
  ASSERT_THAT(Ids(fired),
              ElementsAre("unit:HN.UBND.YENHOA:UNIT_FEEDBACK_SURGE+"));
  EXPECT_THAT(fired[0].explanation_en(),
              ::testing::HasSubstr("6 petitions in the last 7 days against an "
                                   "average of 2.0"));
  // The day that made the surge leaves the window: resolved.
  f.feedback_by_day[0] = 0;
  EXPECT_THAT(Ids(rules.Evaluate(f, kToday, kNow, {fired[0].alert_id()})),
              ElementsAre("unit:HN.UBND.YENHOA:UNIT_FEEDBACK_SURGE-"));
}

TEST(UnitRulesTest, SurgeNeedsTheMinimumCountEvenFromZero) {
  UnitRules rules(Config());
  UnitFigures f = Quiet();
  f.feedback_by_day[0] = 4;  // infinitely more than 0, but below 5
  EXPECT_THAT(rules.Evaluate(f, kToday, kNow, {}), IsEmpty());
  f.feedback_by_day[1] = 1;
  EXPECT_THAT(Ids(rules.Evaluate(f, kToday, kNow, {})),
              ElementsAre("unit:HN.UBND.YENHOA:UNIT_FEEDBACK_SURGE+"));
}

TEST(UnitRulesTest, OtherUnitsAlertsAreNeverTouched) {
  UnitRules rules(Config());
  UnitFigures f = Quiet();
  EXPECT_THAT(rules.Evaluate(f, kToday, kNow,
                             {"unit:HN.UBND.YENHOA.MOTCUA:UNIT_OPEN_OVERDUE"}),
              IsEmpty());
}

TEST(UnitRulesTest, PeriodsStartOnTheirFirstDay) {
  EXPECT_EQ(PeriodStart("month", kToday), absl::CivilDay(2026, 11, 1));
  EXPECT_EQ(PeriodStart("quarter", kToday), absl::CivilDay(2026, 10, 1));
  EXPECT_EQ(PeriodStart("year", kToday), absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(PeriodLabel("quarter", absl::CivilDay(2026, 3, 31)), "2026-Q1");
  EXPECT_EQ(PeriodLabel("year", kToday), "2026");
}

TEST(UnitRulesTest, ConfigErrorsNameTheField) {
  UnitRulesConfig c = Config();
  c.overdue_rate_period = "week";
  EXPECT_EQ(ValidateUnitRulesConfig(c, "unit_rules").message(),
            "unit_rules.overdue_rate_period: must be month, quarter or year");
  c = Config();
  c.overdue_rate_threshold = 1.5;
  EXPECT_THAT(std::string(ValidateUnitRulesConfig(c, "unit_rules").message()),
              ::testing::StartsWith("unit_rules.overdue_rate_threshold"));
  EXPECT_TRUE(ValidateUnitRulesConfig(Config(), "unit_rules").ok());
}

}  // namespace
}  // namespace giamsat::domain
