// EscalatorLoop: the consumer thread of giamsat-escalator. Each round polls
// the alerts topic, hands the records to the core, acts on what fell due,
// attempts due deliveries and publishes the audit outbox. A failed batch is
// rewound and retried as in common/events/consumer_loop.h.
#pragma once

#include <atomic>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/events/event_log.h"
#include "services/escalator/escalator_core.h"

namespace giamsat::escalator {

struct LoopConfig {
  size_t max_batch_records = 500;
  absl::Duration poll_timeout = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(5);
};

class EscalatorLoop {
 public:
  EscalatorLoop(events::RecordSource& source, EscalatorCore& core,
                events::EventPublisher& log, LoopConfig config)
      : source_(source), core_(core), log_(log), config_(config) {}

  // One round; on a failed batch rewinds and returns the error.
  absl::Status RunOnce();
  // Runs until Stop(); returns the error that made it give up, if any.
  absl::Status Run();
  void Stop() { stop_ = true; }

 private:
  events::RecordSource& source_;
  EscalatorCore& core_;
  events::EventPublisher& log_;
  const LoopConfig config_;
  std::atomic<bool> stop_{false};
};

}  // namespace giamsat::escalator
