#include "common/domain/indicators.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace giamsat::domain {
namespace {

const IndicatorValue& Find(const IndicatorReport& r, const std::string& id) {
  for (const auto& v : r.indicators) {
    if (v.id == id) return v;
  }
  static const IndicatorValue kMissing;
  ADD_FAILURE() << "no indicator " << id;
  return kMissing;
}

// A unit with hand-counted figures over one month.
IndicatorFigures Month() {
  IndicatorFigures f;
  f.received = 40;
  f.received_online = 10;  // 25% online: half the 50% target
  f.resolved = 20;
  f.resolved_766_on_time = 18;
  f.resolved_766_late = 2;
  f.in_progress = 20;
  f.in_progress_overdue = 4;
  f.resolved_fee_bearing = 8;
  f.resolved_paid_online = 2;
  f.resolved_e_result = 20;
  f.resolved_digitised = 18;  // 90%: above the 80% target, capped
  f.resolved_reused = 4;
  f.processing_seconds = 20 * 3600;
  f.disliked = 1;
  f.feedback_received = 10;
  f.feedback_answered_on_time = 7;
  f.feedback_answered_late = 1;
  f.feedback_unsatisfied = 1;
  f.feedback_reopened = 1;
  return f;
}

TEST(IndicatorsTest, EveryIndicatorOnHandCountedFigures) {
  const IndicatorReport r = ComputeIndicators(Month(), IndicatorsConfig{});
  // 2.1: (18 on time + 16 open not overdue) / (20 resolved + 20 open).
  EXPECT_EQ(Find(r, "2.1").numerator, 34);
  EXPECT_EQ(Find(r, "2.1").denominator, 40);
  EXPECT_DOUBLE_EQ(Find(r, "2.1").points, 17.0);
  // 2.2: one hour per resolved dossier, monitored without points.
  EXPECT_DOUBLE_EQ(Find(r, "2.2").rate, 3600.0);
  EXPECT_DOUBLE_EQ(Find(r, "2.2").max_points, 0.0);
  // 3.3: 25% of a 50% target = half of 11 points.
  EXPECT_DOUBLE_EQ(Find(r, "3.3").rate, 0.25);
  EXPECT_DOUBLE_EQ(Find(r, "3.3").points, 5.5);
  // 3.6: 2 of 8 fee-bearing paid online.
  EXPECT_DOUBLE_EQ(Find(r, "3.6").points, 2.75);
  EXPECT_DOUBLE_EQ(Find(r, "4.1").points, 7.0);
  // 4.2: 90% against an 80% target: capped at full marks.
  EXPECT_DOUBLE_EQ(Find(r, "4.2").rate, 0.9);
  EXPECT_DOUBLE_EQ(Find(r, "4.2").points, 8.0);
  // 4.3: 20% of an 80% target = a quarter of 7.
  EXPECT_DOUBLE_EQ(Find(r, "4.3").points, 1.75);
  // 5.2: 7 of 8 answers on time.
  EXPECT_DOUBLE_EQ(Find(r, "5.2").points, 5.25);
  // 5.3: (10 - 1 unsatisfied - 1 late - 1 reopened) / 10.
  EXPECT_EQ(Find(r, "5.3").numerator, 7);
  EXPECT_DOUBLE_EQ(Find(r, "5.3").points, 4.2);
  // 5.4: (20 - 2 late - 1 disliked) / 20 = 85% of a 90% target.
  EXPECT_EQ(Find(r, "5.4").numerator, 17);
  EXPECT_DOUBLE_EQ(Find(r, "5.4").points, 5.67);

  ASSERT_EQ(r.groups.size(), 4u);
  EXPECT_EQ(r.groups[0].group, "progress");
  EXPECT_DOUBLE_EQ(r.groups[0].points, 17.0);
  EXPECT_DOUBLE_EQ(r.groups[0].max_points, 20.0);
  EXPECT_DOUBLE_EQ(r.groups[1].points, 8.25);
  EXPECT_DOUBLE_EQ(r.groups[2].points, 16.75);
  EXPECT_DOUBLE_EQ(r.groups[3].points, 15.12);
  EXPECT_DOUBLE_EQ(r.points, 57.12);
  EXPECT_DOUBLE_EQ(r.max_points, 82.0);
  EXPECT_DOUBLE_EQ(r.score, 69.66);
}

TEST(IndicatorsTest, EmptyDenominatorsAreNotApplicableAndLeaveTheTotals) {
  IndicatorFigures f;
  f.received = 4;
  f.received_online = 4;  // 100% online: capped at 11 of 11
  const IndicatorReport r = ComputeIndicators(f, IndicatorsConfig{});
  EXPECT_TRUE(Find(r, "3.3").applicable);
  EXPECT_DOUBLE_EQ(Find(r, "3.3").points, 11.0);
  for (const char* id : {"2.1", "3.6", "4.1", "5.2", "5.3", "5.4"}) {
    EXPECT_FALSE(Find(r, id).applicable) << id;
    EXPECT_DOUBLE_EQ(Find(r, id).points, 0.0) << id;
  }
  EXPECT_DOUBLE_EQ(r.max_points, 11.0);
  EXPECT_DOUBLE_EQ(r.score, 100.0);
}

TEST(IndicatorsTest, NothingApplicableScoresZero) {
  const IndicatorReport r =
      ComputeIndicators(IndicatorFigures{}, IndicatorsConfig{});
  EXPECT_DOUBLE_EQ(r.max_points, 0.0);
  EXPECT_DOUBLE_EQ(r.score, 0.0);
}

TEST(IndicatorsTest, PointsAndTargetsComeFromConfiguration) {
  IndicatorsConfig c;
  c.indicators = {{"3.3", "online", 22, 0.25}};
  const IndicatorReport r = ComputeIndicators(Month(), c);
  ASSERT_EQ(r.indicators.size(), 1u);
  EXPECT_DOUBLE_EQ(r.indicators[0].points, 22.0);  // 25% meets the target
  EXPECT_TRUE(ValidateIndicatorsConfig(c, "indicators").ok());
  c.indicators = {{"1.1", "transparency", 18, 1.0}};
  EXPECT_THAT(std::string(ValidateIndicatorsConfig(c, "indicators").message()),
              ::testing::StartsWith("indicators[0].id: unknown indicator"));
  c.indicators = {{"3.3", "online", 22, 0}};
  EXPECT_EQ(ValidateIndicatorsConfig(c, "indicators").message(),
            "indicators[0].target: must be a share in (0, 1]");
}

}  // namespace
}  // namespace giamsat::domain
