// GetUnitIndicators over hand-made figure hashes: every Decision 766
// indicator and TT 01/2018 index with known answers, summed over the
// period's days, stock figures from the live hash, roll-ups, and points
// from configuration.
#include "services/query/scoring.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/domain/figure_fields.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_state_store.h"
#include "services/query/status_reader.h"
#include "tests/support/event_builders.h"

namespace giamsat::query {
namespace {

using ::giamsat::testing::VnTime;

const v1::Indicator766& Find(const v1::UnitIndicators& r,
                             const std::string& id) {
  for (const auto& i : r.decision_766().indicators()) {
    if (i.id() == id) return i;
  }
  ADD_FAILURE() << "no indicator " << id;
  return v1::Indicator766::default_instance();
}

class ScoringTest : public ::testing::Test {
 protected:
  ScoringTest() {
    auto tree = UnitTree::Parse(R"(units:
  - {id: HN, name: City, level: city}
  - {id: HN.W1, name: Ward 1, level: ward, parent: HN}
  - {id: HN.W1.VP, name: Office, level: office, parent: HN.W1}
)",
                                "test");
    EXPECT_TRUE(tree.ok()) << tree.status();
    tree_ = std::move(*tree);
    Add("HN.W1", absl::CivilDay(2026, 6, 30),
        {{domain::kFieldReceived, 100}});  // June
    Add("HN.W1", absl::CivilDay(2026, 7, 2),
        {{domain::kFieldReceived, 6},
         {domain::kFieldReceivedOnline, 3},
         {domain::kFieldResolved, 4},
         {domain::kFieldResolved766OnTime, 3},
         {domain::kFieldResolved766Late, 1},
         {domain::kFieldResolvedEarly, 2},
         {domain::kFieldResolvedOnTime, 1},
         {domain::kFieldResolvedLate, 1},
         {domain::kFieldResolvedFeeBearing, 2},
         {domain::kFieldResolvedPaidOnline, 1},
         {domain::kFieldResolvedEResult, 4},
         {domain::kFieldResolvedDigitised, 4},
         {domain::kFieldResolvedReused, 1},
         {domain::kFieldProcessingSeconds, 4 * 7200},
         {domain::kFieldStepsOnTime, 2},
         {domain::kFieldStepsLate, 2}});
    Add("HN.W1", absl::CivilDay(2026, 7, 10),
        {{domain::kFieldReceived, 4},
         {domain::kFieldReceivedOnline, 2},
         {domain::kFieldFeedbackReceived, 2},
         {domain::kFieldFeedbackAnsweredOnTime, 2},
         {domain::kFieldDisliked, 1}});
    store::WriteBatch b;
    const std::string live = layout_.UnitLive("HN.W1");
    b.HashIncrement(live, std::string(domain::kFieldInProgress), 6);
    b.HashIncrement(live, std::string(domain::kFieldInProgressOverdue), 2);
    b.HashIncrement(live, std::string(domain::kFieldWatermark), 1784080800000);
    EXPECT_TRUE(store_.Commit(b).ok());
  }
  void Add(const std::string& unit, absl::CivilDay day,
           std::vector<std::pair<absl::string_view, int>> figures) {
    store::WriteBatch b;
    for (const auto& [field, n] : figures) {
      b.HashIncrement(layout_.UnitDay(unit, day), std::string(field), n);
    }
    ASSERT_TRUE(store_.Commit(b).ok());
  }
  absl::StatusOr<v1::UnitIndicators> July(StatusReader& reader,
                                          const std::string& unit,
                                          bool roll_up = false) {
    v1::GetUnitIndicatorsRequest r;
    r.set_unit_id(unit);
    r.mutable_period()->set_month("2026-07");
    r.set_roll_up(roll_up);
    return reader.GetUnitIndicators(r);
  }

  testing::FakeClock clock_{VnTime("2026-07-15T10:00:00+07:00")};
  testing::InMemoryStateStore store_;
  store::KeyLayout layout_{"gs:"};
  UnitTree tree_;
  StatusReader reader_{store_, layout_, clock_, tree_};
};

TEST_F(ScoringTest, EveryDecision766IndicatorOverTheMonth) {
  auto r = July(reader_, "HN.W1");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->unit_name(), "Ward 1");
  EXPECT_EQ(r->period().from_date(), "2026-07-01");
  EXPECT_EQ(r->watermark().seconds(), 1784080800);
  // 2.1: (3 on time + 4 open not overdue) / (4 resolved + 6 open).
  EXPECT_EQ(Find(*r, "2.1").numerator(), 7);
  EXPECT_EQ(Find(*r, "2.1").denominator(), 10);
  EXPECT_DOUBLE_EQ(Find(*r, "2.1").points(), 14);
  EXPECT_DOUBLE_EQ(Find(*r, "2.2").rate(), 7200);  // two hours each
  // 3.3: 5 of 10 received online (June's 100 are outside the month).
  EXPECT_EQ(Find(*r, "3.3").denominator(), 10);
  EXPECT_DOUBLE_EQ(Find(*r, "3.3").points(), 11);
  EXPECT_DOUBLE_EQ(Find(*r, "3.6").points(), 5.5);
  EXPECT_DOUBLE_EQ(Find(*r, "4.1").points(), 7);
  EXPECT_DOUBLE_EQ(Find(*r, "4.2").points(), 8);  // 100% capped at 80%
  EXPECT_DOUBLE_EQ(Find(*r, "4.3").points(), 2.19);
  EXPECT_DOUBLE_EQ(Find(*r, "5.2").points(), 6);
  EXPECT_DOUBLE_EQ(Find(*r, "5.3").points(), 6);
  // 5.4: (4 - 1 late - 1 disliked) / 4 = 50% of a 90% target.
  EXPECT_EQ(Find(*r, "5.4").numerator(), 2);
  EXPECT_DOUBLE_EQ(Find(*r, "5.4").points(), 3.33);
  const v1::Decision766& d = r->decision_766();
  ASSERT_EQ(d.groups_size(), 4);
  EXPECT_EQ(d.groups(1).group(), "online");
  EXPECT_DOUBLE_EQ(d.groups(1).points(), 16.5);
  EXPECT_DOUBLE_EQ(d.groups(2).points(), 17.19);
  EXPECT_DOUBLE_EQ(d.points(), 63.02);
  EXPECT_DOUBLE_EQ(d.max_points(), 82);
  EXPECT_DOUBLE_EQ(d.score(), 76.85);
}

TEST_F(ScoringTest, Tt01AveragesAndBand) {
  auto r = July(reader_, "HN.W1");
  ASSERT_TRUE(r.ok()) << r.status();
  const v1::Tt01Scoring& t = r->tt01();
  ASSERT_EQ(t.indices_size(), 9);
  EXPECT_DOUBLE_EQ(t.indices(0).points(), 1.25);  // (2×2 + 1) / 4
  EXPECT_DOUBLE_EQ(t.indices(1).points(), 0.5);   // 2 of 4 steps on time
  EXPECT_FALSE(t.indices(2).applicable());
  EXPECT_DOUBLE_EQ(t.indices(6).points(), 1.5);  // 1 of 4 disliked
  EXPECT_DOUBLE_EQ(t.indices(7).points(), 2);    // petitions all on time
  EXPECT_DOUBLE_EQ(t.indices(8).points(), 1);    // half online
  EXPECT_DOUBLE_EQ(t.points(), 6.25);
  EXPECT_DOUBLE_EQ(t.score(), 11.25);
  EXPECT_EQ(t.band(), "fair");
}

TEST_F(ScoringTest, RollUpScoresTheSubtree) {
  Add("HN.W1.VP", absl::CivilDay(2026, 7, 3),
      {{domain::kFieldResolved, 1}, {domain::kFieldResolved766Late, 1}});
  auto r = July(reader_, "HN.W1", /*roll_up=*/true);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->rolled_up());
  EXPECT_EQ(Find(*r, "2.1").numerator(), 7);
  EXPECT_EQ(Find(*r, "2.1").denominator(), 11);
  auto own = July(reader_, "HN.W1.VP");
  ASSERT_TRUE(own.ok());
  EXPECT_DOUBLE_EQ(Find(*own, "2.1").rate(), 0);
  EXPECT_FALSE(Find(*own, "3.3").applicable());
}

TEST_F(ScoringTest, NothingToScoreListsEveryIndicatorNotApplicable) {
  auto r = July(reader_, "HN");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->decision_766().indicators_size(), 10);
  for (const auto& i : r->decision_766().indicators()) {
    EXPECT_FALSE(i.applicable()) << i.id();
  }
  EXPECT_DOUBLE_EQ(r->decision_766().score(), 0);
  EXPECT_EQ(r->tt01().band(), "");
  v1::GetUnitStatusRequest s;
  s.set_unit_id("HN");
  EXPECT_FALSE(reader_.GetUnitStatus(s)->has_decision_766());
  s.set_unit_id("HN.W1");
  s.mutable_period()->set_month("2026-07");
  EXPECT_DOUBLE_EQ(reader_.GetUnitStatus(s)->decision_766().score(), 76.85);
}

TEST_F(ScoringTest, PointsTargetsAndBandsFromConfiguration) {
  ScoringConfig config;
  config.decision_766.indicators = {{"3.3", "online", 22, 0.25}};
  config.tt01.fair_from = 11.5;
  StatusReader reader(store_, layout_, clock_, tree_, config);
  auto r = July(reader, "HN.W1");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->decision_766().indicators_size(), 1);
  EXPECT_DOUBLE_EQ(Find(*r, "3.3").points(), 22);
  EXPECT_DOUBLE_EQ(r->decision_766().score(), 100);
  EXPECT_EQ(r->tt01().band(), "average");  // 11.25 is below 11.5
}

TEST_F(ScoringTest, BadRequestsNameTheField) {
  v1::GetUnitIndicatorsRequest r;
  EXPECT_EQ(reader_.GetUnitIndicators(r).status().message(),
            "unit_id: required");
  r.set_unit_id("HN.W1");
  r.mutable_period()->set_month("2026-13");
  EXPECT_THAT(std::string(reader_.GetUnitIndicators(r).status().message()),
              ::testing::HasSubstr("period.month"));
}

}  // namespace
}  // namespace giamsat::query
