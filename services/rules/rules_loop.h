// RulesLoop: the consumer thread of giamsat-rules. Polls the event log,
// hands each batch to the BatchProcessor and, when a commit fails (state
// store unreachable), seeks every owned partition back to its stored offset
// and tries again with capped exponential back-off; nothing is skipped.
#pragma once

#include <atomic>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/events/event_log.h"
#include "services/rules/batch_processor.h"

namespace giamsat::rules {

struct LoopConfig {
  size_t max_batch_records = 500;
  absl::Duration poll_timeout = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
};

class RulesLoop {
 public:
  RulesLoop(events::RecordSource& source, BatchProcessor& processor,
            LoopConfig config)
      : source_(source), processor_(processor), config_(config) {}

  // One poll and its processing. On a failed batch, rewinds and returns the
  // error; the next call processes the same records again.
  absl::Status RunOnce();

  // Runs until Stop(); returns the error that made it give up, if any.
  absl::Status Run();
  void Stop() { stop_ = true; }

 private:
  absl::Status Rewind();

  events::RecordSource& source_;
  BatchProcessor& processor_;
  const LoopConfig config_;
  std::atomic<bool> stop_{false};
};

}  // namespace giamsat::rules
