#include "services/ingestor/ingestor_config.h"

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace giamsat::ingestor {

ValidationConfig IngestorConfig::validation() const {
  ValidationConfig v;
  v.max_future_skew = absl::Seconds(max_future_skew_seconds);
  v.max_id_length = max_id_length;
  v.enforce_units = enforce_units;
  v.enforce_procedures = enforce_procedures;
  return v;
}

PipelineOptions IngestorConfig::pipeline() const {
  PipelineOptions p;
  p.validation = validation();
  p.max_inflight_bytes = max_inflight_bytes;
  p.request_timeout = absl::Milliseconds(request_timeout_ms);
  p.retry_after = absl::Seconds(retry_after_seconds);
  return p;
}

ReferenceFiles IngestorConfig::reference_files() const {
  ReferenceFiles f;
  f.units_file = units_file;
  f.procedures_file = procedures_file;
  f.reload_interval = absl::Seconds(reload_interval_seconds);
  return f;
}

PiiPolicy IngestorConfig::pii_policy() const {
  PiiPolicy p;
  p.drop_fields = pii_drop_fields;
  p.hash_fields = pii_hash_fields;
  p.redact_digit_runs = pii_redact_digit_runs;
  if (!pii_hash_key_env.empty()) {
    if (const char* key = std::getenv(pii_hash_key_env.c_str())) {
      p.hash_key = key;
    }
  }
  return p;
}

absl::Duration IngestorConfig::dedup_pending_ttl() const {
  return absl::Milliseconds(kafka.delivery_timeout_ms) +
         absl::Milliseconds(request_timeout_ms) + absl::Minutes(1);
}

absl::StatusOr<IngestorConfig> DecodeIngestorConfig(const YAML::Node& tree,
                                                    std::string* effective) {
  IngestorConfig c;
  config::ConfigReader root(tree, "");
  config::Decode(root.Section("kafka"), c.kafka);
  config::Decode(root.Section("redis"), c.redis);
  config::Decode(root.Section("metrics"), c.metrics);
  config::Decode(root.Section("log"), c.log);
  config::ConfigReader& grpc = root.Section("grpc");
  grpc.Read("listen", c.grpc_listen);
  config::ConfigReader& http = root.Section("http");
  http.Read("listen", c.http_listen);

  config::ConfigReader& limits = root.Section("limits");
  limits.Read("max_request_bytes", c.max_request_bytes);
  limits.Read("max_batch_events", c.max_batch_events);
  limits.Read("max_inflight_bytes", c.max_inflight_bytes);
  limits.Read("request_timeout_ms", c.request_timeout_ms);
  limits.Read("retry_after_seconds", c.retry_after_seconds);
  limits.Read("max_concurrent_requests", c.max_concurrent_requests);
  if (c.max_request_bytes < 1024) {
    limits.Fail("max_request_bytes", "must be at least 1024");
  }
  if (c.max_batch_events < 1) limits.Fail("max_batch_events", "must be >= 1");
  if (c.max_inflight_bytes < 4 * static_cast<int64_t>(c.max_request_bytes)) {
    limits.Fail("max_inflight_bytes",
                "must be at least 4 x limits.max_request_bytes");
  }
  if (c.request_timeout_ms < 1) {
    limits.Fail("request_timeout_ms", "must be > 0");
  }
  if (c.retry_after_seconds < 1) {
    limits.Fail("retry_after_seconds", "must be >= 1");
  }
  if (c.max_concurrent_requests < 1) {
    limits.Fail("max_concurrent_requests", "must be >= 1");
  }

  config::ConfigReader& validation = root.Section("validation");
  validation.Read("max_future_skew_seconds", c.max_future_skew_seconds);
  validation.Read("max_id_length", c.max_id_length);
  if (c.max_future_skew_seconds < 0) {
    validation.Fail("max_future_skew_seconds", "must be >= 0");
  }
  if (c.max_id_length < 1) validation.Fail("max_id_length", "must be >= 1");

  config::ConfigReader& dedup = root.Section("dedup");
  dedup.Read("window_seconds", c.dedup_window_seconds);
  if (c.dedup_window_seconds < 1) {
    dedup.Fail("window_seconds", "must be >= 1");
  }

  config::ConfigReader& reference = root.Section("reference");
  reference.Read("units_file", c.units_file);
  reference.Read("procedures_file", c.procedures_file);
  reference.Read("enforce_units", c.enforce_units);
  reference.Read("enforce_procedures", c.enforce_procedures);
  reference.Read("reload_interval_seconds", c.reload_interval_seconds);
  if (c.reload_interval_seconds < 1) {
    reference.Fail("reload_interval_seconds", "must be >= 1");
  }

  config::ConfigReader& pii = root.Section("pii");
  pii.Read("drop_fields", c.pii_drop_fields);
  pii.Read("hash_fields", c.pii_hash_fields);
  pii.Read("hash_key_env", c.pii_hash_key_env);
  pii.Read("redact_digit_runs", c.pii_redact_digit_runs);
  if (c.pii_redact_digit_runs < 0) {
    pii.Fail("redact_digit_runs", "must be >= 0");
  }
  PiiPolicy policy;
  policy.drop_fields = c.pii_drop_fields;
  policy.hash_fields = c.pii_hash_fields;
  if (std::vector<std::string> clash = PiiNamesClashingWithSchema(policy);
      !clash.empty()) {
    pii.Fail("drop_fields",
             absl::StrCat("names fields of the event schema, which would be "
                          "dropped: ",
                          absl::StrJoin(clash, ", ")));
  }
  if (effective != nullptr) *effective = root.EffectiveYaml();
  if (absl::Status s = root.Finish(); !s.ok()) return s;
  return c;
}

void ResolveRelativePaths(IngestorConfig& config,
                          const std::string& config_path) {
  if (config_path.empty()) return;
  const std::filesystem::path dir =
      std::filesystem::path(config_path).parent_path();
  for (std::string* p : {&config.units_file, &config.procedures_file}) {
    if (!p->empty() && std::filesystem::path(*p).is_relative()) {
      *p = (dir / *p).lexically_normal().string();
    }
  }
}

}  // namespace giamsat::ingestor
