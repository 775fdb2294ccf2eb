// Event log ports: where accepted events are written and read back.
//
// Served by Kafka (common/kafka) in the distributed mode and by an in-memory
// log in tests. A record is durable once PublishBatch returned OkStatus for
// it. Records with the same key keep their order within a topic.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace giamsat::events {

struct OutRecord {
  std::string topic;
  std::string key;
  std::string value;
};

struct InRecord {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  std::string key;
  std::string value;
  // When the log took the record (Kafka: the record timestamp);
  // InfinitePast when unknown.
  absl::Time log_time = absl::InfinitePast();
};

struct TopicPartition {
  std::string topic;
  int32_t partition = 0;
  bool operator==(const TopicPartition&) const = default;
};

// Writes records. Safe for concurrent use.
class EventPublisher {
 public:
  virtual ~EventPublisher() = default;
  // Writes every record; returns one status per record, in order: OkStatus
  // once durable, Unavailable when the log cannot take it now (retry), other
  // codes for records that can never be written.
  virtual std::vector<absl::Status> PublishBatch(
      const std::vector<OutRecord>& records) = 0;
};

// Where a newly assigned partition starts: the next offset to read, or
// nullopt for the beginning of the partition.
using StartOffsetFn = std::function<absl::StatusOr<std::optional<int64_t>>(
    const TopicPartition&)>;
// Told whenever the set of owned partitions changes (before new records).
using AssignmentFn = std::function<void(const std::vector<TopicPartition>&)>;

// Reads records of the partitions this instance owns. Not thread-safe: one
// consumer thread polls.
class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // Up to `max_records` records, waiting at most `timeout` for the first.
  // An empty vector means nothing arrived in time.
  virtual absl::StatusOr<std::vector<InRecord>> Poll(
      size_t max_records, absl::Duration timeout) = 0;
  // Moves the read position of an owned partition (after a failed batch).
  virtual absl::Status Seek(const TopicPartition& tp, int64_t offset) = 0;
  // Informs the log how far processing got (for lag monitoring only: the
  // state store's offsets, not these, decide where processing resumes).
  virtual void ReportProcessed(const TopicPartition& tp, int64_t next) = 0;
  // The end of an owned partition (the offset its next record will get) as
  // last learnt from the log, without a round trip; nullopt when not known
  // (Kafka: until the first fetch answer for it after the assignment).
  virtual std::optional<int64_t> EndOffset(const TopicPartition& tp) = 0;
};

// Creates a consumer's source of `topics` (KafkaSource::Create, or a source
// of the embedded log), so a service's wiring is the same in both modes.
using SourceFactory =
    std::function<absl::StatusOr<std::unique_ptr<RecordSource>>(
        std::vector<std::string> topics, StartOffsetFn start,
        AssignmentFn on_assign)>;

}  // namespace giamsat::events
