#include "services/rules/rules_loop.h"

#include "common/events/consumer_loop.h"

namespace giamsat::rules {

absl::Status RulesLoop::Rewind() {
  return events::RewindToStored(source_, processor_.owned(),
                                [this](const events::TopicPartition& tp) {
                                  return processor_.StoredOffset(tp);
                                });
}

absl::Status RulesLoop::RunOnce() {
  absl::StatusOr<std::vector<events::InRecord>> records =
      source_.Poll(config_.max_batch_records, config_.poll_timeout);
  if (!records.ok()) return records.status();
  absl::Status s = processor_.Process(*records);
  if (!s.ok()) {
    absl::Status rewound = Rewind();
    if (!rewound.ok()) {
      // Reading on past unapplied records would lose them: give up, and
      // let the restart resume from the stored offsets.
      return absl::InternalError("cannot rewind after a failed batch (" +
                                 s.ToString() + "): " + rewound.ToString());
    }
    return s;
  }
  events::ReportConsumed(source_, *records);
  if (progress_ != nullptr) {
    progress_->Applied(*records);
    if (absl::Status p =
            progress_->MaybeReport(processor_.owned(), source_,
                                   [this](const events::TopicPartition& tp) {
                                     return processor_.StoredOffset(tp);
                                   });
        !p.ok()) {
      return p;
    }
  }
  if (absl::Status t = processor_.FireDueTimers(); !t.ok()) return t;
  if (units_ != nullptr) {
    if (absl::Status u = units_->MaybeRun(processor_.owned()); !u.ok()) {
      return u;
    }
  }
  return outbox_.Flush(alerts_);
}

absl::Status RulesLoop::Run() {
  return events::RunWithBackoff([this] { return RunOnce(); }, stop_,
                                config_.max_backoff);
}

}  // namespace giamsat::rules
