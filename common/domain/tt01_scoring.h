// TT 01/2018/TT-VPCP scoring (domain.md section 5): each dossier is scored
// 0/1/2 on nine indices, and a unit is banded by the average total of its
// dossiers (excellent >= 15, good 12-<15, fair 9-<12, average 6-<9, weak
// < 6, out of 18). Pure; thresholds and the [open] choices are
// configuration.
//
// Indices our events support: 1 total time (early 2, on time 1, late 0);
// 2 each step of the unit against its share (on time: step_on_time_points,
// late 0: the events do not tell an early step from an on-time one);
// 7 attitude (0 when the citizen disliked the handling, else 2: the dislike
// rating stands for a complaint [open]); 8 petitions (the unit's share of
// petitions answered on time: 2 at 100%, 1 at >= 90%, else 0); 9 online
// (submitted online: online_points, else 0 [open: full-process online
// level 4 vs partly online]). Indices 3 (contacts needed), 4 (bodies
// contacted), 5 (one-stop handling) and 6 (publication) need data not
// ingested: always "not applicable".
//
// A unit's index score is the average of its dossiers' scores on that
// index (2 × early + 1 × on time over the dossiers judged, ...); an index
// without dossiers is not applicable. The total is the sum of the
// applicable averages, rescaled to 18 over the applicable indices
// (score = total / (2 × applicable) × 18) [open: the circular scores only
// what applies], rounded to 2 decimals.
// Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace giamsat::domain {

struct Tt01Config {
  // Lower bounds of the bands, on the 18-point scale.
  double excellent_from = 15;
  double good_from = 12;
  double fair_from = 9;
  double average_from = 6;
  // Index 2 points of a step finished within its share [open].
  int step_on_time_points = 1;
  // Index 9 points of a dossier submitted online [open].
  int online_points = 2;
};

// Bands descending, points 0..2: InvalidArgument naming the key under
// `section`.
absl::Status ValidateTt01Config(const Tt01Config& config,
                                const std::string& section);

enum class Timeliness { kEarly, kOnTime, kLate };

// One dossier as far as TT 01/2018 needs it.
struct DossierTt01Facts {
  // The verdict once resolved (nullopt: still open, index 1 not scored).
  std::optional<Timeliness> verdict;
  // Each step of the unit being scored: finished within its share or not.
  std::vector<bool> steps_on_time;
  bool online = false;
  // The citizen disliked the handling (or complained about it).
  bool complained = false;
  // The unit's share of petitions answered on time over the period
  // (nullopt: none answered, index 8 not scored).
  std::optional<double> petitions_on_time_share;
};

struct Tt01IndexScore {
  int index = 0;  // 1..9
  std::string title_vi;
  std::string title_en;
  bool applicable = false;
  // 0..2 (for a unit: the average over the dossiers counted).
  double points = 0;
  // Dossiers (index 2: steps) the score is over.
  int64_t counted = 0;
};

struct Tt01Score {
  std::vector<Tt01IndexScore> indices;  // 1..9, in order
  // Sum of the applicable indices' points, and their maximum (2 each).
  double points = 0;
  double max_points = 0;
  // points rescaled to 18 (0 when nothing applies).
  double score = 0;
  bool applicable = false;
  // excellent | good | fair | average | weak; "" when nothing applies.
  std::string band;
};

// The scores of one dossier.
Tt01Score ScoreDossierTt01(const DossierTt01Facts& facts,
                           const Tt01Config& config);

// A unit's figures over the period (names as in figure_fields.h).
struct Tt01UnitFigures {
  int64_t resolved_early = 0;
  int64_t resolved_on_time = 0;
  int64_t resolved_late = 0;
  int64_t steps_on_time = 0;
  int64_t steps_late = 0;
  int64_t resolved = 0;
  int64_t disliked = 0;
  int64_t received = 0;
  int64_t received_online = 0;
  int64_t feedback_answered_on_time = 0;
  int64_t feedback_answered_late = 0;
};

// The unit's average scores over its dossiers, and its band.
Tt01Score ScoreUnitTt01(const Tt01UnitFigures& figures,
                        const Tt01Config& config);

// The band of a score on the 18-point scale.
std::string Tt01Band(double score, const Tt01Config& config);

}  // namespace giamsat::domain
