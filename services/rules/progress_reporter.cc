#include "services/rules/progress_reporter.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/core/proto_time.h"
#include "giamsat/v1/state.pb.h"

namespace giamsat::rules {

void ProgressReporter::Applied(const std::vector<events::InRecord>& records) {
  for (const events::InRecord& r : records) {
    Position& p = applied_[{r.topic, r.partition}];
    p.next = std::max(p.next, r.offset + 1);
    if (r.log_time != absl::InfinitePast()) {
      p.log_time = std::max(p.log_time, r.log_time);
    }
  }
}

absl::Status ProgressReporter::MaybeReport(
    const std::vector<events::TopicPartition>& owned,
    events::RecordSource& source, const events::StartOffsetFn& stored) {
  const absl::Time now = clock_.Now();
  if (now - last_report_ < interval_ || owned.empty()) return absl::OkStatus();
  // Positions of partitions owned before a rebalance are stale now.
  std::erase_if(applied_, [&](const auto& entry) {
    return std::find(owned.begin(), owned.end(),
                     events::TopicPartition{entry.first.first,
                                            entry.first.second}) == owned.end();
  });
  store::WriteBatch batch;
  for (const events::TopicPartition& tp : owned) {
    v1::PartitionProgress p;
    p.set_topic(tp.topic);
    p.set_partition(tp.partition);
    Position position;
    if (auto it = applied_.find({tp.topic, tp.partition});
        it != applied_.end()) {
      position = it->second;
    } else {
      absl::StatusOr<std::optional<int64_t>> next = stored(tp);
      if (!next.ok()) return next.status();
      position.next = next->value_or(0);
    }
    p.set_next_offset(position.next);
    const std::optional<int64_t> end = source.EndOffset(tp);
    if (!end.has_value()) continue;  // not learnt yet: nothing honest to say
    p.set_end_offset(*end);
    if (position.next >= *end) {
      *p.mutable_covered_until() = core::ToProto(now);
    } else if (position.log_time != absl::InfinitePast()) {
      *p.mutable_covered_until() = core::ToProto(position.log_time);
    }
    *p.mutable_reported_at() = core::ToProto(now);
    batch.HashPut(layout_.IngestProgress(),
                  absl::StrCat(tp.topic, "/", tp.partition),
                  p.SerializeAsString());
  }
  absl::StatusOr<store::CommitOutcome> committed = store_.Commit(batch);
  if (!committed.ok()) return committed.status();
  last_report_ = now;
  return absl::OkStatus();
}

}  // namespace giamsat::rules
