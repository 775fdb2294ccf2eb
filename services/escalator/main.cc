// giamsat-escalator: consumes the alerts topic and escalates alerts to the
// people responsible (docs/escalation.md). Wiring only.
#include "common/config/config_tree.h"
#include "common/config/service_args.h"
#include "common/core/clock.h"
#include "common/kafka/kafka_admin.h"
#include "common/kafka/kafka_publisher.h"
#include "common/kafka/kafka_source.h"
#include "common/log/log.h"
#include "common/metrics/metrics_server.h"
#include "common/redis/redis_state_store.h"
#include "common/runtime/process.h"
#include "common/runtime/service_config.h"
#include "services/escalator/escalator_app.h"
#include "services/escalator/escalator_config.h"
#include "spdlog/spdlog.h"

namespace {
constexpr char kService[] = "giamsat-escalator";
}

int main(int argc, char** argv) {
  using namespace giamsat;
  runtime::InitServiceProcess();
  CLI::App app{"Giám sát escalator: brings alerts to the people responsible"};
  config::ServiceArgs args;
  config::AddServiceFlags(app, args);
  CLI11_PARSE(app, argc, argv);

  std::optional<escalator::EscalatorConfig> cfg = runtime::LoadServiceConfig(
      kService, args, [](const YAML::Node& tree, std::string* effective) {
        return escalator::DecodeEscalatorConfig(tree, effective);
      });
  if (!cfg.has_value()) return 0;  // --print-config
  log::Init(kService, cfg->log);

  auto service = escalator::EscalatorApp::Load(*cfg);
  if (!service.ok()) runtime::Die(kService, service.status());

  auto registry = std::make_shared<prometheus::Registry>();
  auto store = redis::RedisStateStore::Connect(
      cfg->redis, store::KeyLayout(cfg->redis.key_prefix), *registry);
  if (!store.ok()) runtime::Die(kService, store.status());
  if (absl::Status s = kafka::CheckReachable(cfg->kafka); !s.ok()) {
    runtime::Die(kService, s);
  }
  const escalator::CoreTopics core_topics = escalator::TopicsOf(*cfg);
  if (cfg->kafka.create_topics) {
    if (absl::Status s = kafka::EnsureTopics(
            cfg->kafka,
            {core_topics.alerts, core_topics.audit, core_topics.dead_letter});
        !s.ok()) {
      runtime::Die(kService, s);
    }
  }
  auto metrics =
      metrics::MetricsServer::Start(cfg->metrics.listen, registry, kService);
  if (!metrics.ok()) runtime::Die(kService, metrics.status());
  auto log = kafka::KafkaPublisher::Create(cfg->kafka, kService, *registry);
  if (!log.ok()) runtime::Die(kService, log.status());

  core::SystemClock clock;
  kafka::KafkaSource* kafka_source = nullptr;
  const events::SourceFactory make_source =
      kafka::KafkaSourceFactory(cfg->kafka, kService, *registry, &kafka_source);

  if (absl::Status s = (*service)->Start(**store, **log, make_source, clock,
                                         *registry, runtime::RequestShutdown);
      !s.ok()) {
    runtime::Die(kService, s);
  }
  const std::string& address = (*service)->address();
  spdlog::info("consuming {}; {} channel(s); gRPC on {}; metrics on {}",
               core_topics.alerts, (*service)->channels(), address,
               (*metrics)->address());
  if (!args.ready_file.empty()) {
    absl::Status s = runtime::WriteReadyFile(
        args.ready_file,
        {{"grpc", address}, {"metrics", (*metrics)->address()}});
    if (!s.ok()) runtime::Die(kService, s);
  }
  const int sig = runtime::WaitForShutdownSignal();
  spdlog::info("signal {}: shutting down", sig);
  absl::Status loop_status = (*service)->Stop();
  kafka_source->Close();
  return loop_status.ok() ? 0 : 1;
}
