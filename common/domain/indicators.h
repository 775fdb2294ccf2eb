// Decision 766/QĐ-TTg indicators of a unit over a period (domain.md section
// 5), from the unit's figures. Pure; points and targets are configuration
// (the split of points inside each group is [open]).
//
// For each indicator: rate = numerator / denominator, points =
// max_points × min(1, rate / target), rounded to 2 decimals; a zero
// denominator makes it "not applicable" (no points, and its maximum leaves
// the totals, so the score out of 100 rescales over what applies). Group
// totals and the unit's total follow. Indicators about publishing
// procedures (1.x) need data not ingested yet and are left out.
// Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace giamsat::domain {

struct IndicatorSpec {
  std::string id;     // "2.1", "3.3", ...
  std::string group;  // progress | online | digitisation | satisfaction
  double max_points = 0;
  double target = 1.0;  // the rate that earns full marks (0..1]
};

struct IndicatorsConfig {
  // Defaults: groups of 20 (progress), 22 (online services and payment), 22
  // (digitisation) and 18 (satisfaction) points, split evenly [open];
  // targets from the technical specification (3.3: 50%, 4.2 and 4.3: 80%,
  // 5.4: 90%). 2.2 (average processing time) is monitored, without points.
  std::vector<IndicatorSpec> indicators = {
      {"2.1", "progress", 20, 1.0},    {"2.2", "progress", 0, 1.0},
      {"3.3", "online", 11, 0.5},      {"3.6", "online", 11, 1.0},
      {"4.1", "digitisation", 7, 1.0}, {"4.2", "digitisation", 8, 0.8},
      {"4.3", "digitisation", 7, 0.8}, {"5.2", "satisfaction", 6, 1.0},
      {"5.3", "satisfaction", 6, 1.0}, {"5.4", "satisfaction", 6, 0.9},
  };
};

// Unknown ids, negative points, targets outside (0, 1]: InvalidArgument
// naming the entry (under `section`).
absl::Status ValidateIndicatorsConfig(const IndicatorsConfig& config,
                                      const std::string& section);

// A unit's figures over the period (flow figures summed over its days) and
// now (stock figures); names as in figure_fields.h.
struct IndicatorFigures {
  int64_t received = 0;
  int64_t received_online = 0;
  int64_t resolved = 0;
  int64_t resolved_766_on_time = 0;  // early or on time, Decision 766 clock
  int64_t resolved_766_late = 0;
  int64_t in_progress = 0;
  int64_t in_progress_overdue = 0;
  int64_t resolved_fee_bearing = 0;
  int64_t resolved_paid_online = 0;
  int64_t resolved_e_result = 0;
  int64_t resolved_digitised = 0;
  int64_t resolved_reused = 0;
  int64_t processing_seconds = 0;
  int64_t disliked = 0;
  int64_t feedback_received = 0;
  int64_t feedback_answered_on_time = 0;
  int64_t feedback_answered_late = 0;
  int64_t feedback_unsatisfied = 0;
  int64_t feedback_reopened = 0;
};

struct IndicatorValue {
  std::string id;
  std::string group;
  std::string title_vi;
  std::string title_en;
  bool applicable = false;
  int64_t numerator = 0;
  int64_t denominator = 0;
  // numerator / denominator (2.2: seconds per resolved dossier).
  double rate = 0;
  double target = 1;
  double points = 0;
  double max_points = 0;
};

struct IndicatorGroup {
  std::string group;
  double points = 0;
  double max_points = 0;  // of the applicable indicators
};

struct IndicatorReport {
  std::vector<IndicatorValue> indicators;  // in configuration order
  std::vector<IndicatorGroup> groups;      // in order of first appearance
  double points = 0;
  double max_points = 0;
  // points / max_points × 100, rounded to 2 decimals; 0 when nothing
  // applies.
  double score = 0;
};

IndicatorReport ComputeIndicators(const IndicatorFigures& figures,
                                  const IndicatorsConfig& config);

}  // namespace giamsat::domain
