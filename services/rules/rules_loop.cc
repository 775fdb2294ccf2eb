#include "services/rules/rules_loop.h"

#include <algorithm>

#include "spdlog/spdlog.h"

namespace giamsat::rules {

absl::Status RulesLoop::Rewind() {
  for (const auto& tp : processor_.owned()) {
    absl::StatusOr<std::optional<int64_t>> stored = processor_.StoredOffset(tp);
    if (!stored.ok()) return stored.status();
    if (absl::Status s = source_.Seek(tp, stored->value_or(0)); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
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
  std::map<std::pair<std::string, int32_t>, int64_t> last;
  for (const auto& r : *records) last[{r.topic, r.partition}] = r.offset + 1;
  for (const auto& [tp, next] : last) {
    source_.ReportProcessed({tp.first, tp.second}, next);
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
  absl::Duration backoff = absl::Milliseconds(100);
  while (!stop_) {
    absl::Status s = RunOnce();
    if (s.ok()) {
      backoff = absl::Milliseconds(100);
      continue;
    }
    if (s.code() == absl::StatusCode::kDataLoss ||
        s.code() == absl::StatusCode::kInternal) {
      return s;
    }
    spdlog::warn("batch failed, retrying in {}: {}",
                 absl::FormatDuration(backoff), s.ToString());
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, config_.max_backoff);
  }
  return absl::OkStatus();
}

}  // namespace giamsat::rules
