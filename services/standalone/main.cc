// giamsat-standalone: the whole system in one process on an embedded
// database (docs/standalone.md): ingestion (gRPC, HTTP, import), the rules
// engine, escalation and the query API, each wired as in its own service
// over the embedded event log, state store and dedup store. Wiring only.
#include <cstdio>
#include <iostream>

#include "common/config/config_tree.h"
#include "common/config/service_args.h"
#include "common/core/clock.h"
#include "common/embedded/embedded_db.h"
#include "common/embedded/embedded_dedup_store.h"
#include "common/embedded/embedded_event_log.h"
#include "common/embedded/embedded_log_collector.h"
#include "common/embedded/embedded_state_store.h"
#include "common/log/log.h"
#include "common/metrics/metrics_server.h"
#include "common/runtime/process.h"
#include "common/runtime/service_config.h"
#include "services/escalator/escalator_app.h"
#include "services/ingestor/ingestor_app.h"
#include "services/query/query_app.h"
#include "services/rules/rules_app.h"
#include "services/standalone/log_export.h"
#include "services/standalone/log_replay.h"
#include "services/standalone/standalone_config.h"
#include "spdlog/spdlog.h"

namespace {
constexpr char kService[] = "giamsat-standalone";
}

int main(int argc, char** argv) {
  using namespace giamsat;
  runtime::InitServiceProcess();
  CLI::App app{
      "Giám sát standalone: ingestion, rules, escalation and queries in one "
      "process on an embedded database"};
  config::ServiceArgs args;
  config::AddServiceFlags(app, args);
  std::string export_bootstrap;
  CLI::App* export_log = app.add_subcommand(
      "export-log",
      "Copy the embedded event log to Kafka topics of the same names, then "
      "exit (the process must be stopped; docs/standalone.md)");
  export_log->add_option("--bootstrap", export_bootstrap, "Kafka brokers")
      ->required();
  export_log->fallthrough();
  CLI::App* replay_cmd = app.add_subcommand(
      "replay",
      "Recompute the state from the embedded log up to the stored offsets "
      "and list every difference from the stored state, then exit (exit 1 "
      "when any; the process must be stopped)");
  replay_cmd->fallthrough();
  CLI11_PARSE(app, argc, argv);

  std::optional<standalone::StandaloneConfig> cfg = runtime::LoadServiceConfig(
      kService, args, [](const YAML::Node& tree, std::string* effective) {
        return standalone::DecodeStandaloneConfig(tree, effective);
      });
  if (!cfg.has_value()) return 0;  // --print-config
  ingestor::ResolveRelativePaths(cfg->ingestor, args.config_path);
  log::Init(kService, cfg->log);

  // Config errors first, before anything is opened.
  absl::StatusOr<rules::RulesEngine> engine =
      rules::BuildRulesEngine(cfg->rules);
  if (!engine.ok()) runtime::Die(kService, engine.status());
  auto query_app = query::QueryApp::Load(cfg->query);
  if (!query_app.ok()) runtime::Die(kService, query_app.status());
  auto escalator_app = escalator::EscalatorApp::Load(cfg->escalator);
  if (!escalator_app.ok()) runtime::Die(kService, escalator_app.status());

  auto db = embedded::EmbeddedDb::Open(cfg->storage.data_dir,
                                       {cfg->storage.sync_writes});
  if (!db.ok()) runtime::Die(kService, db.status());
  core::SystemClock clock;
  auto opened_log =
      embedded::EmbeddedEventLog::Open(*db, cfg->storage.partitions, clock);
  if (!opened_log.ok()) runtime::Die(kService, opened_log.status());
  if (export_log->parsed()) {
    auto exported = standalone::ExportLogToKafka(**opened_log, export_bootstrap,
                                                 cfg->storage.partitions);
    if (!exported.ok()) runtime::Die(kService, exported.status());
    for (const auto& [topic, records] : *exported) {
      std::printf("%s: %lld records\n", topic.c_str(),
                  static_cast<long long>(records));
    }
    return 0;
  }
  embedded::EmbeddedStateStore store(*db);
  if (replay_cmd->parsed()) {
    return standalone::ReplayEmbedded(cfg->rules, *engine, **opened_log, store,
                                      std::cout, std::cerr);
  }
  embedded::EmbeddedDedupStore dedup(
      *db, clock, absl::Seconds(cfg->ingestor.dedup_window_seconds),
      cfg->ingestor.dedup_pending_ttl());

  // Claims of the previous run's writes in progress (that process is gone).
  absl::StatusOr<size_t> released = dedup.ReleaseAllPending();
  if (!released.ok()) runtime::Die(kService, released.status());
  if (*released > 0) {
    spdlog::warn(
        "released {} event ids claimed by writes cut short by the "
        "last stop",
        *released);
  }
  if (absl::StatusOr<size_t> purged = dedup.Purge(); !purged.ok()) {
    runtime::Die(kService, purged.status());
  }

  auto registry = std::make_shared<prometheus::Registry>();
  auto metrics =
      metrics::MetricsServer::Start(cfg->metrics.listen, registry, kService);
  if (!metrics.ok()) runtime::Die(kService, metrics.status());
  embedded::EmbeddedEventLog& event_log = **opened_log;
  auto log_metrics =
      std::make_shared<embedded::EmbeddedLogCollector>(event_log);
  (*metrics)->Add(log_metrics);
  const events::SourceFactory make_source =
      [&event_log](std::vector<std::string> topics, events::StartOffsetFn start,
                   events::AssignmentFn on_assign)
      -> absl::StatusOr<std::unique_ptr<events::RecordSource>> {
    return event_log.NewSource(std::move(topics), std::move(start),
                               std::move(on_assign));
  };

  auto rules_app =
      rules::RulesApp::Create(cfg->rules, *std::move(engine), store, event_log,
                              make_source, clock, *registry);
  if (!rules_app.ok()) runtime::Die(kService, rules_app.status());
  if (absl::Status s = (*rules_app)->Start(runtime::RequestShutdown); !s.ok()) {
    runtime::Die(kService, s);
  }
  if (absl::Status s = (*escalator_app)
                           ->Start(store, event_log, make_source, clock,
                                   *registry, runtime::RequestShutdown);
      !s.ok()) {
    runtime::Die(kService, s);
  }
  if (absl::Status s = (*query_app)->Start(store, clock, *registry); !s.ok()) {
    runtime::Die(kService, s);
  }
  (*metrics)->Add((*query_app)->supervision());
  auto ingest = ingestor::IngestorApp::Start(cfg->ingestor, event_log, dedup,
                                             clock, *registry);
  if (!ingest.ok()) runtime::Die(kService, ingest.status());

  spdlog::info(
      "data in {}; ingest gRPC on {}, HTTP on {}; query gRPC on {}; "
      "escalation gRPC on {}; calendar {}; metrics on {}",
      cfg->storage.data_dir, (*ingest)->grpc_address(),
      (*ingest)->http_address(), (*query_app)->Describe(),
      (*escalator_app)->address(), (*rules_app)->calendar_version(),
      (*metrics)->address());
  if (!args.ready_file.empty()) {
    absl::Status s = runtime::WriteReadyFile(
        args.ready_file, {{"grpc", (*ingest)->grpc_address()},
                          {"http", (*ingest)->http_address()},
                          {"query", (*query_app)->address()},
                          {"escalator", (*escalator_app)->address()},
                          {"metrics", (*metrics)->address()}});
    if (!s.ok()) runtime::Die(kService, s);
  }
  const int sig = runtime::WaitForShutdownSignal();
  spdlog::info("signal {}: shutting down", sig);
  // Inputs first, so everything accepted is processed by what follows.
  (*ingest)->Stop();
  (*query_app)->Stop();
  absl::Status escalation_status = (*escalator_app)->Stop();
  absl::Status rules_status = (*rules_app)->Stop();
  // The parts before the stores they use.
  ingest->reset();
  rules_app->reset();
  escalator_app->reset();
  query_app->reset();
  return escalation_status.ok() && rules_status.ok() ? 0 : 1;
}
