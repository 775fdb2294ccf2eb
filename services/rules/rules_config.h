// Typed configuration of giamsat-rules (see deploy/config/rules.yaml).
#pragma once

#include "absl/status/statusor.h"
#include "common/config/sections.h"
#include "common/domain/dossier_rules.h"
#include "common/domain/feedback_rules.h"
#include "common/domain/unit_rules.h"
#include "common/inspection/inspection_rules.h"
#include "services/rules/rules_loop.h"
#include "yaml-cpp/yaml.h"

namespace giamsat::rules {

struct RulesConfig {
  config::KafkaConfig kafka;
  config::RedisConfig redis;
  config::MetricsConfig metrics{"127.0.0.1:9465"};
  config::LogConfig log;
  // Most records processed and committed in one state-store batch.
  int max_batch_records = 500;
  // How long one poll waits for the first record, in milliseconds.
  int poll_timeout_ms = 100;
  // Longest wait between retries when the state store fails, in ms.
  int max_backoff_ms = 5000;
  // Most dossier/feedback states cached in memory between batches (about
  // 1-2 KB each); beyond it the cache is emptied and states are read from
  // Redis again. Bounds the memory per open dossier to its timer.
  int state_cache_entries = 100000;

  // The legal calendar: a base file and override files applied in order
  // (see docs/calendar.md), relative to the working directory.
  std::string calendar_base = "deploy/config/calendars/vn-public-sector.yaml";
  std::vector<std::string> calendar_overrides;
  // The civil time zone deadlines are counted in, checked at start-up
  // against the system's time-zone database (calendar::CheckTimeZone).
  std::string time_zone = "Asia/Ho_Chi_Minh";

  // Dossier rules (domain.md section 3; [open] items are configuration).
  std::string default_counting_mode = "days";        // days | hours
  std::string late_day_cutoff = "15:00";             // local time HH:MM
  std::string late_day_policy = "next_working_day";  // or no_effect
  double due_soon_working_hours = 8;  // warn below this working time left
  double due_soon_fraction = 0.25;    // or below this share of the limit
  int supplement_request_within_days = 3;
  double result_return_working_hours = 8;
  // A satisfaction rating (1-5) at or below this is a "dislike" (766 5.4).
  int dislike_rating_max = 2;

  // Feedback rules (domain.md section 4; limits of normal and complex
  // petitions are [open]).
  domain::FeedbackLimitSettings feedback_limits;

  LoopConfig loop() const;
  // The parsed rules configurations (validated by Decode).
  domain::DossierRulesConfig dossier_rules;
  domain::FeedbackRulesConfig feedback_rules;
  // Unit rules (surprise-inspection triggers), section "unit_rules".
  domain::UnitRulesConfig unit_rules;
  // Inspection rules (docs/inspections.md), section "inspection".
  inspection::InspectionRulesConfig inspection_rules;
};

// `effective` (optional) receives ConfigReader::EffectiveYaml().
absl::StatusOr<RulesConfig> DecodeRulesConfig(const YAML::Node& tree,
                                              std::string* effective = nullptr);

}  // namespace giamsat::rules
