// Typed configuration of giamsat-query (see deploy/config/query.yaml).
#pragma once

#include "absl/status/statusor.h"
#include "common/config/sections.h"
#include "yaml-cpp/yaml.h"

namespace giamsat::query {

struct QueryConfig {
  config::RedisConfig redis;
  config::MetricsConfig metrics{"127.0.0.1:9466"};
  config::LogConfig log;
  // gRPC QueryService address; port 0 picks a free port.
  std::string grpc_listen = "127.0.0.1:50052";
};

absl::StatusOr<QueryConfig> DecodeQueryConfig(const YAML::Node& tree);

}  // namespace giamsat::query
