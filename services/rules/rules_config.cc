#include "services/rules/rules_config.h"

#include "absl/strings/ascii.h"
#include "absl/time/civil_time.h"

namespace giamsat::rules {

LoopConfig RulesConfig::loop() const {
  LoopConfig l;
  l.max_batch_records = static_cast<size_t>(max_batch_records);
  l.poll_timeout = absl::Milliseconds(poll_timeout_ms);
  l.max_backoff = absl::Milliseconds(max_backoff_ms);
  return l;
}

absl::StatusOr<RulesConfig> DecodeRulesConfig(const YAML::Node& tree,
                                              std::string* effective) {
  RulesConfig c;
  config::ConfigReader root(tree, "");
  config::Decode(root.Section("kafka"), c.kafka);
  config::Decode(root.Section("redis"), c.redis);
  config::Decode(root.Section("metrics"), c.metrics);
  config::Decode(root.Section("log"), c.log);
  config::ConfigReader& p = root.Section("processing");
  p.Read("max_batch_records", c.max_batch_records);
  p.Read("poll_timeout_ms", c.poll_timeout_ms);
  p.Read("max_backoff_ms", c.max_backoff_ms);
  p.Read("state_cache_entries", c.state_cache_entries);
  if (c.state_cache_entries < 0) p.Fail("state_cache_entries", "must be >= 0");
  if (c.max_batch_records < 1) p.Fail("max_batch_records", "must be >= 1");
  if (c.poll_timeout_ms < 1) p.Fail("poll_timeout_ms", "must be >= 1");
  if (c.max_backoff_ms < 1) p.Fail("max_backoff_ms", "must be >= 1");

  config::ConfigReader& cal = root.Section("calendar");
  cal.Read("base", c.calendar_base);
  cal.Read("overrides", c.calendar_overrides);
  cal.Read("time_zone", c.time_zone);
  if (c.calendar_base.empty()) cal.Fail("base", "must name a calendar file");

  config::ConfigReader& d = root.Section("dossier");
  d.Read("default_counting_mode", c.default_counting_mode);
  d.Read("late_day_cutoff", c.late_day_cutoff);
  d.Read("late_day_policy", c.late_day_policy);
  d.Read("due_soon_working_hours", c.due_soon_working_hours);
  d.Read("due_soon_fraction", c.due_soon_fraction);
  d.Read("supplement_request_within_days", c.supplement_request_within_days);
  d.Read("result_return_working_hours", c.result_return_working_hours);
  d.Read("dislike_rating_max", c.dislike_rating_max);
  if (c.dislike_rating_max < 0 || c.dislike_rating_max > 5) {
    d.Fail("dislike_rating_max", "must be between 0 and 5");
  }
  domain::DossierRulesConfig& r = c.dossier_rules;
  r.dislike_rating_max = static_cast<uint32_t>(c.dislike_rating_max);
  absl::StatusOr<calendar::CountingMode> mode = calendar::ParseCountingMode(
      absl::AsciiStrToUpper(c.default_counting_mode));
  if (mode.ok()) {
    r.default_mode = *mode;
  } else {
    d.Fail("default_counting_mode", "must be days or hours");
  }
  absl::CivilSecond cutoff;
  if (absl::ParseCivilTime("2000-01-01T" + c.late_day_cutoff + ":00",
                           &cutoff)) {
    r.start_policy.cutoff =
        absl::Hours(cutoff.hour()) + absl::Minutes(cutoff.minute());
  } else {
    d.Fail("late_day_cutoff", "expected HH:MM");
  }
  absl::StatusOr<calendar::LateDayPolicy> policy =
      calendar::ParseLateDayPolicy(c.late_day_policy);
  if (policy.ok()) {
    r.start_policy.late_day_policy = *policy;
  } else {
    d.Fail("late_day_policy", "must be next_working_day or no_effect");
  }
  if (c.due_soon_working_hours < 0)
    d.Fail("due_soon_working_hours", "must be >= 0");
  if (c.due_soon_fraction < 0 || c.due_soon_fraction > 1) {
    d.Fail("due_soon_fraction", "must be between 0 and 1");
  }
  if (c.supplement_request_within_days < 0) {
    d.Fail("supplement_request_within_days", "must be >= 0");
  }
  if (c.result_return_working_hours < 0) {
    d.Fail("result_return_working_hours", "must be >= 0");
  }
  r.due_soon.remaining_below =
      absl::Seconds(static_cast<int64_t>(c.due_soon_working_hours * 3600));
  r.due_soon.fraction_below = c.due_soon_fraction;
  r.supplement_request_within_days = c.supplement_request_within_days;
  r.result_return_within =
      absl::Seconds(static_cast<int64_t>(c.result_return_working_hours * 3600));
  config::ConfigReader& f = root.Section("feedback");
  c.feedback_limits.ForEachKey(
      [&](const char* key, int& value) { f.Read(key, value); });
  c.feedback_rules = c.feedback_limits.ToConfig();
  if (absl::Status v = domain::ValidateFeedbackRulesConfig(c.feedback_rules);
      !v.ok()) {
    f.Fail("limits", std::string(v.message()));
  }
  config::ConfigReader& u = root.Section("unit_rules");
  domain::UnitRulesConfig& ur = c.unit_rules;
  u.Read("enabled", ur.enabled);
  u.Read("open_overdue_threshold", ur.open_overdue_threshold);
  u.Read("overdue_rate_threshold", ur.overdue_rate_threshold);
  u.Read("overdue_rate_min_resolved", ur.overdue_rate_min_resolved);
  u.Read("overdue_rate_period", ur.overdue_rate_period);
  u.Read("feedback_surge_window_days", ur.feedback_surge_window_days);
  u.Read("feedback_surge_min_count", ur.feedback_surge_min_count);
  u.Read("feedback_surge_factor", ur.feedback_surge_factor);
  u.Read("feedback_surge_baseline_windows", ur.feedback_surge_baseline_windows);
  u.Read("evaluate_every_seconds", ur.evaluate_every_seconds);
  root.Section("inspection")
      .Read("report_working_days_before",
            c.inspection_rules.report_working_days_before);
  if (effective != nullptr) *effective = root.EffectiveYaml();
  if (absl::Status s = root.Finish(); !s.ok()) return s;
  if (absl::Status s = domain::ValidateUnitRulesConfig(ur, "unit_rules");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = inspection::ValidateInspectionRulesConfig(
          c.inspection_rules, "inspection");
      !s.ok()) {
    return s;
  }
  return c;
}

}  // namespace giamsat::rules
