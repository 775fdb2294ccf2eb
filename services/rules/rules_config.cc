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
  if (c.max_batch_records < 1) p.Fail("max_batch_records", "must be >= 1");
  if (c.poll_timeout_ms < 1) p.Fail("poll_timeout_ms", "must be >= 1");
  if (c.max_backoff_ms < 1) p.Fail("max_backoff_ms", "must be >= 1");

  config::ConfigReader& cal = root.Section("calendar");
  cal.Read("base", c.calendar_base);
  cal.Read("overrides", c.calendar_overrides);
  if (c.calendar_base.empty()) cal.Fail("base", "must name a calendar file");

  config::ConfigReader& d = root.Section("dossier");
  d.Read("default_counting_mode", c.default_counting_mode);
  d.Read("late_day_cutoff", c.late_day_cutoff);
  d.Read("late_day_policy", c.late_day_policy);
  d.Read("due_soon_working_hours", c.due_soon_working_hours);
  d.Read("due_soon_fraction", c.due_soon_fraction);
  d.Read("supplement_request_within_days", c.supplement_request_within_days);
  d.Read("result_return_working_hours", c.result_return_working_hours);
  domain::DossierRulesConfig& r = c.dossier_rules;
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
  f.Read("acknowledge_working_hours", c.feedback_acknowledge_working_hours);
  f.Read("acknowledge_urgent_working_hours",
         c.feedback_acknowledge_urgent_working_hours);
  f.Read("answer_normal_working_days", c.feedback_answer_normal_working_days);
  f.Read("answer_complex_working_days", c.feedback_answer_complex_working_days);
  f.Read("answer_urgent_working_hours", c.feedback_answer_urgent_working_hours);
  f.Read("transfer_working_days", c.feedback_transfer_working_days);
  domain::FeedbackRulesConfig& fr = c.feedback_rules;
  fr.acknowledge.limit =
      calendar::Limit::WorkingHours(c.feedback_acknowledge_working_hours);
  fr.acknowledge_urgent.limit = calendar::Limit::WorkingHours(
      c.feedback_acknowledge_urgent_working_hours);
  fr.answer_normal.limit =
      calendar::Limit::WorkingDays(c.feedback_answer_normal_working_days);
  fr.answer_complex.limit =
      calendar::Limit::WorkingDays(c.feedback_answer_complex_working_days);
  fr.answer_urgent.limit =
      calendar::Limit::WorkingHours(c.feedback_answer_urgent_working_hours);
  fr.transfer.limit =
      calendar::Limit::WorkingDays(c.feedback_transfer_working_days);
  if (absl::Status v = domain::ValidateFeedbackRulesConfig(fr); !v.ok()) {
    f.Fail("limits", std::string(v.message()));
  }
  if (effective != nullptr) *effective = root.EffectiveYaml();
  if (absl::Status s = root.Finish(); !s.ok()) return s;
  return c;
}

}  // namespace giamsat::rules
