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
    const std::optional<int64_t> end = source_.EndOffset(tp);
    std::optional<int64_t> at;  // the next offset to read
    auto read = next.find({tp.topic, tp.partition});
    if (read != next.end()) {
      at = read->second;
    } else if (end.has_value()) {
      absl::StatusOr<int64_t> stored = processor_.NextOffset(tp);
      if (stored.ok()) at = *stored;
    }
    // Where the partition ends is not known until the log first answered
    // for it after the assignment: until then it counts as behind, so that
    // no deadline is judged by the clock while its backlog is unread.
    bool is_behind = true;
    if (end.has_value() && at.has_value()) {
      // A full batch may stop anywhere. Otherwise a few offsets past the
      // last record may hold no record (transaction markers); beyond those
      // the consumer has only not fetched them yet (a partial batch after a
      // restart, while the next fetch is on its way).
      const int64_t slack =
          full && read != next.end() ? 0 : kOffsetsWithoutRecords;
      is_behind = *end - *at > slack;
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
  // A partition behind but not read from yet: how far its events have got
  // is not known, so no timer can be judged until it is.
  if (!processor_.BehindUnread()) {
    if (absl::Status t = processor_.FireDueTimers(); !t.ok()) return t;
  }
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
