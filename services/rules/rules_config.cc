#include "services/rules/rules_config.h"

namespace giamsat::rules {

LoopConfig RulesConfig::loop() const {
  LoopConfig l;
  l.max_batch_records = static_cast<size_t>(max_batch_records);
  l.poll_timeout = absl::Milliseconds(poll_timeout_ms);
  l.max_backoff = absl::Milliseconds(max_backoff_ms);
  return l;
}

absl::StatusOr<RulesConfig> DecodeRulesConfig(const YAML::Node& tree) {
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
  if (absl::Status s = root.Finish(); !s.ok()) return s;
  return c;
}

}  // namespace giamsat::rules
