#include "services/ingestor/ingestor_config.h"

namespace giamsat::ingestor {

ValidationConfig IngestorConfig::validation() const {
  ValidationConfig v;
  v.max_future_skew = absl::Seconds(max_future_skew_seconds);
  return v;
}

absl::StatusOr<IngestorConfig> DecodeIngestorConfig(const YAML::Node& tree) {
  IngestorConfig c;
  config::ConfigReader root(tree, "");
  config::Decode(root.Section("kafka"), c.kafka);
  config::Decode(root.Section("metrics"), c.metrics);
  config::Decode(root.Section("log"), c.log);
  config::ConfigReader& grpc = root.Section("grpc");
  grpc.Read("listen", c.grpc_listen);
  config::ConfigReader& http = root.Section("http");
  http.Read("listen", c.http_listen);
  config::ConfigReader& limits = root.Section("limits");
  limits.Read("max_request_bytes", c.max_request_bytes);
  limits.Read("max_batch_events", c.max_batch_events);
  if (c.max_request_bytes < 1024) {
    limits.Fail("max_request_bytes", "must be at least 1024");
  }
  if (c.max_batch_events < 1) limits.Fail("max_batch_events", "must be >= 1");
  config::ConfigReader& validation = root.Section("validation");
  validation.Read("max_future_skew_seconds", c.max_future_skew_seconds);
  if (c.max_future_skew_seconds < 0) {
    validation.Fail("max_future_skew_seconds", "must be >= 0");
  }
  if (absl::Status s = root.Finish(); !s.ok()) return s;
  return c;
}

}  // namespace giamsat::ingestor
