#include "services/escalator/escalator_loop.h"

#include "common/events/consumer_loop.h"

namespace giamsat::escalator {

absl::Status EscalatorLoop::RunOnce() {
  absl::StatusOr<std::vector<events::InRecord>> records =
      source_.Poll(config_.max_batch_records, config_.poll_timeout);
  if (!records.ok()) return records.status();
  if (absl::Status s = core_.Process(*records); !s.ok()) {
    absl::Status rewound = events::RewindToStored(
        source_, core_.owned(), [this](const events::TopicPartition& tp) {
          return core_.StoredOffset(tp);
        });
    if (!rewound.ok()) {
      return absl::InternalError("cannot rewind after a failed batch (" +
                                 s.ToString() + "): " + rewound.ToString());
    }
    return s;
  }
  events::ReportConsumed(source_, *records);
  absl::Status ticked = core_.Tick();
  absl::Status delivered = core_.Deliver(log_);
  absl::Status flushed = core_.FlushAudit(log_);
  for (const absl::Status& s : {ticked, delivered, flushed}) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status EscalatorLoop::Run() {
  return events::RunWithBackoff([this] { return RunOnce(); }, stop_,
                                config_.max_backoff);
}

}  // namespace giamsat::escalator
