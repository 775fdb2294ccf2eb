// Typed configuration of giamsat-escalator (see deploy/config/escalator.yaml,
// which lists every key with its default).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/sections.h"
#include "common/escalation/policy.h"
#include "services/escalator/alertmanager_channel.h"
#include "services/escalator/email_channel.h"
#include "services/escalator/escalator_core.h"
#include "services/escalator/escalator_loop.h"
#include "services/escalator/webhook_channel.h"
#include "yaml-cpp/yaml.h"

namespace giamsat::escalator {

struct EscalatorConfig {
  config::KafkaConfig kafka;  // kafka.group_id defaults to giamsat-escalator
  config::RedisConfig redis;
  config::MetricsConfig metrics{"127.0.0.1:9467"};
  config::LogConfig log;
  // host:port of the EscalationService gRPC API; port 0 picks a free port.
  std::string grpc_listen = "127.0.0.1:50053";
  std::string calendar_base = "deploy/config/calendars/vn-public-sector.yaml";
  std::vector<std::string> calendar_overrides;
  std::string units_file = "deploy/config/reference/units.yaml";
  // processing.*
  int max_batch_records = 500;
  int poll_timeout_ms = 200;
  int max_backoff_ms = 5000;
  // delivery.*
  DeliveryPolicy delivery;
  WebhookConfig webhook;
  EmailConfig email;
  AlertmanagerConfig alertmanager;
  // escalation.* and policy.*
  escalation::PolicyConfig policy;

  LoopConfig loop() const;
};

// InvalidArgument listing every bad or unknown key by its full path.
// `effective`, when given, receives every key read with its value as YAML
// (`--print-config`).
absl::StatusOr<EscalatorConfig> DecodeEscalatorConfig(
    const YAML::Node& tree, std::string* effective = nullptr);

}  // namespace giamsat::escalator
