// Inspection planning (domain.md section 1): which units call for a
// surprise inspection or a re-inspection (phúc tra), why, with the figures
// behind each reason, and how far the year's plan is covered. Pure: the
// caller reads the figures (common/domain/figure_fields.h and the
// inspection figures of inspection_rules.h) and the unit-rule alerts
// firing now (common/domain/unit_rules.h: the petition surge and late
// dossier triggers, reused as they are), and ranks.
//
// Reasons and weights (every threshold and weight is configuration; the
// plans name the triggers without numbers):
//   REASON_UNIT_RULE_ALERT / REASON_PETITION_SURGE  a unit rule alert fires
//       now (UNIT_FEEDBACK_SURGE is the petition surge), with its evidence.
//   REASON_PETITION_SURGE        petitions received in the period >=
//       petitions_threshold (when no surge alert fires).
//   REASON_FLAGGED_PETITION      complex / urgent / public-outrage
//       petitions in the period >= flagged_petitions_threshold.
//   REASON_LATE_DOSSIERS         dossiers resolved late in the period plus
//       open overdue now >= late_dossiers_threshold.
//   REASON_LOW_766_SCORE         Decision 766 score over the period below
//       score_766_threshold, once min_dossiers_for_score were received or
//       resolved.
//   REASON_PETITIONS_AFTER_CONCLUSION  petitions since the last conclusion
//       >= petitions_after_conclusion_threshold.
//   REASON_NO_IMPROVEMENT        share resolved late since the conclusion
//       (>= no_improvement_min_resolved resolved) is above zero and not
//       below the share over the same number of days before it.
//   REASON_REMEDIATION_OVERDUE   the conclusion's remediation deadline passed
//       without a remediation report.
// A reason's weight is its configured weight times how far the figure is
// past its threshold (figure / threshold, at most max_factor; 1 for the
// yes/no reasons). The unit's score is the sum; candidates are ranked by
// score, then unit id. Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/domain/indicators.h"
#include "giamsat/v1/alerts.pb.h"
#include "giamsat/v1/inspection.pb.h"

namespace giamsat::inspection {

struct PlanningConfig {
  // Surprise-inspection triggers.
  int64_t petitions_threshold = 30;
  int64_t flagged_petitions_threshold = 1;
  int64_t late_dossiers_threshold = 10;
  double score_766_threshold = 60;
  int64_t min_dossiers_for_score = 10;
  // Re-inspection.
  int64_t petitions_after_conclusion_threshold = 5;
  int64_t no_improvement_min_resolved = 10;
  // Longest window compared before and after a conclusion, in days.
  int reinspection_window_days = 90;
  // Weights of the reasons, and the cap on how far past its threshold a
  // figure counts.
  double weight_petition_surge = 3;
  double weight_flagged_petition = 3;
  double weight_late_dossiers = 2;
  double weight_low_766_score = 2;
  double weight_unit_rule_alert = 1;
  double weight_petitions_after_conclusion = 3;
  double weight_no_improvement = 2;
  double weight_remediation_overdue = 2;
  double max_factor = 5;
  // Coverage of the year's plan: the levels of "offices handling
  // procedures" (those that received a dossier or finished a processing
  // step in the year), the share of
  // them to inspect at least once (Yên Hòa 2026: more than 50%) and the
  // surprise inspections a year (Hanoi 2025: at least 15).
  std::vector<std::string> coverage_levels = {"office"};
  double offices_inspected_floor = 0.5;
  int surprise_inspections_target = 15;
  // Decision 766 points and targets for the score.
  domain::IndicatorsConfig indicators;
};

// InvalidArgument naming the key (under `section`).
absl::Status ValidatePlanningConfig(const PlanningConfig& config,
                                    const std::string& section);

// Figures by name (figure_fields.h), summed over some days, or stock.
using Figures = std::map<std::string, int64_t, std::less<>>;

// Inclusive range of Vietnam days; empty when to < from.
struct DayRange {
  absl::CivilDay from;
  absl::CivilDay to;
  bool empty() const { return to < from; }
};

// The windows compared for a unit concluded on `concluded`: the days after
// it up to `today`, at most `max_days`, and as many days just before it.
struct ConclusionWindows {
  DayRange before;
  DayRange after;
};
ConclusionWindows WindowsAround(absl::CivilDay concluded, absl::CivilDay today,
                                int max_days);

// Everything known about one unit.
struct UnitEvidence {
  std::string unit_id;
  std::string unit_name;
  std::string level;
  Figures period;  // flow figures over the period asked
  Figures live;    // stock figures now
  // Unit-rule alerts of this unit firing now.
  std::vector<v1::Alert> unit_rule_alerts;
  // The unit's inspection with the latest conclusion, if any, and the flow
  // figures over WindowsAround() its conclusion day.
  std::optional<v1::InspectionState> last_conclusion;
  Figures before_conclusion;
  Figures after_conclusion;
};

// The 766 figures of a unit from its period and live figures.
domain::IndicatorFigures IndicatorFiguresOf(const Figures& period,
                                            const Figures& live);

// The candidate entry of one unit (rank unset; score 0 without reasons).
v1::InspectionCandidate AssessUnit(const UnitEvidence& unit, absl::Time now,
                                   const PlanningConfig& config);

// Sorts by score (highest first), then unit id; drops units without reasons
// unless `include_all`; keeps at most `max`; numbers the ranks from 1.
std::vector<v1::InspectionCandidate> Rank(
    std::vector<v1::InspectionCandidate> candidates, size_t max,
    bool include_all);

// One unit's figures over the plan's year. A unit handles procedures when
// it received a dossier or finished a processing step of one (an office
// that holds steps of dossiers received at the one-stop desk).
struct CoverageUnit {
  std::string unit_id;
  std::string level;
  int64_t dossiers_received = 0;
  int64_t inspections_done = 0;
  int64_t surprise_inspections_done = 0;
  int64_t steps_handled = 0;
};

v1::InspectionCoverage ComputeCoverage(const std::vector<CoverageUnit>& units,
                                       int year, const PlanningConfig& config);

}  // namespace giamsat::inspection
