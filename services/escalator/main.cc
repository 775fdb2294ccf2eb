// giamsat-escalator: consumes the alerts topic and escalates alerts to the
// people responsible (docs/escalation.md). Wiring only.
#include <grpcpp/grpcpp.h>

#include <thread>

#include "common/calendar/calendar_loader.h"
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
#include "services/escalator/escalator_config.h"
#include "services/escalator/escalator_core.h"
#include "services/escalator/escalator_loop.h"
#include "services/escalator/grpc_escalation_service.h"
#include "spdlog/spdlog.h"

namespace {
constexpr char kService[] = "giamsat-escalator";
}

int main(int argc, char** argv) {
  using namespace giamsat;
  runtime::BlockShutdownSignals();
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

  absl::StatusOr<calendar::Calendar> cal =
      calendar::LoadCalendar(cfg->calendar_base, cfg->calendar_overrides);
  if (!cal.ok()) runtime::Die(kService, cal.status());
  absl::StatusOr<units::UnitTree> unit_tree =
      units::UnitTree::LoadFile(cfg->units_file);
  if (!unit_tree.ok()) runtime::Die(kService, unit_tree.status());
  escalation::EscalationPolicy policy(
      cfg->policy, std::make_shared<calendar::Calendar>(std::move(*cal)),
      std::make_shared<units::UnitTree>(std::move(*unit_tree)));

  std::vector<std::unique_ptr<escalator::Channel>> channels;
  if (!cfg->email.smtp_url.empty()) {
    auto email = escalator::EmailChannel::Create(cfg->email);
    if (!email.ok()) runtime::Die(kService, email.status());
    channels.push_back(std::move(*email));
  }
  if (!cfg->webhook.url.empty()) {
    auto webhook = escalator::WebhookChannel::Create(cfg->webhook);
    if (!webhook.ok()) runtime::Die(kService, webhook.status());
    channels.push_back(std::move(*webhook));
  }
  if (!cfg->alertmanager.url.empty()) {
    auto am = escalator::AlertmanagerChannel::Create(cfg->alertmanager);
    if (!am.ok()) runtime::Die(kService, am.status());
    channels.push_back(std::move(*am));
  }
  std::vector<escalator::Channel*> channel_ptrs;
  for (auto& c : channels) channel_ptrs.push_back(c.get());

  auto registry = std::make_shared<prometheus::Registry>();
  auto store = redis::RedisStateStore::Connect(
      cfg->redis, store::KeyLayout(cfg->redis.key_prefix), *registry);
  if (!store.ok()) runtime::Die(kService, store.status());
  if (absl::Status s = kafka::CheckReachable(cfg->kafka); !s.ok()) {
    runtime::Die(kService, s);
  }
  events::Topics topics(cfg->kafka.topic_prefix);
  const escalator::CoreTopics core_topics{
      topics.Alerts(), cfg->kafka.topic_prefix + "giamsat.audit.v1",
      cfg->kafka.topic_prefix + "giamsat.notifications-dead-letter.v1"};
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
  escalator::EscalatorProbe probe(*registry);
  escalator::EscalatorCore core(
      **store, store::KeyLayout(cfg->redis.key_prefix), policy, channel_ptrs,
      clock, probe, cfg->delivery, core_topics);
  if (absl::Status s = core.Recover(); !s.ok()) runtime::Die(kService, s);
  auto source = kafka::KafkaSource::Create(
      cfg->kafka, kService, {core_topics.alerts},
      [&core](const events::TopicPartition& tp) {
        return core.StoredOffset(tp);
      },
      [&core](const std::vector<events::TopicPartition>& owned) {
        core.OnAssignment(owned);
      },
      *registry);
  if (!source.ok()) runtime::Die(kService, source.status());

  escalator::GrpcEscalationService service(core);
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

  escalator::EscalatorLoop loop(**source, core, **log, cfg->loop());
  absl::Status loop_status;
  std::thread consumer([&] {
    loop_status = loop.Run();
    if (!loop_status.ok()) {
      spdlog::critical("consumer stopped: {}", loop_status.ToString());
      runtime::RequestShutdown();
    }
  });
  spdlog::info("consuming {}; {} channel(s); gRPC on {}; metrics on {}",
               core_topics.alerts, channels.size(), address,
               (*metrics)->address());
  if (!args.ready_file.empty()) {
    absl::Status s = runtime::WriteReadyFile(
        args.ready_file,
        {{"grpc", address}, {"metrics", (*metrics)->address()}});
    if (!s.ok()) runtime::Die(kService, s);
  }
  const int sig = runtime::WaitForShutdownSignal();
  spdlog::info("signal {}: shutting down", sig);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  loop.Stop();
  consumer.join();
  (*source)->Close();
  return loop_status.ok() ? 0 : 1;
}
