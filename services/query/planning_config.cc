#include "services/query/planning_config.h"

#include <string>

namespace giamsat::query {

void DecodePlanningConfig(config::ConfigReader& s,
                          inspection::PlanningConfig& c) {
  s.Read("petitions_threshold", c.petitions_threshold);
  s.Read("flagged_petitions_threshold", c.flagged_petitions_threshold);
  s.Read("late_dossiers_threshold", c.late_dossiers_threshold);
  s.Read("score_766_threshold", c.score_766_threshold);
  s.Read("min_dossiers_for_score", c.min_dossiers_for_score);
  s.Read("petitions_after_conclusion_threshold",
         c.petitions_after_conclusion_threshold);
  s.Read("no_improvement_min_resolved", c.no_improvement_min_resolved);
  s.Read("reinspection_window_days", c.reinspection_window_days);
  config::ConfigReader& w = s.Section("weights");
  w.Read("petition_surge", c.weight_petition_surge);
  w.Read("flagged_petition", c.weight_flagged_petition);
  w.Read("late_dossiers", c.weight_late_dossiers);
  w.Read("low_766_score", c.weight_low_766_score);
  w.Read("unit_rule_alert", c.weight_unit_rule_alert);
  w.Read("petitions_after_conclusion", c.weight_petitions_after_conclusion);
  w.Read("no_improvement", c.weight_no_improvement);
  w.Read("remediation_overdue", c.weight_remediation_overdue);
  s.Read("max_factor", c.max_factor);
  s.Read("coverage_levels", c.coverage_levels);
  s.Read("offices_inspected_floor", c.offices_inspected_floor);
  s.Read("surprise_inspections_target", c.surprise_inspections_target);
  if (absl::Status v = inspection::ValidatePlanningConfig(c, ""); !v.ok()) {
    // The message starts with ".<key>: "; name the key under the section.
    const std::string m(v.message());
    const size_t colon = m.find(": ");
    if (m.empty() || m[0] != '.' || colon == std::string::npos) {
      s.Fail("(section)", m);
    } else {
      s.Fail(m.substr(1, colon - 1), m.substr(colon + 2));
    }
  }
}

}  // namespace giamsat::query
