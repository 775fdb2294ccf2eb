// EscalatorProbe: the escalator's metrics. Registry passed in; label
// values are bounded (channels, outcomes, levels, alert states).
#pragma once

#include <string>

#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace giamsat::escalator {

class EscalatorProbe {
 public:
  explicit EscalatorProbe(prometheus::Registry& registry);
  // outcome: delivered, retry, dead_lettered.
  void Delivery(const std::string& channel, const std::string& outcome);
  void Escalated(int level);
  void Notified(const std::string& kind);
  void Acknowledged();
  // state: firing, resolved, undecodable.
  void Alert(const std::string& state);
  void CommitFailed();
  void PendingEscalations(size_t n);
  void PendingDeliveries(size_t n);
  // Whether this instance holds the escalator's fence (EscalatorCore).
  void Active(bool active);

 private:
  prometheus::Family<prometheus::Counter>& deliveries_;
  prometheus::Family<prometheus::Counter>& escalations_;
  prometheus::Family<prometheus::Counter>& notifications_;
  prometheus::Family<prometheus::Counter>& alerts_;
  prometheus::Counter& acks_;
  prometheus::Counter& commit_failures_;
  prometheus::Gauge& pending_escalations_;
  prometheus::Gauge& pending_deliveries_;
  prometheus::Gauge& active_;
};

}  // namespace giamsat::escalator
