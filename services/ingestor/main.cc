// giamsat-ingestor: validates events from every entry point and writes them
// to Kafka. Wiring only; the logic lives in the giamsat_ingestor library.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>

#include "absl/strings/str_join.h"
#include "common/config/config_tree.h"
#include "common/config/service_args.h"
#include "common/core/clock.h"
#include "common/dedup/redis_dedup_store.h"
#include "common/kafka/kafka_admin.h"
#include "common/kafka/kafka_publisher.h"
#include "common/log/log.h"
#include "common/metrics/grpc_server_probe.h"
#include "common/metrics/metrics_server.h"
#include "common/runtime/process.h"
#include "common/runtime/service_config.h"
#include "services/ingestor/grpc_ingest_service.h"
#include "services/ingestor/http_ingest_server.h"
#include "services/ingestor/ingestor_config.h"
#include "spdlog/spdlog.h"

namespace {
constexpr char kService[] = "giamsat-ingestor";
}

int main(int argc, char** argv) {
  using namespace giamsat;
  runtime::BlockShutdownSignals();
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

  core::SystemClock clock;
  ingestor::IngestProbe probe(*registry);
  auto reference =
      ingestor::ReferenceCatalog::Load(cfg->reference_files(), clock, &probe);
  if (!reference.ok()) runtime::Die(kService, reference.status());
  probe.ReferenceSizes(*(*reference)->Current());
  if (cfg->units_file.empty()) {
    spdlog::warn("reference.units_file not set: unit ids are not checked");
  }
  if (cfg->procedures_file.empty()) {
    spdlog::warn(
        "reference.procedures_file not set: procedure codes are not checked");
  }
  ingestor::PiiPolicy pii = cfg->pii_policy();
  if (!pii.hash_fields.empty() && pii.hash_key.empty()) {
    spdlog::warn(
        "environment variable {} (pii.hash_key_env) is not set: {} are "
        "dropped instead of hashed into citizenRef",
        cfg->pii_hash_key_env, absl::StrJoin(pii.hash_fields, ", "));
  }
  const ingestor::EventDecoder decoder(std::move(pii));

  auto metrics =
      metrics::MetricsServer::Start(cfg->metrics.listen, registry, kService);
  if (!metrics.ok()) runtime::Die(kService, metrics.status());
  auto publisher =
      kafka::KafkaPublisher::Create(cfg->kafka, kService, *registry);
  if (!publisher.ok()) runtime::Die(kService, publisher.status());

  auto pipeline = std::make_unique<ingestor::IngestPipeline>(
      **publisher, **dedup, reference->get(), clock, topics, cfg->pipeline(),
      probe);
  ingestor::GrpcIngestService grpc_service(
      *pipeline, decoder, cfg->max_batch_events, cfg->max_request_bytes);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  metrics::GrpcServerProbe grpc_probe(*registry, "ingestor");
  grpc::ServerBuilder builder;
  builder.experimental().SetInterceptorCreators(grpc_probe.MakeInterceptors());
  int grpc_port = 0;
  builder.AddListeningPort(cfg->grpc_listen, grpc::InsecureServerCredentials(),
                           &grpc_port);
  builder.SetMaxReceiveMessageSize(cfg->max_request_bytes);
  grpc::ResourceQuota quota(kService);
  // Threads bound concurrent calls; a few more serve health and reflection.
  quota.SetMaxThreads(cfg->max_concurrent_requests + 4);
  builder.SetResourceQuota(quota);
  builder.RegisterService(&grpc_service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || grpc_port == 0) {
    runtime::Die(kService, absl::UnavailableError("cannot listen for gRPC on " +
                                                  cfg->grpc_listen));
  }
  auto http = ingestor::HttpIngestServer::Start(
      cfg->http_listen, *pipeline, decoder, cfg->max_request_bytes,
      cfg->max_batch_events, cfg->max_concurrent_requests);
  if (!http.ok()) runtime::Die(kService, http.status());

  const std::string grpc_address =
      cfg->grpc_listen.substr(0, cfg->grpc_listen.rfind(':')) + ":" +
      std::to_string(grpc_port);
  spdlog::info("serving gRPC on {}, HTTP on {}, metrics on {}", grpc_address,
               (*http)->address(), (*metrics)->address());
  if (!args.ready_file.empty()) {
    absl::Status s = runtime::WriteReadyFile(
        args.ready_file, {{"grpc", grpc_address},
                          {"http", (*http)->address()},
                          {"metrics", (*metrics)->address()}});
    if (!s.ok()) runtime::Die(kService, s);
  }
  const int sig = runtime::WaitForShutdownSignal();
  spdlog::info("signal {}: shutting down", sig);
  (*http)->Stop();
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  // Waits for writes in progress, so their event ids are settled.
  pipeline.reset();
  return 0;
}
