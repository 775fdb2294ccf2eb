#include "services/rules/timer_index.h"

namespace giamsat::rules {

void TimerIndex::Set(const std::string& subject,
                     const events::TopicPartition& tp, absl::Time due) {
  Cancel(subject);
  by_time_.emplace(due, subject);
  by_subject_[subject] = TimerEntry{subject, tp, due};
}

void TimerIndex::Cancel(const std::string& subject) {
  auto it = by_subject_.find(subject);
  if (it == by_subject_.end()) return;
  by_time_.erase({it->second.due, subject});
  by_subject_.erase(it);
}

std::vector<TimerEntry> TimerIndex::Due(absl::Time now, size_t max) const {
  std::vector<TimerEntry> out;
  for (auto it = by_time_.begin();
       it != by_time_.end() && it->first <= now && out.size() < max; ++it) {
    out.push_back(by_subject_.at(it->second));
  }
  return out;
}

void TimerIndex::Clear() {
  by_time_.clear();
  by_subject_.clear();
}

}  // namespace giamsat::rules
