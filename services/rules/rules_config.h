// Typed configuration of giamsat-rules (see deploy/config/rules.yaml).
#pragma once

#include "absl/status/statusor.h"
#include "common/config/sections.h"
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

  LoopConfig loop() const;
};

absl::StatusOr<RulesConfig> DecodeRulesConfig(const YAML::Node& tree);

}  // namespace giamsat::rules
