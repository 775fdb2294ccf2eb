// Typed configuration of giamsat-ingestor (see deploy/config/ingestor.yaml
// for every key with its default; docs/ingestion.md explains them).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/sections.h"
#include "services/ingestor/ingest_pipeline.h"
#include "services/ingestor/pii_scrubber.h"
#include "services/ingestor/reference_data.h"
#include "services/ingestor/validator.h"
#include "yaml-cpp/yaml.h"

namespace giamsat::ingestor {

struct IngestorConfig {
  config::KafkaConfig kafka;
  // The deduplication store (event ids written within the window).
  config::RedisConfig redis;
  config::MetricsConfig metrics{"127.0.0.1:9464"};
  config::LogConfig log;
  // gRPC IngestService address; port 0 picks a free port.
  std::string grpc_listen = "127.0.0.1:50051";
  // HTTP JSON address (POST /v1/events); port 0 picks a free port.
  std::string http_listen = "127.0.0.1:8080";

  // limits:
  // Largest accepted HTTP body, gRPC message and gRPC batch (all its
  // messages together), in bytes.
  int max_request_bytes = 4 * 1024 * 1024;
  // Most events accepted in one HTTP array or gRPC batch.
  int max_batch_events = 1000;
  // Bytes of events admitted whose Kafka write has not finished; beyond
  // it requests are answered UNAVAILABLE / 503 at once.
  int64_t max_inflight_bytes = 64 * 1024 * 1024;
  // Longest a caller waits for Kafka's acknowledgement, in milliseconds.
  int request_timeout_ms = 10000;
  // Retry-After (HTTP) / retry pushback (gRPC) after a Kafka failure or
  // when overloaded, in seconds; also how long new requests are refused
  // after a Kafka failure before the next attempt.
  int retry_after_seconds = 5;
  // Requests served at the same time per protocol (gRPC and HTTP threads).
  int max_concurrent_requests = 32;

  // validation:
  // Seconds occurredAt may lie in the future (clock skew of sources).
  int max_future_skew_seconds = 300;
  // Longest accepted id (event, source, subject, unit, procedure).
  int max_id_length = 128;

  // dedup:
  // How long an accepted event id is remembered (a re-sent copy within it
  // is answered duplicate and not written again), in seconds.
  int64_t dedup_window_seconds = 7 * 24 * 3600;

  // reference: (relative paths are relative to the config file's directory)
  // Units reference data; "" = none (unit ids are not checked).
  std::string units_file = "";
  // Procedures reference data; "" = none (procedure codes not checked).
  std::string procedures_file = "";
  // Reject unknown unit ids / procedure codes (when the file is set).
  bool enforce_units = true;
  bool enforce_procedures = true;
  // How often the files are checked for changes, in seconds.
  int reload_interval_seconds = 30;

  // pii:
  // JSON keys (any depth, case, '_' and '-' ignored) dropped from input.
  std::vector<std::string> pii_drop_fields = {
      "citizenName", "fullName",    "applicantName", "ownerName",   "hoTen",
      "phone",       "phoneNumber", "mobile",        "soDienThoai", "email",
      "address",     "diaChi",      "dateOfBirth",   "birthDate",   "ngaySinh"};
  // JSON keys whose value becomes citizenRef (keyed hash), then dropped.
  std::vector<std::string> pii_hash_fields = {
      "nationalId", "idNumber", "cccd", "cmnd", "soCccd", "passportNumber"};
  // Environment variable holding the hash key; unset or empty: hash fields
  // are only dropped (logged at start-up).
  std::string pii_hash_key_env = "GIAMSAT_PII_HASH_KEY";
  // Digit runs at least this long are masked in free text; 0 = off.
  int pii_redact_digit_runs = 9;

  ValidationConfig validation() const;
  PipelineOptions pipeline() const;
  ReferenceFiles reference_files() const;
  // The policy, with the key read from the environment (empty if unset).
  PiiPolicy pii_policy() const;
  // How long a claimed event id stays pending without an outcome: longer
  // than any write can take (Kafka delivery timeout + request timeout +
  // one minute).
  absl::Duration dedup_pending_ttl() const;
};

// InvalidArgument listing every bad or unknown key.
// `effective` (optional) receives ConfigReader::EffectiveYaml().
absl::StatusOr<IngestorConfig> DecodeIngestorConfig(
    const YAML::Node& tree, std::string* effective = nullptr);

// Makes the reference file paths absolute against the directory of
// `config_path` (unchanged when it is empty: relative to the working dir).
void ResolveRelativePaths(IngestorConfig& config,
                          const std::string& config_path);

}  // namespace giamsat::ingestor
