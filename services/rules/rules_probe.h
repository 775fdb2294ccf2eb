// RulesProbe: the rules service's metrics. Registry passed in.
//   giamsat_rules_events_total{outcome}        applied | duplicate |
//       undecodable, one per consumed record
//   giamsat_rules_batches_total{outcome}       applied | already_applied |
//       failed state-store commits
//   giamsat_rules_batch_seconds                process + commit one batch
//   giamsat_rules_batch_records                records per committed batch
//   giamsat_rules_timers_fired_total           deadline timers evaluated
//   giamsat_rules_timers_pending               timers waiting in memory
//   giamsat_rules_deadline_problems_total      deadlines not computable
//   giamsat_rules_alerts_total{rule, severity, state}  alert transitions
//       committed (state: firing | resolved), once each; every rule of
//       the catalogue has its series (at 0) from the start
// Not thread-safe beyond what prometheus-cpp gives: one consumer thread.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "giamsat/v1/alerts.pb.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace giamsat::rules {

class RulesProbe {
 public:
  explicit RulesProbe(prometheus::Registry& registry);
  // `n` events applied in one committed batch.
  void EventsApplied(size_t n);
  void EventDuplicate();
  void EventUndecodable();
  void BatchCommitted(absl::Duration latency, size_t records);
  void BatchAlreadyApplied();
  void CommitFailed();
  void TimerFired();
  void TimersPending(size_t n);
  void DeadlineProblem();
  // One committed alert transition.
  void AlertRaised(const v1::Alert& alert);

 private:
  prometheus::Counter& AlertSeries(const std::string& rule,
                                   v1::Severity severity, v1::AlertState state);

  prometheus::Family<prometheus::Counter>& events_;
  prometheus::Family<prometheus::Counter>& batches_;
  prometheus::Histogram& batch_latency_;
  prometheus::Histogram& batch_size_;
  prometheus::Counter& timers_fired_;
  prometheus::Gauge& timers_pending_;
  prometheus::Counter& deadline_problems_;
  prometheus::Family<prometheus::Counter>& alerts_;
};

}  // namespace giamsat::rules
