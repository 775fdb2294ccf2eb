// UnitRules: rules about a unit as a whole, evaluated from its figures
// rather than from one event (domain.md section 1, the surprise-inspection
// triggers): too many open overdue dossiers, an overdue rate above a
// threshold over the current period, and a surge of feedback about the
// unit. Pure: the caller reads the figures and the alerts firing now and
// applies the transitions returned.
//
// Alert ids are stable: "unit:<unit>:<rule>[:<period>]", so evaluating the
// same figures again never raises a duplicate. An alert resolves when its
// condition ends (or, for a per-period rate, when the period is over).
// Thread-safe (const).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "giamsat/v1/alerts.pb.h"

namespace giamsat::domain {

struct UnitRulesConfig {
  // false: the unit rules are not evaluated at all.
  bool enabled = true;
  // Open dossiers past their due time at or above this count: alert.
  // 0 disables the rule.
  int64_t open_overdue_threshold = 10;
  // Dossiers resolved late over the period's resolved, above this share
  // (0..1): alert, once at least `overdue_rate_min_resolved` were resolved.
  double overdue_rate_threshold = 0.05;
  int64_t overdue_rate_min_resolved = 20;
  // "month", "quarter" or "year": the period the rate is computed over.
  std::string overdue_rate_period = "month";
  // Feedback received about the unit over the last `window_days` Vietnam
  // days (today included): a surge when at least `surge_min_count` and at
  // least `surge_factor` times the average of the `baseline_windows`
  // windows before it.
  int feedback_surge_window_days = 7;
  int64_t feedback_surge_min_count = 10;
  double feedback_surge_factor = 3.0;
  int feedback_surge_baseline_windows = 4;
  // How often the service evaluates unit rules, in seconds.
  int evaluate_every_seconds = 60;
};

// Validates `config`; InvalidArgument naming the field (under `section`).
absl::Status ValidateUnitRulesConfig(const UnitRulesConfig& config,
                                     const std::string& section);

// The first day of the period containing `today`.
absl::CivilDay PeriodStart(const std::string& period, absl::CivilDay today);
// "2026-11", "2026-Q4" or "2026".
std::string PeriodLabel(const std::string& period, absl::CivilDay today);

// The figures of one unit the rules need, as of `today`.
struct UnitFigures {
  std::string unit_id;
  int64_t open_overdue = 0;
  // Over the current period (PeriodStart .. today).
  int64_t resolved_in_period = 0;
  int64_t resolved_late_in_period = 0;
  // Feedback received per Vietnam day, index 0 = today, 1 = yesterday, ...
  // (at least window_days * (baseline_windows + 1) entries).
  std::vector<int64_t> feedback_by_day;
};

class UnitRules {
 public:
  explicit UnitRules(UnitRulesConfig config) : config_(std::move(config)) {}

  // Days of figures Evaluate needs before today (feedback windows).
  int FeedbackDaysNeeded() const;

  // The transitions for `figures` given the unit alert ids firing now
  // (`firing`, ids of this unit only): new FIRING alerts and RESOLVED ones.
  std::vector<v1::Alert> Evaluate(const UnitFigures& figures,
                                  absl::CivilDay today, absl::Time now,
                                  const std::set<std::string>& firing) const;

  const UnitRulesConfig& config() const { return config_; }

 private:
  UnitRulesConfig config_;
};

// "unit:<unit>:" - the prefix of every unit alert id of `unit_id`.
std::string UnitAlertPrefix(const std::string& unit_id);

}  // namespace giamsat::domain
