#include "common/testing/in_memory_event_log.h"

#include <functional>

#include "common/events/whole_assignment.h"

namespace giamsat::testing {

int32_t InMemoryEventLog::PartitionOf(const std::string& key) const {
  return static_cast<int32_t>(std::hash<std::string>{}(key) % partitions_);
}

std::vector<absl::Status> InMemoryEventLog::PublishBatch(
    const std::vector<events::OutRecord>& records) {
  absl::MutexLock lock(&mu_);
  std::vector<absl::Status> out;
  out.reserve(records.size());
  for (const auto& r : records) {
    if (fail_next_ > 0) {
      --fail_next_;
      out.push_back(absl::UnavailableError("injected publish failure"));
      continue;
    }
    const int32_t p = PartitionOf(r.key);
    auto& part = log_[{r.topic, p}];
    part.push_back({r.topic, p, static_cast<int64_t>(part.size()), r.key,
                    r.value,
                    clock_ != nullptr ? clock_->Now() : absl::InfinitePast()});
    out.push_back(absl::OkStatus());
  }
  return out;
}

void InMemoryEventLog::FailNextPublishes(int n) {
  absl::MutexLock lock(&mu_);
  fail_next_ = n;
}

std::vector<events::InRecord> InMemoryEventLog::Records(
    const std::string& topic) const {
  absl::MutexLock lock(&mu_);
  std::vector<events::InRecord> out;
  for (const auto& [tp, records] : log_) {
    if (tp.first == topic)
      out.insert(out.end(), records.begin(), records.end());
  }
  return out;
}

class InMemorySource final : public events::RecordSource {
 public:
  InMemorySource(InMemoryEventLog* log, std::vector<std::string> topics,
                 events::StartOffsetFn start, events::AssignmentFn on_assign)
      : log_(log),
        topics_(std::move(topics)),
        start_(std::move(start)),
        on_assign_(std::move(on_assign)) {}

  absl::StatusOr<std::vector<events::InRecord>> Poll(size_t max_records,
                                                     absl::Duration) override {
    if (!assigned_) {
      absl::StatusOr<events::ReadPositions> positions =
          events::AssignAllPartitions(topics_, log_->partitions(), start_,
                                      on_assign_);
      if (!positions.ok()) return positions.status();
      position_ = *std::move(positions);
      assigned_ = true;
    }
    std::vector<events::InRecord> out;
    absl::MutexLock lock(&log_->mu_);
    for (auto& [tp, pos] : position_) {
      auto it = log_->log_.find(tp);
      if (it == log_->log_.end()) continue;
      while (pos < static_cast<int64_t>(it->second.size()) &&
             out.size() < max_records) {
        out.push_back(it->second[pos++]);
      }
    }
    return out;
  }

  absl::Status Seek(const events::TopicPartition& tp, int64_t offset) override {
    position_[{tp.topic, tp.partition}] = offset;
    return absl::OkStatus();
  }

  void ReportProcessed(const events::TopicPartition&, int64_t) override {}

  std::optional<int64_t> EndOffset(const events::TopicPartition& tp) override {
    absl::MutexLock lock(&log_->mu_);
    auto it = log_->log_.find({tp.topic, tp.partition});
    return it == log_->log_.end() ? 0 : static_cast<int64_t>(it->second.size());
  }

 private:
  InMemoryEventLog* log_;
  std::vector<std::string> topics_;
  events::StartOffsetFn start_;
  events::AssignmentFn on_assign_;
  bool assigned_ = false;
  events::ReadPositions position_;
};

std::unique_ptr<events::RecordSource> InMemoryEventLog::NewSource(
    std::vector<std::string> topics, events::StartOffsetFn start,
    events::AssignmentFn on_assign) {
  return std::make_unique<InMemorySource>(
      this, std::move(topics), std::move(start), std::move(on_assign));
}

}  // namespace giamsat::testing
