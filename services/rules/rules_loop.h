// RulesLoop: the consumer thread of giamsat-rules. Polls the event log,
// hands each batch to the BatchProcessor, fires the timers that fell due and
// publishes pending alerts. With a UnitEvaluator, the unit rules run too
// (on the instance owning the leader partition). When a commit fails (state
// store unreachable), it seeks every owned partition back to its stored offset
// and tries again with capped exponential back-off; nothing is skipped.
// With a ProgressReporter, it reports how far it got after each round.
// Before each batch it tells the processor which partitions are still
// behind the log's end, so that nothing is declared overdue by the wall
// clock while catching up (BatchProcessor::SetBehind). A partition counts
// as behind from its assignment until the log has told where it ends, and
// after a batch that stops more than kOffsetsWithoutRecords short of that
// end; no timer fires while a partition behind has not been read from.
#pragma once

#include <atomic>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/events/event_log.h"
#include "services/rules/alert_outbox.h"
#include "services/rules/batch_processor.h"
#include "services/rules/progress_reporter.h"
#include "services/rules/unit_evaluator.h"

namespace giamsat::rules {

// Offsets past a partition's last record that may hold no record
// (transaction markers): a consumer this close to the end is caught up.
inline constexpr int64_t kOffsetsWithoutRecords = 16;

struct LoopConfig {
  size_t max_batch_records = 500;
  absl::Duration poll_timeout = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
};

class RulesLoop {
 public:
  RulesLoop(events::RecordSource& source, BatchProcessor& processor,
            AlertOutbox& outbox, events::EventPublisher& alerts,
            LoopConfig config, UnitEvaluator* units = nullptr,
            ProgressReporter* progress = nullptr)
      : source_(source),
        processor_(processor),
        outbox_(outbox),
        alerts_(alerts),
        config_(config),
        units_(units),
        progress_(progress) {}

  // One poll and its processing, then due timers and pending alerts. On a
  // failed batch, rewinds and returns the error; the next call processes the
  // same records again.
  absl::Status RunOnce();

  // Runs until Stop(); returns the error that made it give up, if any.
  absl::Status Run();
  void Stop() { stop_ = true; }

 private:
  absl::Status Rewind();
  // Marks behind each owned partition whose end is not known yet, or whose
  // next offset to read (after `records`, or as committed) is short of its
  // end: at all after a full batch that read from it, by more than
  // kOffsetsWithoutRecords otherwise.
  void UpdateBehind(const std::vector<events::InRecord>& records);

  events::RecordSource& source_;
  BatchProcessor& processor_;
  AlertOutbox& outbox_;
  events::EventPublisher& alerts_;
  const LoopConfig config_;
  UnitEvaluator* const units_;        // optional
  ProgressReporter* const progress_;  // optional
  std::atomic<bool> stop_{false};
};

}  // namespace giamsat::rules
