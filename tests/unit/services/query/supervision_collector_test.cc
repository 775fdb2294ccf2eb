#include "services/query/supervision_collector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/domain/alert_fields.h"
#include "common/domain/figure_fields.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_state_store.h"
#include "tests/support/event_builders.h"
#include "tests/support/metric_samples.h"

namespace giamsat::query {
namespace {

using ::giamsat::testing::Samples;
using ::giamsat::testing::VnTime;

class SupervisionCollectorTest : public ::testing::Test {
 protected:
  SupervisionCollectorTest() : clock_(VnTime("2026-07-15T10:00:00+07:00")) {
    auto tree = UnitTree::Parse(R"(units:
  - {id: HN, name: City, level: city}
  - {id: HN.W1, name: Ward 1, level: ward, parent: HN}
  - {id: HN.W2, name: Ward 2, level: ward, parent: HN}
)",
                                "test");
    EXPECT_TRUE(tree.ok()) << tree.status();
    tree_ = std::move(*tree);
    store::WriteBatch b;
    b.HashPut(layout_.Units(), "HN.W1", "1");
    // Last month's resolutions do not count for this month's rate.
    const std::string june =
        layout_.UnitDay("HN.W1", absl::CivilDay(2026, 6, 30));
    b.HashIncrement(june, std::string(domain::kFieldResolvedLate), 9);
    const std::string july =
        layout_.UnitDay("HN.W1", absl::CivilDay(2026, 7, 2));
    b.HashIncrement(july, std::string(domain::kFieldResolvedEarly), 1);
    b.HashIncrement(july, std::string(domain::kFieldResolvedOnTime), 2);
    b.HashIncrement(july, std::string(domain::kFieldResolvedLate), 1);
    const std::string live = layout_.UnitLive("HN.W1");
    b.HashIncrement(live, std::string(domain::kFieldInProgress), 7);
    b.HashIncrement(live, std::string(domain::kFieldInProgressOverdue), 2);
    b.HashIncrement(live, std::string(domain::kFieldFeedbackOpen), 4);
    b.HashIncrement(live, std::string(domain::kFieldFeedbackOpenOverdue), 3);
    b.HashIncrement(live, domain::AlertsFiringField(v1::SEVERITY_CRITICAL), 2);
    EXPECT_TRUE(store_.Commit(b).ok());
  }

  testing::FakeClock clock_;
  testing::InMemoryStateStore store_;
  store::KeyLayout layout_{"gs:"};
  UnitTree tree_;
  StatusReader reader_{store_, layout_, clock_, tree_};
  SupervisionCollector collector_{store_, layout_, reader_};
};

TEST_F(SupervisionCollectorTest, ReportsEachUnitWithFiguresByUnitIdOnly) {
  const auto s = Samples(collector_);
  EXPECT_EQ(s.at("giamsat_query_unit_open_dossiers{unit=HN.W1,}"), 7);
  EXPECT_EQ(s.at("giamsat_query_unit_open_overdue_dossiers{unit=HN.W1,}"), 2);
  EXPECT_EQ(s.at("giamsat_query_unit_open_feedback_items{unit=HN.W1,}"), 4);
  EXPECT_EQ(s.at("giamsat_query_unit_open_overdue_feedback_items{unit=HN.W1,}"),
            3);
  EXPECT_EQ(
      s.at("giamsat_query_unit_alerts_firing{severity=critical,unit=HN.W1,}"),
      2);
  EXPECT_EQ(
      s.at("giamsat_query_unit_alerts_firing{severity=warning,unit=HN.W1,}"),
      0);
  // A unit without figures (HN.W2) is not reported.
  for (const auto& [key, value] : s) {
    EXPECT_EQ(key.find("unit=HN.W2,"), std::string::npos) << key;
  }
}

TEST_F(SupervisionCollectorTest, OnTimeRateIsThisMonthsInVietnam) {
  const auto s = Samples(collector_);
  EXPECT_EQ(s.at("giamsat_query_unit_month_resolved_dossiers{timeliness=early,"
                 "unit=HN.W1,}"),
            1);
  EXPECT_EQ(s.at("giamsat_query_unit_month_resolved_dossiers{timeliness=late,"
                 "unit=HN.W1,}"),
            1);
  EXPECT_DOUBLE_EQ(s.at("giamsat_query_unit_month_on_time_ratio{unit=HN.W1,}"),
                   0.75);
}

TEST_F(SupervisionCollectorTest, NoRateWhileNothingWasResolvedThisMonth) {
  clock_.Advance(absl::Hours(24 * 31));  // August: nothing resolved yet
  const auto s = Samples(collector_);
  EXPECT_EQ(s.count("giamsat_query_unit_month_on_time_ratio{unit=HN.W1,}"), 0u);
  EXPECT_EQ(s.at("giamsat_query_unit_open_dossiers{unit=HN.W1,}"), 7);
}

TEST_F(SupervisionCollectorTest, Decision766ScoreOfThisMonth) {
  // Only 2.1 applies: 5 of the 7 open dossiers are in time (20 × 5/7 =
  // 14.29 of 20 points).
  const std::string score =
      "giamsat_query_unit_decision_766_score{unit=HN.W1,}";
  EXPECT_DOUBLE_EQ(Samples(collector_).at(score), 71.45);
  store::WriteBatch b;
  const std::string july = layout_.UnitDay("HN.W1", absl::CivilDay(2026, 7, 2));
  b.HashIncrement(july, std::string(domain::kFieldResolved766OnTime), 3);
  b.HashIncrement(july, std::string(domain::kFieldResolved766Late), 1);
  ASSERT_TRUE(store_.Commit(b).ok());
  // (3 + 5) / (4 + 7) of 20 points = 14.55.
  EXPECT_DOUBLE_EQ(Samples(collector_).at(score), 72.75);
  // Next month nothing is resolved yet and 2.1 counts the open ones only.
  clock_.Advance(absl::Hours(24 * 31));
  EXPECT_DOUBLE_EQ(Samples(collector_).at(score), 71.45);
}

TEST_F(SupervisionCollectorTest, InfoCoversTheUnitAndItsAncestors) {
  const auto s = Samples(collector_);
  EXPECT_EQ(s.at("giamsat_query_unit_info{level=ward,parent=HN,unit=HN.W1,}"),
            1);
  EXPECT_EQ(s.at("giamsat_query_unit_info{level=city,parent=,unit=HN,}"), 1);
  EXPECT_EQ(
      s.count("giamsat_query_unit_info{level=ward,parent=HN,unit=HN.W2,}"), 0u);
  EXPECT_EQ(s.at("giamsat_query_supervision_collect_errors_total{}"), 0);
}

}  // namespace
}  // namespace giamsat::query
