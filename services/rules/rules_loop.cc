#include "services/rules/rules_loop.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "common/events/consumer_loop.h"
#include "spdlog/spdlog.h"

namespace giamsat::rules {

absl::Status RulesLoop::Rewind() {
  return events::RewindToStored(source_, processor_.owned(),
                                [this](const events::TopicPartition& tp) {
                                  return processor_.StoredOffset(tp);
                                });
}

void RulesLoop::UpdateBehind(const std::vector<events::InRecord>& records) {
  // The next offset to read of each partition in the batch.
  std::map<std::pair<std::string, int32_t>, int64_t> next;
  for (const events::InRecord& r : records) {
    int64_t& n = next[{r.topic, r.partition}];
    n = std::max(n, r.offset + 1);
  }
  const bool full = records.size() >= config_.max_batch_records;
  const std::vector<events::TopicPartition>& was = processor_.behind();
  std::vector<events::TopicPartition> behind;
  for (const events::TopicPartition& tp : processor_.owned()) {
    // After a partial batch the consumer had no more to give: caught up,
    // whatever the end offsets say (they can count offsets without records).
    bool is_behind = false;
    if (auto it = next.find({tp.topic, tp.partition});
        full && it != next.end()) {
      const std::optional<int64_t> end = source_.EndOffset(tp);
      is_behind = end.has_value() && *end > it->second;
    } else if (full) {
      is_behind = std::find(was.begin(), was.end(), tp) != was.end();
    }
    if (is_behind) behind.push_back(tp);
  }
  if (!behind.empty() && was.empty()) {
    spdlog::info(
        "catching up with the log on {} partition(s): timers fire by event "
        "time until caught up",
        behind.size());
  } else if (behind.empty() && !was.empty()) {
    spdlog::info("caught up with the log: timers fire by the clock again");
  }
  processor_.SetBehind(std::move(behind));
}

absl::Status RulesLoop::RunOnce() {
  absl::StatusOr<std::vector<events::InRecord>> records =
      source_.Poll(config_.max_batch_records, config_.poll_timeout);
  if (!records.ok()) return records.status();
  UpdateBehind(*records);
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
    if (absl::Status u = units_->MaybeRun(processor_.owned(),
                                          processor_.FenceOf(units_->leader()));
        !u.ok()) {
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
