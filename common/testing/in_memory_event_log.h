// InMemoryEventLog: an event log fake for unit tests. It is both the
// EventPublisher the ingestor writes to and, through NewSource(), the
// RecordSource the rules service reads from, with Kafka's semantics: records
// are partitioned by a hash of their key, ordered per partition, and a source
// starts each partition at the offset its StartOffsetFn returns.
// With a clock, records carry its time as their log time.
// Safe for concurrent use. FailNextPublishes(n) makes the next n records fail
// with Unavailable, to test retries and back-pressure.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/core/clock.h"
#include "common/events/event_log.h"

namespace giamsat::testing {

class InMemoryEventLog final : public events::EventPublisher {
 public:
  explicit InMemoryEventLog(int partitions = 3,
                            const core::Clock* clock = nullptr)
      : partitions_(partitions), clock_(clock) {}

  std::vector<absl::Status> PublishBatch(
      const std::vector<events::OutRecord>& records) override;

  // A source reading `topics` from the offsets `start` gives.
  std::unique_ptr<events::RecordSource> NewSource(
      std::vector<std::string> topics, events::StartOffsetFn start,
      events::AssignmentFn on_assign = nullptr);

  void FailNextPublishes(int n);
  // Every record of `topic`, in partition then offset order.
  std::vector<events::InRecord> Records(const std::string& topic) const;
  int partitions() const { return partitions_; }
  int32_t PartitionOf(const std::string& key) const;

 private:
  friend class InMemorySource;
  const int partitions_;
  const core::Clock* const clock_;
  mutable absl::Mutex mu_;
  std::map<std::pair<std::string, int32_t>, std::vector<events::InRecord>> log_
      ABSL_GUARDED_BY(mu_);
  int fail_next_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace giamsat::testing
