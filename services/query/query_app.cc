#include "services/query/query_app.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/str_cat.h"
#include "common/calendar/calendar_loader.h"
#include "common/runtime/grpc_server.h"
#include "common/store/key_layout.h"
#include "services/query/audit_reader.h"
#include "services/query/grpc_inspection_service.h"
#include "services/query/grpc_query_service.h"
#include "services/query/ingestion_lag.h"
#include "services/query/inspection_reader.h"
#include "services/query/refresh_worker.h"
#include "services/query/server_setup.h"
#include "services/query/supervision_collector.h"
#include "spdlog/spdlog.h"

namespace giamsat::query {

struct QueryApp::Parts {
  QueryConfig cfg;
  bool units_missing = false;
  std::optional<UnitTree> units;
  std::optional<AccessPolicy> access;
  std::shared_ptr<const calendar::Calendar> calendar;
  std::shared_ptr<grpc::ServerCredentials> credentials;
  // Built by Start().
  std::unique_ptr<StatusReader> status_reader;
  std::unique_ptr<UnitLister> unit_lister;
  std::shared_ptr<SupervisionCollector> supervision;
  std::unique_ptr<DossierReader> dossier_reader;
  std::unique_ptr<FeedbackReader> feedback_reader;
  std::unique_ptr<AlertReader> alert_reader;
  std::unique_ptr<AuditReader> audit_reader;
  std::unique_ptr<LagReader> lag_reader;
  std::unique_ptr<AnswerCache> answer_cache;
  std::unique_ptr<GrpcQueryService> service;
  std::unique_ptr<InspectionReader> inspection_reader;
  std::unique_ptr<GrpcInspectionService> inspection_service;
  std::unique_ptr<grpc::Server> server;
  // Last: stopped first, while everything its reads use still exists.
  std::unique_ptr<RefreshWorker> refresher;
};

QueryApp::QueryApp(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

QueryApp::~QueryApp() { Stop(); }

absl::StatusOr<std::unique_ptr<QueryApp>> QueryApp::Load(
    const QueryConfig& cfg) {
  auto parts = std::make_unique<Parts>();
  parts->cfg = cfg;
  absl::StatusOr<UnitTree> units = LoadUnits(cfg, &parts->units_missing);
  if (!units.ok()) return units.status();
  parts->units = std::move(*units);
  absl::StatusOr<AccessPolicy> access = LoadAccess(cfg);
  if (!access.ok()) return access.status();
  parts->access = std::move(*access);
  absl::StatusOr<calendar::Calendar> cal =
      calendar::LoadCalendar(cfg.calendar_base, cfg.calendar_overrides);
  if (!cal.ok()) {
    return absl::InvalidArgumentError("calendar.base: " +
                                      std::string(cal.status().message()));
  }
  parts->calendar = std::make_shared<const calendar::Calendar>(std::move(*cal));
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(cfg);
  if (!credentials.ok()) return credentials.status();
  parts->credentials = std::move(*credentials);
  return std::unique_ptr<QueryApp>(new QueryApp(std::move(parts)));
}

absl::Status QueryApp::Start(store::StateStore& store, const core::Clock& clock,
                             prometheus::Registry& registry) {
  Parts& p = *parts_;
  const QueryConfig& cfg = p.cfg;
  // Degraded modes, logged once the service can start (a start-up
  // failure stays one line).
  if (p.units_missing) {
    spdlog::warn(
        "reference.units_file {} does not exist: no unit hierarchy "
        "(ListUnitStatuses answers NOT_FOUND, no roll-ups)",
        cfg.units_file);
  }
  if (!p.access->enabled()) {
    spdlog::warn("auth.tokens_file is empty: every caller may read every unit");
  }
  const store::KeyLayout layout(cfg.redis.key_prefix);
  const PageLimits limits{cfg.default_page_size, cfg.max_page_size};
  DeadlineSettings deadline_settings;
  if (cfg.default_counting_mode == "hours") {
    deadline_settings.default_mode = calendar::CountingMode::kHours;
  }
  p.status_reader = std::make_unique<StatusReader>(
      store, layout, clock, *p.units,
      ScoringConfig{cfg.indicators_766, cfg.tt01});
  p.unit_lister = std::make_unique<UnitLister>(*p.status_reader, limits);
  p.supervision =
      std::make_shared<SupervisionCollector>(store, layout, *p.status_reader);
  p.dossier_reader = std::make_unique<DossierReader>(
      store, layout, clock, p.calendar, deadline_settings, limits);
  p.feedback_reader = std::make_unique<FeedbackReader>(
      store, layout,
      std::make_shared<const domain::FeedbackRules>(
          p.calendar, cfg.feedback_limits.ToConfig()));
  p.alert_reader = std::make_unique<AlertReader>(store, layout, limits);
  p.audit_reader =
      std::make_unique<AuditReader>(store, layout, *p.units, limits);
  p.lag_reader = std::make_unique<LagReader>(store, layout, clock);
  AnswerCache::RunLater refresh_later;
  if (cfg.cache_refresh_ahead) {
    p.refresher = std::make_unique<RefreshWorker>();
    refresh_later = [worker = p.refresher.get()](std::function<void()> task) {
      worker->Run(std::move(task));
    };
  }
  p.answer_cache = std::make_unique<AnswerCache>(
      clock,
      AnswerCacheOptions{absl::Milliseconds(cfg.cache_max_age_ms),
                         static_cast<size_t>(cfg.cache_max_entries)},
      std::move(refresh_later));
  const absl::Duration poll = absl::Milliseconds(cfg.watch_poll_interval_ms);
  p.service = std::make_unique<GrpcQueryService>(
      QueryParts{
          *p.status_reader, *p.unit_lister, *p.dossier_reader,
          *p.feedback_reader, *p.alert_reader, *p.access,
          WatchSettings{
              cfg.max_watch_units, absl::Milliseconds(cfg.watch_coalesce_ms),
              [poll] { return std::make_unique<IntervalTicker>(poll); }},
          *p.audit_reader, *p.lag_reader, *p.answer_cache},
      registry);
  p.inspection_reader = std::make_unique<InspectionReader>(
      store, layout, clock, *p.units, cfg.planning);
  p.inspection_service = std::make_unique<GrpcInspectionService>(
      *p.inspection_reader, *p.access, *p.lag_reader, *p.answer_cache, clock,
      registry);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.SetMaxReceiveMessageSize(cfg.grpc_max_request_bytes);
  builder.RegisterService(p.service.get());
  builder.RegisterService(p.inspection_service.get());
  auto server = runtime::StartGrpcServer(builder, cfg.grpc_listen,
                                         p.credentials, &address_);
  if (!server.ok()) return server.status();
  p.server = std::move(*server);
  return absl::OkStatus();
}

std::shared_ptr<prometheus::Collectable> QueryApp::supervision() const {
  return parts_->supervision;
}

std::string QueryApp::Describe() const {
  return absl::StrCat(address_, " (",
                      parts_->cfg.tls_cert_file.empty() ? "plaintext" : "TLS",
                      "), ", parts_->units->size(), " units, ",
                      parts_->access->size(), " clients");
}

void QueryApp::Stop() {
  if (parts_ && parts_->server) {
    parts_->server->Shutdown(std::chrono::system_clock::now() +
                             std::chrono::seconds(2));
    parts_->server.reset();
  }
  if (parts_) parts_->refresher.reset();
}

}  // namespace giamsat::query
