#include "services/ingestor/ingestor_app.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>

#include "absl/strings/str_join.h"
#include "common/metrics/grpc_server_probe.h"
#include "common/runtime/grpc_server.h"
#include "services/ingestor/grpc_ingest_service.h"
#include "services/ingestor/http_ingest_server.h"
#include "services/ingestor/ingest_pipeline.h"
#include "services/ingestor/ingest_probe.h"
#include "services/ingestor/reference_data.h"
#include "spdlog/spdlog.h"

namespace giamsat::ingestor {

struct IngestorApp::Parts {
  Parts(prometheus::Registry& registry, PiiPolicy pii)
      : probe(registry),
        decoder(std::move(pii)),
        grpc_probe(registry, "ingestor") {}
  IngestProbe probe;
  std::unique_ptr<ReferenceCatalog> reference;
  const EventDecoder decoder;
  std::unique_ptr<IngestPipeline> pipeline;
  std::unique_ptr<GrpcIngestService> grpc_service;
  metrics::GrpcServerProbe grpc_probe;
  std::unique_ptr<grpc::ResourceQuota> quota;
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<HttpIngestServer> http;
};

IngestorApp::IngestorApp(std::unique_ptr<Parts> parts)
    : parts_(std::move(parts)) {}

IngestorApp::~IngestorApp() { Stop(); }

std::string IngestorApp::http_address() const {
  return parts_->http ? parts_->http->address() : "";
}

absl::StatusOr<std::unique_ptr<IngestorApp>> IngestorApp::Start(
    const IngestorConfig& cfg, events::EventPublisher& log,
    dedup::DedupStore& dedup, const core::Clock& clock,
    prometheus::Registry& registry) {
  PiiPolicy pii = cfg.pii_policy();
  if (!pii.hash_fields.empty() && pii.hash_key.empty()) {
    spdlog::warn(
        "environment variable {} (pii.hash_key_env) is not set: {} are "
        "dropped instead of hashed into citizenRef",
        cfg.pii_hash_key_env, absl::StrJoin(pii.hash_fields, ", "));
  }
  auto parts = std::make_unique<Parts>(registry, std::move(pii));
  auto reference =
      ReferenceCatalog::Load(cfg.reference_files(), clock, &parts->probe);
  if (!reference.ok()) return reference.status();
  parts->reference = std::move(*reference);
  parts->probe.ReferenceSizes(*parts->reference->Current());
  if (cfg.units_file.empty()) {
    spdlog::warn("reference.units_file not set: unit ids are not checked");
  }
  if (cfg.procedures_file.empty()) {
    spdlog::warn(
        "reference.procedures_file not set: procedure codes are not checked");
  }
  parts->pipeline = std::make_unique<IngestPipeline>(
      log, dedup, parts->reference.get(), clock,
      events::Topics(cfg.kafka.topic_prefix), cfg.pipeline(), parts->probe);
  parts->grpc_service = std::make_unique<GrpcIngestService>(
      *parts->pipeline, parts->decoder, cfg.max_batch_events,
      cfg.max_request_bytes);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.experimental().SetInterceptorCreators(
      parts->grpc_probe.MakeInterceptors());
  builder.SetMaxReceiveMessageSize(cfg.max_request_bytes);
  parts->quota = std::make_unique<grpc::ResourceQuota>("giamsat-ingestor");
  // Threads bound concurrent calls; a few more serve health and reflection.
  parts->quota->SetMaxThreads(cfg.max_concurrent_requests + 4);
  builder.SetResourceQuota(*parts->quota);
  builder.RegisterService(parts->grpc_service.get());
  std::string grpc_address;
  auto server = runtime::StartGrpcServer(builder, cfg.grpc_listen,
                                         grpc::InsecureServerCredentials(),
                                         &grpc_address);
  if (!server.ok()) return server.status();
  parts->server = std::move(*server);
  auto http = HttpIngestServer::Start(
      cfg.http_listen, *parts->pipeline, parts->decoder, cfg.max_request_bytes,
      cfg.max_batch_events, cfg.max_concurrent_requests);
  if (!http.ok()) return http.status();
  parts->http = std::move(*http);
  std::unique_ptr<IngestorApp> app(new IngestorApp(std::move(parts)));
  app->grpc_address_ = std::move(grpc_address);
  return app;
}

void IngestorApp::Stop() {
  if (!parts_) return;
  if (parts_->http) parts_->http->Stop();
  if (parts_->server) {
    parts_->server->Shutdown(std::chrono::system_clock::now() +
                             std::chrono::seconds(5));
  }
  // Waits for writes in progress, so their event ids are settled.
  parts_->pipeline.reset();
  parts_.reset();
}

}  // namespace giamsat::ingestor
