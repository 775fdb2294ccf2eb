// giamsat-rules: consumes the event topics, keeps per-dossier state and the
// per-unit figures in Redis, effectively once. Wiring only.
#include "common/config/config_tree.h"
#include "common/config/service_args.h"
#include "common/core/clock.h"
#include "common/events/topics.h"
#include "common/kafka/kafka_admin.h"
#include "common/kafka/kafka_publisher.h"
#include "common/kafka/kafka_source.h"
#include "common/log/log.h"
#include "common/metrics/metrics_server.h"
#include "common/redis/redis_state_store.h"
#include "common/runtime/process.h"
#include "common/runtime/service_config.h"
#include "services/rules/rules_app.h"
#include "services/rules/rules_config.h"
#include "services/rules/rules_engine.h"
#include "spdlog/spdlog.h"

namespace {
constexpr char kService[] = "giamsat-rules";
}

int main(int argc, char** argv) {
  using namespace giamsat;
  runtime::InitServiceProcess();
  CLI::App app{"Giám sát rules service: keeps dossier state and unit figures"};
  config::ServiceArgs args;
  config::AddServiceFlags(app, args);
  CLI11_PARSE(app, argc, argv);

  std::optional<rules::RulesConfig> cfg = runtime::LoadServiceConfig(
      kService, args, [](const YAML::Node& tree, std::string* effective) {
        return rules::DecodeRulesConfig(tree, effective);
      });
  if (!cfg.has_value()) return 0;  // --print-config
  log::Init(kService, cfg->log);

  absl::StatusOr<rules::RulesEngine> engine = rules::BuildRulesEngine(*cfg);
  if (!engine.ok()) runtime::Die(kService, engine.status());

  auto registry = std::make_shared<prometheus::Registry>();
  auto store = redis::RedisStateStore::Connect(
      cfg->redis, store::KeyLayout(cfg->redis.key_prefix), *registry);
  if (!store.ok()) runtime::Die(kService, store.status());
  if (absl::Status s = kafka::CheckReachable(cfg->kafka); !s.ok()) {
    runtime::Die(kService, s);
  }
  events::Topics topics(cfg->kafka.topic_prefix);
  if (cfg->kafka.create_topics) {
    if (absl::Status s = kafka::EnsureTopics(
            cfg->kafka,
            {topics.DossierEvents(), topics.FeedbackEvents(),
             topics.InspectionEvents(), topics.DeadLetter(), topics.Alerts()});
        !s.ok()) {
      runtime::Die(kService, s);
    }
  }
  auto metrics =
      metrics::MetricsServer::Start(cfg->metrics.listen, registry, kService);
  if (!metrics.ok()) runtime::Die(kService, metrics.status());

  auto alerts = kafka::KafkaPublisher::Create(cfg->kafka, kService, *registry);
  if (!alerts.ok()) runtime::Die(kService, alerts.status());
  core::SystemClock clock;
  kafka::KafkaSource* kafka_source = nullptr;
  const events::SourceFactory make_source =
      kafka::KafkaSourceFactory(cfg->kafka, kService, *registry, &kafka_source);

  auto service =
      rules::RulesApp::Create(*cfg, *std::move(engine), **store, **alerts,
                              make_source, clock, *registry);
  if (!service.ok()) runtime::Die(kService, service.status());
  if (absl::Status s = (*service)->Start(runtime::RequestShutdown); !s.ok()) {
    runtime::Die(kService, s);
  }
  spdlog::info("consuming {}; calendar {}; metrics on {}",
               topics.DossierEvents(), (*service)->calendar_version(),
               (*metrics)->address());
  if (!args.ready_file.empty()) {
    absl::Status s = runtime::WriteReadyFile(
        args.ready_file, {{"metrics", (*metrics)->address()}});
    if (!s.ok()) runtime::Die(kService, s);
  }
  const int sig = runtime::WaitForShutdownSignal();
  spdlog::info("signal {}: shutting down", sig);
  absl::Status loop_status = (*service)->Stop();
  kafka_source->Close();
  return loop_status.ok() ? 0 : 1;
}
