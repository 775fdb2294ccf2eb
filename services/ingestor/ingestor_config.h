// Typed configuration of giamsat-ingestor (see deploy/config/ingestor.yaml
// for every key with its default).
#pragma once

#include "absl/status/statusor.h"
#include "common/config/sections.h"
#include "services/ingestor/validator.h"
#include "yaml-cpp/yaml.h"

namespace giamsat::ingestor {

struct IngestorConfig {
  config::KafkaConfig kafka;
  config::MetricsConfig metrics{"127.0.0.1:9464"};
  config::LogConfig log;
  // gRPC IngestService address; port 0 picks a free port.
  std::string grpc_listen = "127.0.0.1:50051";
  // HTTP JSON address (POST /v1/events); port 0 picks a free port.
  std::string http_listen = "127.0.0.1:8080";
  // Largest accepted HTTP body and gRPC message, in bytes.
  int max_request_bytes = 4 * 1024 * 1024;
  // Most events accepted in one HTTP array or gRPC batch.
  int max_batch_events = 1000;
  // Seconds occurredAt may lie in the future (clock skew of sources).
  int max_future_skew_seconds = 300;

  ValidationConfig validation() const;
};

absl::StatusOr<IngestorConfig> DecodeIngestorConfig(const YAML::Node& tree);

}  // namespace giamsat::ingestor
