#include "services/rules/rules_app.h"

#include "common/events/topics.h"
#include "common/store/key_layout.h"
#include "common/store/month_hashes.h"
#include "services/rules/alert_outbox.h"
#include "services/rules/batch_processor.h"
#include "services/rules/rules_engine.h"
#include "services/rules/rules_loop.h"
#include "services/rules/rules_probe.h"
#include "services/rules/unit_evaluator.h"
#include "spdlog/spdlog.h"

namespace giamsat::rules {

struct RulesApp::Parts {
  Parts(const RulesConfig& cfg, RulesEngine e, store::StateStore& store,
        const core::Clock& clock, prometheus::Registry& registry)
      : engine(std::move(e)),
        topics(cfg.kafka.topic_prefix),
        layout(cfg.redis.key_prefix),
        probe(registry),
        outbox(store, layout, topics.Alerts()),
        processor(store, layout, clock, *engine.dossiers, *engine.feedback,
                  outbox, probe),
        unit_evaluator(store, layout, clock, *engine.units, outbox,
                       {topics.DossierEvents(), 0}),
        progress(store, layout, clock),
        consumed({topics.DossierEvents(), topics.FeedbackEvents(),
                  topics.InspectionEvents()}) {}
  RulesEngine engine;
  const events::Topics topics;
  const store::KeyLayout layout;
  RulesProbe probe;
  AlertOutbox outbox;
  BatchProcessor processor;
  UnitEvaluator unit_evaluator;
  ProgressReporter progress;
  const std::vector<std::string> consumed;
  std::unique_ptr<events::RecordSource> source;
  std::unique_ptr<RulesLoop> loop;
};

RulesApp::RulesApp(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

RulesApp::~RulesApp() { Stop().IgnoreError(); }

absl::StatusOr<std::unique_ptr<RulesApp>> RulesApp::Create(
    const RulesConfig& cfg, RulesEngine engine, store::StateStore& store,
    events::EventPublisher& alerts, const events::SourceFactory& make_source,
    const core::Clock& clock, prometheus::Registry& registry) {
  auto parts =
      std::make_unique<Parts>(cfg, std::move(engine), store, clock, registry);
  parts->processor.set_cache_limit(
      static_cast<size_t>(cfg.state_cache_entries));
  parts->processor.set_inspection_rules(parts->engine.inspections.get());
  absl::StatusOr<absl::CivilMonth> months =
      store::MarkMonthHashes(store, parts->layout, clock);
  if (!months.ok()) return months.status();
  spdlog::info("month hashes complete from {}", absl::FormatCivilTime(*months));
  BatchProcessor* processor = &parts->processor;
  auto source = make_source(
      parts->consumed,
      [processor](const events::TopicPartition& tp) {
        return processor->StoredOffset(tp);
      },
      [processor](const std::vector<events::TopicPartition>& owned) {
        processor->OnAssignment(owned);
      });
  if (!source.ok()) return source.status();
  parts->source = std::move(*source);
  parts->loop = std::make_unique<RulesLoop>(
      *parts->source, parts->processor, parts->outbox, alerts, cfg.loop(),
      &parts->unit_evaluator, &parts->progress);
  return std::unique_ptr<RulesApp>(new RulesApp(std::move(parts)));
}

absl::Status RulesApp::Start(std::function<void()> on_failure) {
  if (absl::Status s = parts_->outbox.Recover(); !s.ok()) return s;
  consumer_.Start([this] { return parts_->loop->Run(); },
                  std::move(on_failure));
  return absl::OkStatus();
}

absl::Status RulesApp::Stop() {
  return consumer_.Join([this] { parts_->loop->Stop(); });
}

const std::string& RulesApp::calendar_version() const {
  return parts_->engine.calendar_version;
}

const std::vector<std::string>& RulesApp::topics() const {
  return parts_->consumed;
}

}  // namespace giamsat::rules
