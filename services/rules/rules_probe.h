// RulesProbe: the rules service's metrics. Registry passed in.
#pragma once

#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
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
  void TimerFired();
  void TimersPending(size_t n);
  void DeadlineProblem();
  void AlertsPublished(size_t n);

 private:
  prometheus::Family<prometheus::Counter>& events_;
  prometheus::Family<prometheus::Counter>& batches_;
  prometheus::Histogram& batch_latency_;
  prometheus::Histogram& batch_size_;
  prometheus::Counter& timers_fired_;
  prometheus::Gauge& timers_pending_;
  prometheus::Counter& deadline_problems_;
  prometheus::Counter& alerts_published_;
};

}  // namespace giamsat::rules
