// giamsat-escalator's pipeline on the real servers: alerts from Kafka,
// state in Redis, e-mail to a real SMTP server on loopback (Debian's
// python3-aiosmtpd), a signed webhook to an in-test HTTP receiver, and the
// real Prometheus Alertmanager. Working time comes from a fake clock (the
// timeouts are in working hours), so the test never waits for them.
// Needs GIAMSAT_TEST_KAFKA_BOOTSTRAP, GIAMSAT_TEST_REDIS_ADDR and
// GIAMSAT_TEST_ALERTMANAGER_URL (deploy/local/stack.sh up ... alertmanager).
#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "common/calendar/calendar_loader.h"
#include "common/events/topics.h"
#include "common/kafka/kafka_admin.h"
#include "common/kafka/kafka_publisher.h"
#include "common/kafka/kafka_source.h"
#include "common/redis/redis_state_store.h"
#include "common/testing/fake_clock.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "services/escalator/alertmanager_channel.h"
#include "services/escalator/email_channel.h"
#include "services/escalator/escalator_loop.h"
#include "services/escalator/grpc_escalation_service.h"
#include "services/escalator/webhook_channel.h"
#include "tests/support/local_ports.h"
#include "tests/support/shipped_calendar.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_env.h"

namespace giamsat::escalator {
namespace {

using testing::Eventually;
using testing::FreePort;
using testing::Listening;

absl::Time At(int y, int mo, int d, int h, int mi) {
  return absl::FromCivil(absl::CivilMinute(y, mo, d, h, mi),
                         absl::FixedTimeZone(7 * 3600));
}

// The messages in a Maildir addressed to `address`.
std::vector<std::string> MailsTo(const std::string& maildir,
                                 const std::string& address) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& f :
       std::filesystem::directory_iterator(maildir + "/new", ec)) {
    std::ifstream in(f.path());
    std::stringstream text;
    text << in.rdbuf();
    if (absl::StrContains(text.str(), "To: " + address + "\r\n") ||
        absl::StrContains(text.str(), "To: " + address + "\n")) {
      out.push_back(text.str());
    }
  }
  return out;
}

struct Webhook {
  std::string body;
  std::string signature;
};

class EscalatorDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    prefix_ = testing::UniquePrefix();
    kafka_.bootstrap = testing::KafkaBootstrap();
    kafka_.partitions = 1;
    kafka_.topic_prefix = prefix_;
    kafka_.group_id = prefix_ + "escalator";
    redis_.address = testing::RedisAddress();
    alertmanager_url_ = testing::RequiredEnv("GIAMSAT_TEST_ALERTMANAGER_URL");
    topics_ = {events::Topics(prefix_).Alerts(), prefix_ + "audit",
               prefix_ + "dead"};
    ASSERT_TRUE(kafka::EnsureTopics(kafka_, {topics_.alerts, topics_.audit,
                                             topics_.dead_letter})
                    .ok());
    auto store = redis::RedisStateStore::Connect(
        redis_, store::KeyLayout(prefix_), registry_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);

    // SMTP sink on loopback.
    tempdir_ = testing::MakeTempDir();
    maildir_ = tempdir_ + "/mail";
    const int smtp_port = FreePort();
    smtp_ = std::make_unique<testing::Subprocess>(
        "/usr/bin/python3",
        std::vector<std::string>{"-m", "aiosmtpd", "-n", "-l",
                                 "127.0.0.1:" + std::to_string(smtp_port), "-c",
                                 "aiosmtpd.handlers.Mailbox", maildir_},
        maildir_ + ".log");
    ASSERT_TRUE(
        Eventually([&] { return Listening(smtp_port); }, absl::Seconds(20)))
        << smtp_->Output();
    // Webhook receiver on port 0.
    webhook_server_.Post("/hook", [this](const httplib::Request& req,
                                         httplib::Response& res) {
      absl::MutexLock lock(&mu_);
      hooks_.push_back({req.body, req.get_header_value("X-Giamsat-Signature")});
      res.status = 200;
    });
    const int hook_port = webhook_server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(hook_port, 0);
    webhook_thread_ =
        std::thread([this] { webhook_server_.listen_after_bind(); });

    setenv("GIAMSAT_TEST_HOOK_SECRET", "integration-secret", 1);
    WebhookConfig wc;
    wc.url = "http://127.0.0.1:" + std::to_string(hook_port) + "/hook";
    wc.secret_env = "GIAMSAT_TEST_HOOK_SECRET";
    EmailConfig ec;
    ec.smtp_url = "smtp://127.0.0.1:" + std::to_string(smtp_port);
    ec.from = "giamsat@example.org";
    AlertmanagerConfig ac;
    ac.url = alertmanager_url_;
    auto webhook = WebhookChannel::Create(wc);
    auto email = EmailChannel::Create(ec);
    auto am = AlertmanagerChannel::Create(ac);
    ASSERT_TRUE(webhook.ok() && email.ok() && am.ok());
    webhook_ = std::move(*webhook);
    email_ = std::move(*email);
    am_ = std::move(*am);

    escalation::PolicyConfig pc;
    pc.grouping_window = absl::Minutes(5);
    pc.repeat_every = absl::Hours(8);
    pc.levels = {{{}, absl::Hours(4)},
                 {{"ward", "department"}, absl::Hours(8)},
                 {{"city"}, absl::Hours(8)}};
    pc.routes = {escalation::Route{}};
    pc.contacts = {
        {"HN.UBND.YENHOA.VP",
         {"Chánh Văn phòng", "vp.yenhoa@example.org", true, true}},
        {"HN.UBND.YENHOA", {"Chủ tịch phường", "ct.yenhoa@example.org", true}},
        {"HN", {"Trưởng đoàn kiểm tra", "thanhtra@example.org", true}}};
    auto units = units::UnitTree::LoadFile(
        GIAMSAT_SOURCE_DIR "/deploy/config/reference/units.yaml");
    ASSERT_TRUE(units.ok()) << units.status();
    policy_ = std::make_unique<escalation::EscalationPolicy>(
        pc, testing::ShippedCalendar(),
        std::make_shared<units::UnitTree>(std::move(*units)));
  }

  void TearDown() override {
    if (loop_) loop_->Stop();
    if (loop_thread_.joinable()) loop_thread_.join();
    if (source_) source_->Close();
    webhook_server_.stop();
    if (webhook_thread_.joinable()) webhook_thread_.join();
    smtp_.reset();
    if (!tempdir_.empty() && !HasFailure())
      std::filesystem::remove_all(tempdir_);
  }

  void StartEscalator() {
    probe_ = std::make_unique<EscalatorProbe>(registry_);
    core_ = std::make_unique<EscalatorCore>(
        *store_, store::KeyLayout(prefix_), *policy_,
        std::vector<Channel*>{email_.get(), webhook_.get(), am_.get()}, clock_,
        *probe_, DeliveryPolicy{}, topics_);
    ASSERT_TRUE(core_->Recover().ok());
    auto source = kafka::KafkaSource::Create(
        kafka_, "escalator-test", {topics_.alerts},
        [this](const events::TopicPartition& tp) {
          return core_->StoredOffset(tp);
        },
        [this](const std::vector<events::TopicPartition>& owned) {
          core_->OnAssignment(owned);
        },
        registry_);
    ASSERT_TRUE(source.ok()) << source.status();
    source_ = std::move(*source);
    auto log =
        kafka::KafkaPublisher::Create(kafka_, "escalator-test", registry_);
    ASSERT_TRUE(log.ok());
    log_ = std::move(*log);
    loop_ =
        std::make_unique<EscalatorLoop>(*source_, *core_, *log_, LoopConfig{});
    loop_thread_ = std::thread([this] { (void)loop_->Run(); });
  }

  void PublishOverdue(const std::string& alert_id) {
    v1::Alert a;
    a.set_alert_id(alert_id);
    a.set_rule_id("DOSSIER_OVERDUE");
    a.set_severity(v1::SEVERITY_CRITICAL);
    a.set_state(v1::ALERT_FIRING);
    a.set_subject_type(v1::SUBJECT_DOSSIER);
    a.set_subject_id(Subject());
    a.set_unit_id("HN.UBND.YENHOA.VP");
    auto publisher = kafka::KafkaPublisher::Create(kafka_, "test", registry_);
    ASSERT_TRUE(publisher.ok());
    for (const auto& s : (*publisher)
                             ->PublishBatch({{topics_.alerts, a.subject_id(),
                                              a.SerializeAsString()}})) {
      ASSERT_TRUE(s.ok()) << s;
    }
  }

  // Unique per run: Alertmanager is shared by test runs.
  std::string Subject() const { return prefix_ + "YENHOA-2026-0123"; }
  size_t Hooks() {
    absl::MutexLock lock(&mu_);
    return hooks_.size();
  }
  size_t PendingEscalationKeys() {
    auto h = store_->GetHashes({store::KeyLayout(prefix_).Escalations()});
    return h.ok() ? h->at(0).size() : 0;
  }

  std::string prefix_;
  std::string alertmanager_url_;
  std::string tempdir_;  // kept when a test fails, for its mail and logs
  std::string maildir_;
  config::KafkaConfig kafka_;
  config::RedisConfig redis_;
  CoreTopics topics_;
  prometheus::Registry registry_;
  std::unique_ptr<redis::RedisStateStore> store_;
  std::unique_ptr<testing::Subprocess> smtp_;
  httplib::Server webhook_server_;
  std::thread webhook_thread_;
  absl::Mutex mu_;
  std::vector<Webhook> hooks_;
  std::unique_ptr<Channel> webhook_, email_, am_;
  std::unique_ptr<escalation::EscalationPolicy> policy_;
  testing::FakeClock clock_{At(2026, 11, 30, 9, 0)};  // Monday
  std::unique_ptr<EscalatorProbe> probe_;
  std::unique_ptr<EscalatorCore> core_;
  std::unique_ptr<kafka::KafkaSource> source_;
  std::unique_ptr<kafka::KafkaPublisher> log_;
  std::unique_ptr<EscalatorLoop> loop_;
  std::thread loop_thread_;
};

TEST_F(EscalatorDeliveryTest, OverdueDossierNotifiesEscalatesAndStopsOnAck) {
  StartEscalator();
  PublishOverdue("alert-overdue-1");
  ASSERT_TRUE(Eventually([&] { return PendingEscalationKeys() == 1; },
                         absl::Seconds(60)));
  // The grouping window ends: exactly one notice to the office head, by
  // e-mail and webhook, and the alert in Alertmanager.
  clock_.Advance(absl::Minutes(5));
  ASSERT_TRUE(Eventually(
      [&] {
        return MailsTo(maildir_, "vp.yenhoa@example.org").size() == 1 &&
               Hooks() == 1 && core_->pending_deliveries() == 0;
      },
      absl::Seconds(30)));
  {
    absl::MutexLock lock(&mu_);
    const Webhook& hook = hooks_[0];
    EXPECT_EQ(hook.signature,
              "sha256=" + HmacSha256Hex("integration-secret", hook.body));
    auto body = nlohmann::json::parse(hook.body);
    EXPECT_EQ(body["recipient"], "HN.UBND.YENHOA.VP");
    EXPECT_EQ(body["kind"], "NOTIFICATION_FIRING");
  }
  EXPECT_TRUE(MailsTo(maildir_, "ct.yenhoa@example.org").empty());

  httplib::Client am(alertmanager_url_);
  nlohmann::json shown;
  ASSERT_TRUE(Eventually(
      [&] {
        auto res = am.Get("/api/v2/alerts");
        if (!res || res->status != 200) return false;
        for (const auto& a : nlohmann::json::parse(res->body)) {
          if (a["labels"].value("unit", "") == "HN.UBND.YENHOA.VP" &&
              a["labels"].value("rule", "") == "DOSSIER_OVERDUE" &&
              a["annotations"].value("subjects", "") == Subject()) {
            shown = a;
            return true;
          }
        }
        return false;
      },
      absl::Seconds(30)));
  EXPECT_EQ(shown["labels"]["alertname"], "DOSSIER_OVERDUE");
  EXPECT_EQ(shown["labels"]["severity"], "critical");

  // Not acknowledged within 4 working hours (09:05 + 4 h with the lunch
  // break = 14:05): the ward chair hears about it.
  clock_.Set(At(2026, 11, 30, 14, 5));
  ASSERT_TRUE(Eventually(
      [&] {
        return MailsTo(maildir_, "ct.yenhoa@example.org").size() == 1 &&
               Hooks() == 2 && core_->pending_deliveries() == 0;
      },
      absl::Seconds(30)));

  // Acknowledged over gRPC: no more notices, however long we wait.
  GrpcEscalationService service(*core_);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(&service);
  auto server = builder.BuildAndStart();
  ASSERT_GT(port, 0);
  auto stub = v1::EscalationService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  v1::AckAlertRequest req;
  req.set_alert_id("alert-overdue-1");
  req.set_acknowledged_by("truong.doan");
  v1::AckAlertResponse resp;
  ASSERT_TRUE(stub->AckAlert(&ctx, req, &resp).ok());
  EXPECT_EQ(resp.acknowledged_by(), "truong.doan");

  clock_.Set(At(2026, 12, 3, 9, 0));
  ASSERT_TRUE(core_->Tick().ok());
  ASSERT_TRUE(core_->Deliver(*log_).ok());
  EXPECT_EQ(core_->pending_deliveries(), 0u);
  EXPECT_EQ(Hooks(), 2u);
  EXPECT_TRUE(MailsTo(maildir_, "thanhtra@example.org").empty());
  EXPECT_EQ(MailsTo(maildir_, "vp.yenhoa@example.org").size(), 1u);

  // The audit trail is queryable.
  grpc::ClientContext actx;
  v1::ListAuditEntriesRequest areq;
  areq.set_unit_id("HN.UBND.YENHOA.VP");
  v1::ListAuditEntriesResponse aresp;
  ASSERT_TRUE(stub->ListAuditEntries(&actx, areq, &aresp).ok());
  int notified = 0, escalated = 0, acked = 0;
  for (const auto& e : aresp.entries()) {
    notified += e.kind() == v1::AUDIT_NOTIFIED;
    escalated += e.kind() == v1::AUDIT_ESCALATED;
    acked += e.kind() == v1::AUDIT_ACKNOWLEDGED;
  }
  EXPECT_EQ(notified, 2);
  EXPECT_EQ(escalated, 1);
  EXPECT_EQ(acked, 1);
  server->Shutdown();

  // ... and on the audit topic, acknowledgement included.
  config::KafkaConfig reader = kafka_;
  reader.group_id = prefix_ + "audit-reader";
  auto audit = kafka::KafkaSource::Create(
      reader, "audit-reader", {topics_.audit},
      [](const events::TopicPartition&) {
        return absl::StatusOr<std::optional<int64_t>>(std::nullopt);
      },
      [](const std::vector<events::TopicPartition>&) {}, registry_);
  ASSERT_TRUE(audit.ok()) << audit.status();
  std::vector<v1::AuditEntry> on_topic;
  ASSERT_TRUE(Eventually(
      [&] {
        auto records = (*audit)->Poll(100, absl::Milliseconds(100));
        if (!records.ok()) return false;
        for (const auto& r : *records) {
          if (!on_topic.emplace_back().ParseFromString(r.value)) return false;
        }
        return std::any_of(on_topic.begin(), on_topic.end(), [](const auto& e) {
          return e.kind() == v1::AUDIT_ACKNOWLEDGED &&
                 e.actor() == "truong.doan";
        });
      },
      absl::Seconds(60)));
  (*audit)->Close();
}

}  // namespace
}  // namespace giamsat::escalator
