// KafkaPublisher: the EventPublisher port on an idempotent librdkafka
// producer (acks=all). PublishBatch returns once every record is acknowledged
// by the brokers or has failed (after kafka.delivery_timeout_ms at most).
// Safe for concurrent use. Errors per record: Unavailable when the brokers
// could not take it in time or the local queue is full (retry later),
// InvalidArgument for a record the brokers will never take (too large).
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/config/sections.h"
#include "common/events/event_log.h"
#include "prometheus/registry.h"

namespace giamsat::kafka {

class KafkaPublisher final : public events::EventPublisher {
 public:
  static absl::StatusOr<std::unique_ptr<KafkaPublisher>> Create(
      const config::KafkaConfig& config, const std::string& client_id,
      prometheus::Registry& registry);
  ~KafkaPublisher() override;

  std::vector<absl::Status> PublishBatch(
      const std::vector<events::OutRecord>& records) override;

 private:
  class Impl;
  explicit KafkaPublisher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace giamsat::kafka
