// Start-up checks and topic management against the Kafka brokers.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/config/sections.h"

namespace giamsat::kafka {

// OkStatus once a broker answered a metadata request within
// config.connect_timeout_ms; Unavailable naming the bootstrap otherwise.
absl::Status CheckReachable(const config::KafkaConfig& config);

// Creates each missing topic with config.partitions partitions and
// config.replication_factor replicas; existing topics are left alone.
absl::Status EnsureTopics(const config::KafkaConfig& config,
                          const std::vector<std::string>& topics);

}  // namespace giamsat::kafka
