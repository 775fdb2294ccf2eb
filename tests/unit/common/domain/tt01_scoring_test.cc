#include "common/domain/tt01_scoring.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace giamsat::domain {
namespace {

const Tt01IndexScore& Index(const Tt01Score& s, int index) {
  return s.indices.at(static_cast<size_t>(index - 1));
}

TEST(Tt01ScoringTest, OneDossierOnEverySupportedIndex) {
  DossierTt01Facts f;
  f.verdict = Timeliness::kEarly;
  f.steps_on_time = {true, false};  // the unit's two steps: (1 + 0) / 2
  f.online = true;
  f.petitions_on_time_share = 1.0;
  const Tt01Score s = ScoreDossierTt01(f, Tt01Config{});
  ASSERT_EQ(s.indices.size(), 9u);
  EXPECT_DOUBLE_EQ(Index(s, 1).points, 2);
  EXPECT_DOUBLE_EQ(Index(s, 2).points, 0.5);
  EXPECT_DOUBLE_EQ(Index(s, 7).points, 2);
  EXPECT_DOUBLE_EQ(Index(s, 8).points, 2);
  EXPECT_DOUBLE_EQ(Index(s, 9).points, 2);
  for (int i : {3, 4, 5, 6}) EXPECT_FALSE(Index(s, i).applicable) << i;
  EXPECT_DOUBLE_EQ(s.points, 8.5);
  EXPECT_DOUBLE_EQ(s.max_points, 10);
  EXPECT_DOUBLE_EQ(s.score, 15.3);  // 8.5 / 10 × 18
  EXPECT_EQ(s.band, "excellent");
}

TEST(Tt01ScoringTest, AnOpenDossierWithAComplaintScoresOnlyWhatApplies) {
  DossierTt01Facts f;
  f.complained = true;
  const Tt01Score s = ScoreDossierTt01(f, Tt01Config{});
  EXPECT_FALSE(Index(s, 1).applicable);
  EXPECT_FALSE(Index(s, 2).applicable);
  EXPECT_FALSE(Index(s, 8).applicable);
  EXPECT_TRUE(Index(s, 7).applicable);
  EXPECT_DOUBLE_EQ(Index(s, 7).points, 0);
  EXPECT_DOUBLE_EQ(Index(s, 9).points, 0);
  EXPECT_DOUBLE_EQ(s.max_points, 4);
  EXPECT_DOUBLE_EQ(s.score, 0);
  EXPECT_EQ(s.band, "weak");
}

TEST(Tt01ScoringTest, PetitionsScoreTwoAtFullOneFromNinetyPercent) {
  DossierTt01Facts f;
  for (auto [share, points] :
       {std::pair{1.0, 2.0}, std::pair{0.9, 1.0}, std::pair{0.89, 0.0}}) {
    f.petitions_on_time_share = share;
    EXPECT_DOUBLE_EQ(Index(ScoreDossierTt01(f, Tt01Config{}), 8).points, points)
        << share;
  }
}

TEST(Tt01ScoringTest, AUnitAveragesItsDossiers) {
  Tt01UnitFigures u;
  u.resolved_early = 3;
  u.resolved_on_time = 1;
  u.resolved_late = 1;
  u.steps_on_time = 3;
  u.steps_late = 1;
  u.resolved = 5;
  u.disliked = 1;
  u.received = 10;
  u.received_online = 4;
  u.feedback_answered_on_time = 9;
  u.feedback_answered_late = 1;
  const Tt01Score s = ScoreUnitTt01(u, Tt01Config{});
  EXPECT_DOUBLE_EQ(Index(s, 1).points, 1.4);  // (3×2 + 1×1 + 1×0) / 5
  EXPECT_EQ(Index(s, 1).counted, 5);
  EXPECT_DOUBLE_EQ(Index(s, 2).points, 0.75);  // 3 on-time steps of 4
  EXPECT_EQ(Index(s, 2).counted, 4);
  EXPECT_DOUBLE_EQ(Index(s, 7).points, 1.6);  // 4 of 5 without a dislike
  EXPECT_DOUBLE_EQ(Index(s, 8).points, 1);    // 90% of petitions on time
  EXPECT_EQ(Index(s, 8).counted, 10);
  EXPECT_DOUBLE_EQ(Index(s, 9).points, 0.8);  // 4 of 10 online
  EXPECT_DOUBLE_EQ(s.points, 5.55);
  EXPECT_DOUBLE_EQ(s.max_points, 10);
  EXPECT_DOUBLE_EQ(s.score, 9.99);
  EXPECT_EQ(s.band, "fair");
}

TEST(Tt01ScoringTest, AUnitWithoutDossiersHasNoBand) {
  const Tt01Score s = ScoreUnitTt01(Tt01UnitFigures{}, Tt01Config{});
  EXPECT_FALSE(s.applicable);
  for (const Tt01IndexScore& i : s.indices) EXPECT_FALSE(i.applicable);
  EXPECT_DOUBLE_EQ(s.score, 0);
  EXPECT_EQ(s.band, "");
}

TEST(Tt01ScoringTest, CountsFromDifferentDaysAreCapped) {
  Tt01UnitFigures u;
  u.resolved = 2;
  u.disliked = 5;  // ratings of dossiers resolved before the period
  u.received = 1;
  u.received_online = 3;
  const Tt01Score s = ScoreUnitTt01(u, Tt01Config{});
  EXPECT_DOUBLE_EQ(Index(s, 7).points, 0);
  EXPECT_DOUBLE_EQ(Index(s, 9).points, 2);
}

TEST(Tt01ScoringTest, BandsAtTheirBounds) {
  const Tt01Config c;
  EXPECT_EQ(Tt01Band(18, c), "excellent");
  EXPECT_EQ(Tt01Band(15, c), "excellent");
  EXPECT_EQ(Tt01Band(14.99, c), "good");
  EXPECT_EQ(Tt01Band(12, c), "good");
  EXPECT_EQ(Tt01Band(9, c), "fair");
  EXPECT_EQ(Tt01Band(6, c), "average");
  EXPECT_EQ(Tt01Band(5.99, c), "weak");
}

TEST(Tt01ScoringTest, ConfigurationIsValidated) {
  Tt01Config c;
  EXPECT_TRUE(ValidateTt01Config(c, "tt01").ok());
  c.online_points = 1;
  DossierTt01Facts f;
  f.online = true;
  EXPECT_DOUBLE_EQ(Index(ScoreDossierTt01(f, c), 9).points, 1);
  c.good_from = 16;
  EXPECT_EQ(ValidateTt01Config(c, "tt01").message(),
            "tt01.good_from: must be below excellent_from");
  c = Tt01Config{};
  c.step_on_time_points = 3;
  EXPECT_EQ(ValidateTt01Config(c, "tt01").message(),
            "tt01.step_on_time_points: must be 0..2");
}

}  // namespace
}  // namespace giamsat::domain
