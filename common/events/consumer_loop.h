// The steps every consumer loop shares (rules, escalator): rewinding owned
// partitions to the offsets stored with the state after a failed batch,
// reporting progress for lag monitoring, and running rounds with capped
// exponential back-off. The state store's offsets, not Kafka's, decide
// where processing resumes.
#pragma once

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/events/event_log.h"

namespace giamsat::events {

// Seeks every partition of `owned` to its stored next offset (0 when none).
absl::Status RewindToStored(RecordSource& source,
                            const std::vector<TopicPartition>& owned,
                            const StartOffsetFn& stored);

// Tells `source` the next offset of every partition seen in `records`.
void ReportConsumed(RecordSource& source, const std::vector<InRecord>& records);

// Calls `round` until `stop` is set. A failed round is logged and retried
// after a back-off doubling from 100 ms up to `max_backoff`; DataLoss and
// Internal errors are returned at once (restart from stored state).
absl::Status RunWithBackoff(const std::function<absl::Status()>& round,
                            const std::atomic<bool>& stop,
                            absl::Duration max_backoff);

// The thread a service's consumer loop runs on. Start() runs `run` on it;
// when `run` returns an error it is logged as critical and `on_failure` is
// called from that thread (main() then shuts down). Join() calls `stop`,
// waits for the thread and returns what `run` returned.
class ConsumerThread {
 public:
  ~ConsumerThread();
  void Start(std::function<absl::Status()> run,
             std::function<void()> on_failure);
  absl::Status Join(const std::function<void()>& stop);

 private:
  std::thread thread_;
  absl::Status status_;
};

}  // namespace giamsat::events
