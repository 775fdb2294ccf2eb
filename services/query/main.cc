// giamsat-query: serves live per-unit supervision status over gRPC from
// Redis. Wiring only.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/ascii.h"
#include "common/calendar/calendar_loader.h"
#include "common/config/config_tree.h"
#include "common/config/service_args.h"
#include "common/core/clock.h"
#include "common/log/log.h"
#include "common/metrics/metrics_server.h"
#include "common/redis/redis_state_store.h"
#include "common/runtime/process.h"
#include "common/runtime/service_config.h"
#include "services/query/grpc_inspection_service.h"
#include "services/query/grpc_query_service.h"
#include "services/query/query_config.h"
#include "services/query/server_setup.h"
#include "services/query/supervision_collector.h"
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

  std::optional<query::QueryConfig> cfg = runtime::LoadServiceConfig(
      kService, args, [](const YAML::Node& tree, std::string* effective) {
        return query::DecodeQueryConfig(tree, effective);
      });
  if (!cfg.has_value()) return 0;  // --print-config
  log::Init(kService, cfg->log);

  bool units_missing = false;
  absl::StatusOr<query::UnitTree> units =
      query::LoadUnits(*cfg, &units_missing);
  if (!units.ok()) runtime::Die(kService, units.status());
  absl::StatusOr<query::AccessPolicy> access = query::LoadAccess(*cfg);
  if (!access.ok()) runtime::Die(kService, access.status());
  absl::StatusOr<calendar::Calendar> cal =
      calendar::LoadCalendar(cfg->calendar_base, cfg->calendar_overrides);
  if (!cal.ok()) {
    runtime::Die(kService,
                 absl::InvalidArgumentError(
                     "calendar.base: " + std::string(cal.status().message())));
  }
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      query::MakeServerCredentials(*cfg);
  if (!credentials.ok()) runtime::Die(kService, credentials.status());

  auto registry = std::make_shared<prometheus::Registry>();
  store::KeyLayout layout(cfg->redis.key_prefix);
  auto store = redis::RedisStateStore::Connect(cfg->redis, layout, *registry);
  if (!store.ok()) runtime::Die(kService, store.status());
  auto metrics =
      metrics::MetricsServer::Start(cfg->metrics.listen, registry, kService);
  if (!metrics.ok()) runtime::Die(kService, metrics.status());
  // Degraded modes, logged once the service can start (a start-up
  // failure stays one line).
  if (units_missing) {
    spdlog::warn(
        "reference.units_file {} does not exist: no unit hierarchy "
        "(ListUnitStatuses answers NOT_FOUND, no roll-ups)",
        cfg->units_file);
  }
  if (!access->enabled()) {
    spdlog::warn("auth.tokens_file is empty: every caller may read every unit");
  }

  core::SystemClock clock;
  const query::PageLimits limits{cfg->default_page_size, cfg->max_page_size};
  query::DeadlineSettings deadline_settings;
  if (cfg->default_counting_mode == "hours") {
    deadline_settings.default_mode = calendar::CountingMode::kHours;
  }
  query::StatusReader status_reader(
      **store, layout, clock, *units,
      query::ScoringConfig{cfg->indicators_766, cfg->tt01});
  query::UnitLister unit_lister(status_reader, limits);
  auto shared_calendar =
      std::make_shared<const calendar::Calendar>(std::move(*cal));
  auto supervision = std::make_shared<query::SupervisionCollector>(
      **store, layout, status_reader);
  (*metrics)->Add(supervision);
  query::DossierReader dossier_reader(**store, layout, clock, shared_calendar,
                                      deadline_settings, limits);
  query::FeedbackReader feedback_reader(
      **store, layout,
      std::make_shared<const domain::FeedbackRules>(
          shared_calendar, cfg->feedback_limits.ToConfig()));
  query::AlertReader alert_reader(**store, layout, limits);
  const absl::Duration poll = absl::Milliseconds(cfg->watch_poll_interval_ms);
  query::GrpcQueryService service(
      query::QueryParts{
          status_reader, unit_lister, dossier_reader, feedback_reader,
          alert_reader, *access,
          query::WatchSettings{
              cfg->max_watch_units, absl::Milliseconds(cfg->watch_coalesce_ms),
              [poll] {
                return std::make_unique<query::IntervalTicker>(poll);
              }}},
      *registry);
  query::InspectionReader inspection_reader(**store, layout, clock, *units,
                                            cfg->planning);
  query::GrpcInspectionService inspection_service(inspection_reader, *access,
                                                  *registry);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(cfg->grpc_listen, *credentials, &port);
  builder.SetMaxReceiveMessageSize(cfg->grpc_max_request_bytes);
  builder.RegisterService(&service);
  builder.RegisterService(&inspection_service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    runtime::Die(kService, absl::UnavailableError("cannot listen for gRPC on " +
                                                  cfg->grpc_listen));
  }
  const std::string address =
      cfg->grpc_listen.substr(0, cfg->grpc_listen.rfind(':')) + ":" +
      std::to_string(port);
  spdlog::info("serving gRPC on {} ({}), {} units, {} clients, metrics on {}",
               address, cfg->tls_cert_file.empty() ? "plaintext" : "TLS",
               units->size(), access->size(), (*metrics)->address());
  if (!args.ready_file.empty()) {
    absl::Status s = runtime::WriteReadyFile(
        args.ready_file,
        {{"grpc", address}, {"metrics", (*metrics)->address()}});
    if (!s.ok()) runtime::Die(kService, s);
  }
  const int sig = runtime::WaitForShutdownSignal();
  spdlog::info("signal {}: shutting down", sig);
  // Open watch streams are cancelled after a grace period.
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  return 0;
}
