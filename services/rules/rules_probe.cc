#include "services/rules/rules_probe.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"
#include "common/domain/rule_catalogue.h"

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
                      .Add({},
                           prometheus::Histogram::BucketBoundaries{
                               1, 10, 50, 100, 250, 500, 1000, 5000})),
      timers_fired_(prometheus::BuildCounter()
                        .Name("giamsat_rules_timers_fired_total")
                        .Help("Deadline timers evaluated when they fell due.")
                        .Register(registry)
                        .Add({})),
      timers_pending_(prometheus::BuildGauge()
                          .Name("giamsat_rules_timers_pending")
                          .Help("Deadline timers waiting in memory.")
                          .Register(registry)
                          .Add({})),
      deadline_problems_(
          prometheus::BuildCounter()
              .Name("giamsat_rules_deadline_problems_total")
              .Help("Deadlines that could not be computed (e.g. a day "
                    "outside the calendar's years); each is logged.")
              .Register(registry)
              .Add({})),
      alerts_(prometheus::BuildCounter()
                  .Name("giamsat_rules_alerts_total")
                  .Help("Alert transitions committed, by rule, severity and "
                        "state (firing, resolved).")
                  .Register(registry)) {
  // Every rule's series exist from the start, so the first transition of
  // each is seen by increase() and rate().
  for (domain::RuleId id : domain::AllRules()) {
    const domain::RuleInfo& rule = domain::Rule(id);
    for (v1::AlertState state : {v1::ALERT_FIRING, v1::ALERT_RESOLVED}) {
      AlertSeries(std::string(rule.id), rule.severity, state);
    }
  }
}

void RulesProbe::EventsApplied(size_t n) {
  events_.Add({{"outcome", "applied"}}).Increment(static_cast<double>(n));
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

void RulesProbe::TimerFired() { timers_fired_.Increment(); }
void RulesProbe::TimersPending(size_t n) {
  timers_pending_.Set(static_cast<double>(n));
}
void RulesProbe::DeadlineProblem() { deadline_problems_.Increment(); }
void RulesProbe::AlertRaised(const v1::Alert& alert) {
  AlertSeries(alert.rule_id(), alert.severity(), alert.state()).Increment();
}

prometheus::Counter& RulesProbe::AlertSeries(const std::string& rule,
                                             v1::Severity severity,
                                             v1::AlertState state) {
  std::string severity_name = v1::Severity_Name(severity);
  std::string state_name = v1::AlertState_Name(state);
  return alerts_.Add(
      {{"rule", rule},
       {"severity",
        absl::AsciiStrToLower(absl::StripPrefix(severity_name, "SEVERITY_"))},
       {"state",
        absl::AsciiStrToLower(absl::StripPrefix(state_name, "ALERT_"))}});
}

}  // namespace giamsat::rules
