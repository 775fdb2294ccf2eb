// EscalatorApp: giamsat-escalator between its adapters and main(): policy,
// calendar, unit tree and channels (Load: config errors only), then the
// core over a state store, the EscalationService gRPC server and the
// consumer thread of the alerts topic over any event log (Start). Used by
// giamsat-escalator (Kafka and Redis) and giamsat-standalone (embedded).
// When the consumer gives up, `on_failure` is called from its thread.
// Stop() shuts the server down, stops and joins the consumer and returns
// the error that stopped it, if any.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/core/clock.h"
#include "common/events/consumer_loop.h"
#include "common/events/event_log.h"
#include "common/store/state_store.h"
#include "prometheus/registry.h"
#include "services/escalator/escalator_config.h"
#include "services/escalator/escalator_core.h"

namespace giamsat::escalator {

// The topics of the escalator under a deployment's topic prefix.
CoreTopics TopicsOf(const EscalatorConfig& cfg);

class EscalatorApp {
 public:
  static absl::StatusOr<std::unique_ptr<EscalatorApp>> Load(
      const EscalatorConfig& cfg);
  ~EscalatorApp();

  absl::Status Start(store::StateStore& store, events::EventPublisher& log,
                     const events::SourceFactory& make_source,
                     const core::Clock& clock, prometheus::Registry& registry,
                     std::function<void()> on_failure);
  absl::Status Stop();

  const std::string& address() const { return address_; }
  size_t channels() const;

 private:
  struct Parts;
  explicit EscalatorApp(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
  std::string address_;
  events::ConsumerThread consumer_;
};

}  // namespace giamsat::escalator
