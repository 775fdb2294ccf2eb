// EmbeddedEventLog: the event log of the standalone mode, on EmbeddedDb.
// It is the EventPublisher the ingestor (and the rules service's alerts,
// the escalator's audit) write to and, through NewSource(), the
// RecordSource each consumer reads from, with Kafka's semantics: a topic
// has `partitions` partitions, a record goes to the partition of a stable
// hash of its key, offsets count from 0 per partition without gaps, and a
// source owns every partition of its topics and starts each at the offset
// its StartOffsetFn returns (the state store's, as with Kafka).
//
// Each record keeps the time it was appended (the clock's, like Kafka's
// LogAppendTime), read back as InRecord::log_time; records appended before
// the log kept it have none (InfinitePast).
// A record is durable (in the write-ahead log) once PublishBatch returned
// OkStatus for it; a batch is written atomically. Records are kept forever
// (a ward's volume is small; ExportTo copies them to Kafka).
// Safe for concurrent use; each source is used by one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/core/clock.h"
#include "common/embedded/embedded_db.h"
#include "common/events/event_log.h"

namespace giamsat::embedded {

class EmbeddedEventLog final : public events::EventPublisher {
 public:
  // Reads the end offset of every partition already in `db`. `clock`
  // stamps appended records and must outlive the log.
  static absl::StatusOr<std::unique_ptr<EmbeddedEventLog>> Open(
      std::shared_ptr<EmbeddedDb> db, int partitions, const core::Clock& clock);

  std::vector<absl::Status> PublishBatch(
      const std::vector<events::OutRecord>& records) override;

  // A source owning every partition of `topics`.
  std::unique_ptr<events::RecordSource> NewSource(
      std::vector<std::string> topics, events::StartOffsetFn start,
      events::AssignmentFn on_assign = nullptr);

  // Records of (topic, partition) from `offset` on, at most `max`.
  absl::StatusOr<std::vector<events::InRecord>> Read(
      const events::TopicPartition& tp, int64_t offset, size_t max) const;
  // The next offset to be written of every partition written so far.
  std::map<std::pair<std::string, int32_t>, int64_t> EndOffsets() const;

  // Where the consumer of (topic, partition) resumes: set when a source
  // is assigned the partition and whenever it reports progress.
  void MarkProcessed(const events::TopicPartition& tp, int64_t next);
  // End offset minus processed offset of every consumed partition.
  std::map<std::pair<std::string, int32_t>, int64_t> Lag() const;

  int partitions() const { return partitions_; }
  int32_t PartitionOf(const std::string& key) const;

  // Blocks until a record is appended after `seen_version` or `timeout`
  // passes; returns the current version.
  uint64_t WaitForAppend(uint64_t seen_version, absl::Duration timeout) const;
  uint64_t version() const;

 private:
  EmbeddedEventLog(std::shared_ptr<EmbeddedDb> db, int partitions,
                   const core::Clock& clock)
      : db_(std::move(db)), partitions_(partitions), clock_(clock) {}

  std::shared_ptr<EmbeddedDb> db_;
  const int partitions_;
  const core::Clock& clock_;
  // Serialises offset assignment and the write, so offsets have no gaps.
  absl::Mutex write_mu_;
  mutable absl::Mutex mu_;
  std::map<std::pair<std::string, int32_t>, int64_t> end_ ABSL_GUARDED_BY(mu_);
  uint64_t version_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<std::pair<std::string, int32_t>, int64_t> processed_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace giamsat::embedded
