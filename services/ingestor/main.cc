// giamsat-ingestor: validates events from every entry point and writes them
// to Kafka. Wiring only; the logic lives in the giamsat_ingestor library.
#include "common/config/config_tree.h"
#include "common/config/service_args.h"
#include "common/core/clock.h"
#include "common/dedup/redis_dedup_store.h"
#include "common/kafka/kafka_admin.h"
#include "common/kafka/kafka_publisher.h"
#include "common/log/log.h"
#include "common/metrics/metrics_server.h"
#include "common/runtime/process.h"
#include "common/runtime/service_config.h"
#include "services/ingestor/ingestor_app.h"
#include "services/ingestor/ingestor_config.h"
#include "spdlog/spdlog.h"

namespace {
constexpr char kService[] = "giamsat-ingestor";
}

int main(int argc, char** argv) {
  using namespace giamsat;
  runtime::InitServiceProcess();
  CLI::App app{"Giám sát ingestor: validates events and writes them to Kafka"};
  config::ServiceArgs args;
  config::AddServiceFlags(app, args);
  CLI11_PARSE(app, argc, argv);

  std::optional<ingestor::IngestorConfig> cfg = runtime::LoadServiceConfig(
      kService, args, [](const YAML::Node& tree, std::string* effective) {
        return ingestor::DecodeIngestorConfig(tree, effective);
      });
  if (!cfg.has_value()) return 0;  // --print-config
  ingestor::ResolveRelativePaths(*cfg, args.config_path);
  log::Init(kService, cfg->log);

  if (absl::Status s = kafka::CheckReachable(cfg->kafka); !s.ok()) {
    runtime::Die(kService, s);
  }
  events::Topics topics(cfg->kafka.topic_prefix);
  if (cfg->kafka.create_topics) {
    if (absl::Status s = kafka::EnsureTopics(
            cfg->kafka, {topics.DossierEvents(), topics.FeedbackEvents(),
                         topics.InspectionEvents(), topics.DeadLetter()});
        !s.ok()) {
      runtime::Die(kService, s);
    }
  }
  auto registry = std::make_shared<prometheus::Registry>();
  auto dedup = dedup::RedisDedupStore::Connect(
      cfg->redis, absl::Seconds(cfg->dedup_window_seconds),
      cfg->dedup_pending_ttl(), *registry);
  if (!dedup.ok()) runtime::Die(kService, dedup.status());

  auto metrics =
      metrics::MetricsServer::Start(cfg->metrics.listen, registry, kService);
  if (!metrics.ok()) runtime::Die(kService, metrics.status());
  auto publisher =
      kafka::KafkaPublisher::Create(cfg->kafka, kService, *registry);
  if (!publisher.ok()) runtime::Die(kService, publisher.status());

  core::SystemClock clock;
  auto ingest = ingestor::IngestorApp::Start(*cfg, **publisher, **dedup, clock,
                                             *registry);
  if (!ingest.ok()) runtime::Die(kService, ingest.status());
  const std::string& grpc_address = (*ingest)->grpc_address();
  spdlog::info("serving gRPC on {}, HTTP on {}, metrics on {}", grpc_address,
               (*ingest)->http_address(), (*metrics)->address());
  if (!args.ready_file.empty()) {
    absl::Status s = runtime::WriteReadyFile(
        args.ready_file, {{"grpc", grpc_address},
                          {"http", (*ingest)->http_address()},
                          {"metrics", (*metrics)->address()}});
    if (!s.ok()) runtime::Die(kService, s);
  }
  const int sig = runtime::WaitForShutdownSignal();
  spdlog::info("signal {}: shutting down", sig);
  (*ingest)->Stop();
  return 0;
}
