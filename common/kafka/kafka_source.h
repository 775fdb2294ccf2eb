// KafkaSource: the RecordSource port on a librdkafka consumer-group member.
//
// When partitions are assigned, each starts at the offset StartOffsetFn
// returns (the state store's, not Kafka's committed offsets) and AssignmentFn
// is told the new set before any record of it is returned. Offsets committed
// to Kafka (ReportProcessed) only feed lag monitoring. EndOffset is the
// high watermark of the last fetch answer (unknown until the first one for
// the partition, within fetch.wait.max.ms of the assignment); it never
// blocks.
// Not thread-safe: one thread polls.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/sections.h"
#include "common/events/event_log.h"
#include "prometheus/registry.h"

namespace giamsat::kafka {

class KafkaSource final : public events::RecordSource {
 public:
  static absl::StatusOr<std::unique_ptr<KafkaSource>> Create(
      const config::KafkaConfig& config, const std::string& client_id,
      std::vector<std::string> topics, events::StartOffsetFn start,
      events::AssignmentFn on_assign, prometheus::Registry& registry);
  ~KafkaSource() override;

  absl::StatusOr<std::vector<events::InRecord>> Poll(
      size_t max_records, absl::Duration timeout) override;
  absl::Status Seek(const events::TopicPartition& tp, int64_t offset) override;
  void ReportProcessed(const events::TopicPartition& tp, int64_t next) override;
  std::optional<int64_t> EndOffset(const events::TopicPartition& tp) override;
  // Leaves the group cleanly (partitions are handed over at once).
  void Close();

 private:
  class Impl;
  explicit KafkaSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A SourceFactory of KafkaSources over `config` (which must outlive it);
// `*created` is set to each source it creates, for main() to Close() it at
// shutdown.
events::SourceFactory KafkaSourceFactory(const config::KafkaConfig& config,
                                         std::string client_id,
                                         prometheus::Registry& registry,
                                         KafkaSource** created);

}  // namespace giamsat::kafka
