#include "services/escalator/escalator_app.h"

#include <grpcpp/grpcpp.h>

#include "common/calendar/calendar_loader.h"
#include "common/events/topics.h"
#include "common/runtime/grpc_server.h"
#include "common/store/key_layout.h"
#include "services/escalator/alertmanager_channel.h"
#include "services/escalator/email_channel.h"
#include "services/escalator/escalator_loop.h"
#include "services/escalator/escalator_probe.h"
#include "services/escalator/grpc_escalation_service.h"
#include "services/escalator/webhook_channel.h"

namespace giamsat::escalator {

CoreTopics TopicsOf(const EscalatorConfig& cfg) {
  const events::Topics topics(cfg.kafka.topic_prefix);
  return CoreTopics{
      topics.Alerts(), cfg.kafka.topic_prefix + "giamsat.audit.v1",
      cfg.kafka.topic_prefix + "giamsat.notifications-dead-letter.v1"};
}

struct EscalatorApp::Parts {
  EscalatorConfig cfg;
  std::unique_ptr<escalation::EscalationPolicy> policy;
  std::vector<std::unique_ptr<Channel>> channels;
  // Built by Start().
  std::unique_ptr<EscalatorProbe> probe;
  std::unique_ptr<EscalatorCore> core;
  std::unique_ptr<events::RecordSource> source;
  std::unique_ptr<GrpcEscalationService> service;
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<EscalatorLoop> loop;
};

EscalatorApp::EscalatorApp(std::unique_ptr<Parts> parts)
    : parts_(std::move(parts)) {}

EscalatorApp::~EscalatorApp() { Stop().IgnoreError(); }

size_t EscalatorApp::channels() const { return parts_->channels.size(); }

absl::StatusOr<std::unique_ptr<EscalatorApp>> EscalatorApp::Load(
    const EscalatorConfig& cfg) {
  auto parts = std::make_unique<Parts>();
  parts->cfg = cfg;
  absl::StatusOr<calendar::Calendar> cal =
      calendar::LoadCalendar(cfg.calendar_base, cfg.calendar_overrides);
  if (!cal.ok()) return cal.status();
  absl::StatusOr<units::UnitTree> unit_tree =
      units::UnitTree::LoadFile(cfg.units_file);
  if (!unit_tree.ok()) return unit_tree.status();
  parts->policy = std::make_unique<escalation::EscalationPolicy>(
      cfg.policy, std::make_shared<calendar::Calendar>(std::move(*cal)),
      std::make_shared<units::UnitTree>(std::move(*unit_tree)));
  if (!cfg.email.smtp_url.empty()) {
    auto email = EmailChannel::Create(cfg.email);
    if (!email.ok()) return email.status();
    parts->channels.push_back(std::move(*email));
  }
  if (!cfg.webhook.url.empty()) {
    auto webhook = WebhookChannel::Create(cfg.webhook);
    if (!webhook.ok()) return webhook.status();
    parts->channels.push_back(std::move(*webhook));
  }
  if (!cfg.alertmanager.url.empty()) {
    auto am = AlertmanagerChannel::Create(cfg.alertmanager);
    if (!am.ok()) return am.status();
    parts->channels.push_back(std::move(*am));
  }
  return std::unique_ptr<EscalatorApp>(new EscalatorApp(std::move(parts)));
}

absl::Status EscalatorApp::Start(store::StateStore& store,
                                 events::EventPublisher& log,
                                 const events::SourceFactory& make_source,
                                 const core::Clock& clock,
                                 prometheus::Registry& registry,
                                 std::function<void()> on_failure) {
  Parts& p = *parts_;
  const EscalatorConfig& cfg = p.cfg;
  std::vector<Channel*> channel_ptrs;
  for (auto& c : p.channels) channel_ptrs.push_back(c.get());
  const CoreTopics core_topics = TopicsOf(cfg);
  p.probe = std::make_unique<EscalatorProbe>(registry);
  p.core = std::make_unique<EscalatorCore>(
      store, store::KeyLayout(cfg.redis.key_prefix), *p.policy, channel_ptrs,
      clock, *p.probe, cfg.delivery, core_topics);
  if (absl::Status s = p.core->Recover(); !s.ok()) return s;
  EscalatorCore* core = p.core.get();
  auto source = make_source(
      {core_topics.alerts},
      [core](const events::TopicPartition& tp) {
        return core->StoredOffset(tp);
      },
      [core](const std::vector<events::TopicPartition>& owned) {
        core->OnAssignment(owned);
      });
  if (!source.ok()) return source.status();
  p.source = std::move(*source);

  p.service = std::make_unique<GrpcEscalationService>(*p.core);
  grpc::ServerBuilder builder;
  builder.RegisterService(p.service.get());
  auto server = runtime::StartGrpcServer(
      builder, cfg.grpc_listen, grpc::InsecureServerCredentials(), &address_);
  if (!server.ok()) return server.status();
  p.server = std::move(*server);

  p.loop = std::make_unique<EscalatorLoop>(*p.source, *p.core, log, cfg.loop());
  consumer_.Start([this] { return parts_->loop->Run(); },
                  std::move(on_failure));
  return absl::OkStatus();
}

absl::Status EscalatorApp::Stop() {
  if (parts_->server) {
    parts_->server->Shutdown(std::chrono::system_clock::now() +
                             std::chrono::seconds(2));
    parts_->server.reset();
  }
  return consumer_.Join([this] { parts_->loop->Stop(); });
}

}  // namespace giamsat::escalator
