// giamsat-query: serves live per-unit supervision status over gRPC from
// Redis. Wiring only.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "common/config/config_tree.h"
#include "common/config/service_args.h"
#include "common/core/clock.h"
#include "common/log/log.h"
#include "common/metrics/metrics_server.h"
#include "common/redis/redis_state_store.h"
#include "common/runtime/process.h"
#include "services/query/grpc_query_service.h"
#include "services/query/query_config.h"
#include "services/query/status_reader.h"
#include "spdlog/spdlog.h"

namespace {
constexpr char kService[] = "giamsat-query";
}

int main(int argc, char** argv) {
  using namespace giamsat;
  runtime::BlockShutdownSignals();
  CLI::App app{"Giám sát query service: live per-unit status over gRPC"};
  config::ServiceArgs args;
  config::AddServiceFlags(app, args);
  CLI11_PARSE(app, argc, argv);

  absl::StatusOr<YAML::Node> tree =
      config::LoadTree(args.config_path, args.overrides);
  if (!tree.ok()) runtime::Die(kService, tree.status());
  absl::StatusOr<query::QueryConfig> cfg = query::DecodeQueryConfig(*tree);
  if (!cfg.ok()) runtime::Die(kService, cfg.status());
  log::Init(kService, cfg->log);

  auto registry = std::make_shared<prometheus::Registry>();
  store::KeyLayout layout(cfg->redis.key_prefix);
  auto store = redis::RedisStateStore::Connect(cfg->redis, layout, *registry);
  if (!store.ok()) runtime::Die(kService, store.status());
  auto metrics =
      metrics::MetricsServer::Start(cfg->metrics.listen, registry, kService);
  if (!metrics.ok()) runtime::Die(kService, metrics.status());

  core::SystemClock clock;
  query::StatusReader reader(**store, layout, clock);
  query::GrpcQueryService service(reader, *registry);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(cfg->grpc_listen, grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    runtime::Die(kService, absl::UnavailableError("cannot listen for gRPC on " +
                                                  cfg->grpc_listen));
  }
  const std::string address =
      cfg->grpc_listen.substr(0, cfg->grpc_listen.rfind(':')) + ":" +
      std::to_string(port);
  spdlog::info("serving gRPC on {}, metrics on {}", address,
               (*metrics)->address());
  if (!args.ready_file.empty()) {
    absl::Status s = runtime::WriteReadyFile(
        args.ready_file,
        {{"grpc", address}, {"metrics", (*metrics)->address()}});
    if (!s.ok()) runtime::Die(kService, s);
  }
  const int sig = runtime::WaitForShutdownSignal();
  spdlog::info("signal {}: shutting down", sig);
  server->Shutdown();
  return 0;
}
