// TimerIndex: when each open subject must next be evaluated, in memory.
//
// An ordered index (O(log n) per change) of (due instant, subject). Its
// durable copy is a sorted set per partition in the state store, written in
// the same atomic batch as the state that produced it, and loaded back when
// a partition is assigned. About 100 bytes per pending timer.
// Not thread-safe: the consumer thread owns it.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "common/events/event_log.h"

namespace giamsat::rules {

struct TimerEntry {
  std::string subject;  // dossier or feedback key, e.g. "d:D1"
  events::TopicPartition partition;
  absl::Time due;
};

class TimerIndex {
 public:
  void Set(const std::string& subject, const events::TopicPartition& tp,
           absl::Time due);
  void Cancel(const std::string& subject);
  // Entries due at or before `now`, earliest first (not removed).
  std::vector<TimerEntry> Due(absl::Time now, size_t max) const;
  void Clear();
  size_t size() const { return by_subject_.size(); }

 private:
  std::set<std::pair<absl::Time, std::string>> by_time_;
  std::map<std::string, TimerEntry> by_subject_;
};

}  // namespace giamsat::rules
