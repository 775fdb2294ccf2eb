#include "services/escalator/escalator_probe.h"

namespace giamsat::escalator {

EscalatorProbe::EscalatorProbe(prometheus::Registry& registry)
    : deliveries_(prometheus::BuildCounter()
                      .Name("giamsat_escalator_deliveries_total")
                      .Help("Delivery attempts by channel and outcome "
                            "(delivered, retry, dead_lettered).")
                      .Register(registry)),
      escalations_(prometheus::BuildCounter()
                       .Name("giamsat_escalator_escalations_total")
                       .Help("Escalations to a higher level, by new level.")
                       .Register(registry)),
      notifications_(prometheus::BuildCounter()
                         .Name("giamsat_escalator_notifications_total")
                         .Help("Notifications decided, by kind (firing, "
                               "repeat, escalated, resolved).")
                         .Register(registry)),
      alerts_(prometheus::BuildCounter()
                  .Name("giamsat_escalator_alerts_total")
                  .Help("Alerts consumed, by state (firing, resolved, "
                        "undecodable).")
                  .Register(registry)),
      acks_(prometheus::BuildCounter()
                .Name("giamsat_escalator_acknowledgements_total")
                .Help("Escalations acknowledged.")
                .Register(registry)
                .Add({})),
      commit_failures_(prometheus::BuildCounter()
                           .Name("giamsat_escalator_commit_failures_total")
                           .Help("State-store commits that failed (retried).")
                           .Register(registry)
                           .Add({})),
      pending_escalations_(prometheus::BuildGauge()
                               .Name("giamsat_escalator_pending_escalations")
                               .Help("Open escalations not acknowledged.")
                               .Register(registry)
                               .Add({})),
      pending_deliveries_(prometheus::BuildGauge()
                              .Name("giamsat_escalator_pending_deliveries")
                              .Help("Deliveries waiting for (another) try.")
                              .Register(registry)
                              .Add({})),
      active_(prometheus::BuildGauge()
                  .Name("giamsat_escalator_active")
                  .Help("1 while this instance is the active escalator (it "
                        "holds the fence of the alerts topic), else 0.")
                  .Register(registry)
                  .Add({})) {}

void EscalatorProbe::Delivery(const std::string& channel,
                              const std::string& outcome) {
  deliveries_.Add({{"channel", channel}, {"outcome", outcome}}).Increment();
}
void EscalatorProbe::Escalated(int level) {
  escalations_.Add({{"level", std::to_string(level)}}).Increment();
}
void EscalatorProbe::Notified(const std::string& kind) {
  notifications_.Add({{"kind", kind}}).Increment();
}
void EscalatorProbe::Acknowledged() { acks_.Increment(); }
void EscalatorProbe::Alert(const std::string& state) {
  alerts_.Add({{"state", state}}).Increment();
}
void EscalatorProbe::CommitFailed() { commit_failures_.Increment(); }
void EscalatorProbe::PendingEscalations(size_t n) {
  pending_escalations_.Set(static_cast<double>(n));
}
void EscalatorProbe::PendingDeliveries(size_t n) {
  pending_deliveries_.Set(static_cast<double>(n));
}
void EscalatorProbe::Active(bool active) { active_.Set(active ? 1 : 0); }

}  // namespace giamsat::escalator
