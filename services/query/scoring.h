// Scoring of a unit's figures for the query API: the Decision 766
// indicators and the TT 01/2018 scoring (common/domain: indicators.h,
// tt01_scoring.h) from the counter hashes the rules service keeps
// (figure_fields.h), as v1 messages. ScoringFigures gathers the figures the
// two need: flow figures summed over the period's day hashes (or the
// all-time totals), stock figures from the live hash.
// Thread-safe (values and pure functions).
#pragma once

#include <cstdint>

#include "absl/strings/string_view.h"
#include "common/domain/indicators.h"
#include "common/domain/tt01_scoring.h"
#include "common/store/state_store.h"
#include "giamsat/v1/query.pb.h"

namespace giamsat::query {

// Points, targets and bands (query config sections `indicators_766` and
// `tt01`).
struct ScoringConfig {
  domain::IndicatorsConfig decision_766;
  domain::Tt01Config tt01;
};

// A counter of a figure hash (0 when absent or not a number).
int64_t HashField(const store::Hash& hash, absl::string_view field);

struct ScoringFigures {
  domain::IndicatorFigures d766;
  // Legal clock verdicts and the unit's steps (TT 01/2018 indices 1, 2).
  int64_t resolved_early = 0;
  int64_t resolved_on_time = 0;
  int64_t resolved_late = 0;
  int64_t steps_on_time = 0;
  int64_t steps_late = 0;

  // Adds a day (or all-time) hash's flow figures.
  void AddFlow(const store::Hash& hash);
  // Sets the live hash's stock figures.
  void SetStock(const store::Hash& live);
  // Adds another unit's figures (roll-ups).
  void Add(const ScoringFigures& other);
  domain::Tt01UnitFigures Tt01() const;
};

v1::Decision766 Decision766Of(const ScoringFigures& figures,
                              const domain::IndicatorsConfig& config);
v1::Tt01Scoring Tt01Of(const ScoringFigures& figures,
                       const domain::Tt01Config& config);

}  // namespace giamsat::query
