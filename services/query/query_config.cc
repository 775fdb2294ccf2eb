#include "services/query/query_config.h"

namespace giamsat::query {

absl::StatusOr<QueryConfig> DecodeQueryConfig(const YAML::Node& tree) {
  QueryConfig c;
  config::ConfigReader root(tree, "");
  config::Decode(root.Section("redis"), c.redis);
  config::Decode(root.Section("metrics"), c.metrics);
  config::Decode(root.Section("log"), c.log);
  root.Section("grpc").Read("listen", c.grpc_listen);
  if (absl::Status s = root.Finish(); !s.ok()) return s;
  return c;
}

}  // namespace giamsat::query
