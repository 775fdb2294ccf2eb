// giamsat-query: serves live per-unit supervision status over gRPC from
// Redis. Wiring only.
#include "common/config/config_tree.h"
#include "common/config/service_args.h"
#include "common/core/clock.h"
#include "common/log/log.h"
#include "common/metrics/metrics_server.h"
#include "common/redis/redis_state_store.h"
#include "common/runtime/process.h"
#include "common/runtime/service_config.h"
#include "services/query/query_app.h"
#include "services/query/query_config.h"
#include "spdlog/spdlog.h"

namespace {
constexpr char kService[] = "giamsat-query";
}

int main(int argc, char** argv) {
  using namespace giamsat;
  runtime::InitServiceProcess();
  CLI::App app{"Giám sát query service: live per-unit status over gRPC"};
  config::ServiceArgs args;
  config::AddServiceFlags(app, args);
  CLI11_PARSE(app, argc, argv);

  std::optional<query::QueryConfig> cfg = runtime::LoadServiceConfig(
      kService, args, [](const YAML::Node& tree, std::string* effective) {
        return query::DecodeQueryConfig(tree, effective);
      });
  if (!cfg.has_value()) return 0;  // --print-config
  log::Init(kService, cfg->log);

  auto query = query::QueryApp::Load(*cfg);
  if (!query.ok()) runtime::Die(kService, query.status());

  auto registry = std::make_shared<prometheus::Registry>();
  store::KeyLayout layout(cfg->redis.key_prefix);
  auto store = redis::RedisStateStore::Connect(cfg->redis, layout, *registry);
  if (!store.ok()) runtime::Die(kService, store.status());
  auto metrics =
      metrics::MetricsServer::Start(cfg->metrics.listen, registry, kService);
  if (!metrics.ok()) runtime::Die(kService, metrics.status());

  core::SystemClock clock;
  if (absl::Status s = (*query)->Start(**store, clock, *registry); !s.ok()) {
    runtime::Die(kService, s);
  }
  (*metrics)->Add((*query)->supervision());
  const std::string& address = (*query)->address();
  spdlog::info("serving gRPC on {}, metrics on {}", (*query)->Describe(),
               (*metrics)->address());
  if (!args.ready_file.empty()) {
    absl::Status s = runtime::WriteReadyFile(
        args.ready_file,
        {{"grpc", address}, {"metrics", (*metrics)->address()}});
    if (!s.ok()) runtime::Die(kService, s);
  }
  const int sig = runtime::WaitForShutdownSignal();
  spdlog::info("signal {}: shutting down", sig);
  (*query)->Stop();
  return 0;
}
