#include "services/rules/rules_probe.h"

namespace giamsat::rules {

RulesProbe::RulesProbe(prometheus::Registry& registry)
    : events_(prometheus::BuildCounter()
                  .Name("giamsat_rules_events_total")
                  .Help("Events consumed, by outcome (applied, duplicate, "
                        "undecodable).")
                  .Register(registry)),
      batches_(prometheus::BuildCounter()
                   .Name("giamsat_rules_batches_total")
                   .Help("State-store batches, by outcome (applied, "
                         "already_applied, failed).")
                   .Register(registry)),
      batch_latency_(prometheus::BuildHistogram()
                         .Name("giamsat_rules_batch_seconds")
                         .Help("Time to process and commit one batch.")
                         .Register(registry)
                         .Add({},
                              prometheus::Histogram::BucketBoundaries{
                                  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                  0.25, 0.5, 1, 2.5})),
      batch_size_(prometheus::BuildHistogram()
                      .Name("giamsat_rules_batch_records")
                      .Help("Records per committed batch.")
                      .Register(registry)
                      .Add({}, prometheus::Histogram::BucketBoundaries{
                                   1, 10, 50, 100, 250, 500, 1000, 5000})) {}

void RulesProbe::EventApplied() {
  events_.Add({{"outcome", "applied"}}).Increment();
}
void RulesProbe::EventDuplicate() {
  events_.Add({{"outcome", "duplicate"}}).Increment();
}
void RulesProbe::EventUndecodable() {
  events_.Add({{"outcome", "undecodable"}}).Increment();
}
void RulesProbe::BatchCommitted(absl::Duration latency, size_t records) {
  batches_.Add({{"outcome", "applied"}}).Increment();
  batch_latency_.Observe(absl::ToDoubleSeconds(latency));
  batch_size_.Observe(static_cast<double>(records));
}
void RulesProbe::BatchAlreadyApplied() {
  batches_.Add({{"outcome", "already_applied"}}).Increment();
}
void RulesProbe::CommitFailed() {
  batches_.Add({{"outcome", "failed"}}).Increment();
}

}  // namespace giamsat::rules
