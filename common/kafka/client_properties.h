// The librdkafka properties of our clients, derived from KafkaConfig.
//
// Pure: returns name/value pairs; the adapters apply them. Secrets are read
// from the environment variables the config names, never from the config.
#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "common/config/sections.h"

namespace giamsat::kafka {

using Properties = std::map<std::string, std::string>;

// Properties shared by every client (brokers, security, client id).
absl::StatusOr<Properties> CommonProperties(const config::KafkaConfig& config,
                                            const std::string& client_id);
// Idempotent producer with acks=all.
absl::StatusOr<Properties> ProducerProperties(const config::KafkaConfig& config,
                                              const std::string& client_id);
// Consumer-group member that never commits on its own.
absl::StatusOr<Properties> ConsumerProperties(const config::KafkaConfig& config,
                                              const std::string& client_id);

}  // namespace giamsat::kafka
