// RulesProbe: the rules service's metrics. Registry passed in.
#pragma once

#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace giamsat::rules {

class RulesProbe {
 public:
  explicit RulesProbe(prometheus::Registry& registry);
  void EventApplied();
  void EventDuplicate();
  void EventUndecodable();
  void BatchCommitted(absl::Duration latency, size_t records);
  void BatchAlreadyApplied();
  void CommitFailed();

 private:
  prometheus::Family<prometheus::Counter>& events_;
  prometheus::Family<prometheus::Counter>& batches_;
  prometheus::Histogram& batch_latency_;
  prometheus::Histogram& batch_size_;
};

}  // namespace giamsat::rules
