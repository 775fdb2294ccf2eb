// RulesApp: giamsat-rules between its adapters and main(): the engine, the
// batch processor, the alert outbox, the unit evaluator and the consumer
// thread, over any state store and event log (Kafka and Redis in
// giamsat-rules, the embedded ones in giamsat-standalone).
// Start() recovers the outbox and starts the consumer thread; when the
// consumer gives up, `on_failure` is called from that thread. Stop() stops
// and joins it and returns the error that stopped it, if any.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/core/clock.h"
#include "common/events/consumer_loop.h"
#include "common/events/event_log.h"
#include "common/store/state_store.h"
#include "prometheus/registry.h"
#include "services/rules/rules_config.h"
#include "services/rules/rules_engine.h"

namespace giamsat::rules {

class RulesApp {
 public:
  // `engine` is BuildRulesEngine(cfg), built first so that a config error
  // is reported before any server is contacted.
  static absl::StatusOr<std::unique_ptr<RulesApp>> Create(
      const RulesConfig& cfg, RulesEngine engine, store::StateStore& store,
      events::EventPublisher& alerts, const events::SourceFactory& make_source,
      const core::Clock& clock, prometheus::Registry& registry);
  ~RulesApp();

  absl::Status Start(std::function<void()> on_failure);
  absl::Status Stop();

  const std::string& calendar_version() const;
  // The topics consumed.
  const std::vector<std::string>& topics() const;

 private:
  struct Parts;
  explicit RulesApp(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
  events::ConsumerThread consumer_;
};

}  // namespace giamsat::rules
