// The shipped giamsat-escalator over real sockets: an alert on Kafka gives
// one webhook notice, `giamsatctl ack` records who acknowledged, the audit
// trail (gRPC and `giamsatctl audit`, from the escalator and through the
// query service) and metrics show it, and a restart keeps the state (no
// second notice). Uses the real wall clock: the alert is critical
// (no quiet hours) and the grouping window is zero, so no working-hour timeout
// is waited for.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>

#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "common/events/topics.h"
#include "common/kafka/kafka_publisher.h"
#include "giamsat/v1/escalation.grpc.pb.h"
#include "giamsat/v1/query.grpc.pb.h"
#include "httplib.h"
#include "prometheus/registry.h"
#include "tests/e2e/service_fixture.h"
#include "tests/support/test_env.h"

namespace giamsat::e2e {
namespace {

class EscalatorE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hooks_server_.Post(
        "/hook", [this](const httplib::Request& req, httplib::Response& res) {
          absl::MutexLock lock(&mu_);
          bodies_.push_back(req.body);
          res.status = 204;
        });
    const int port = hooks_server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port, 0);
    hooks_thread_ = std::thread([this] { hooks_server_.listen_after_bind(); });
    config_ = services_.dir() + "/escalator.yaml";
    std::ofstream(config_) << "webhook: {url: \"http://127.0.0.1:" << port
                           << "/hook\", secret_env: GIAMSAT_E2E_HOOK_SECRET}\n"
                           << "escalation: {grouping_window_seconds: 0}\n"
                           << "policy:\n  contacts:\n    HN.UBND.YENHOA.VP: "
                              "{name: VP, webhook: true}\n";
    setenv("GIAMSAT_E2E_HOOK_SECRET", "e2e-secret", 1);
  }
  void TearDown() override {
    hooks_server_.stop();
    if (hooks_thread_.joinable()) hooks_thread_.join();
  }

  std::vector<std::string> Args() const {
    return services_.EscalatorArgs(
        config_, GIAMSAT_SOURCE_DIR "/deploy/config/reference/units.yaml");
  }
  // Whether the /metrics of the escalator whose ready file is `ready` come
  // to contain `text` within a minute.
  static bool MetricsShow(const std::string& ready, const std::string& text) {
    httplib::Client metrics("http://" +
                            testing::ReadyFileValue(ready, "metrics"));
    return testing::Eventually(
        [&] {
          auto res = metrics.Get("/metrics");
          return res && absl::StrContains(res->body, text);
        },
        absl::Seconds(60));
  }
  size_t Hooks() {
    absl::MutexLock lock(&mu_);
    return bodies_.size();
  }

  Services services_;
  std::string config_;
  httplib::Server hooks_server_;
  std::thread hooks_thread_;
  absl::Mutex mu_;
  std::vector<std::string> bodies_;
};

TEST_F(EscalatorE2eTest, AlertIsNotifiedAcknowledgedAndSurvivesRestart) {
  std::string ready;
  auto escalator = services_.Start("escalator", Args(), &ready);
  ASSERT_FALSE(ready.empty());
  const std::string grpc_addr = testing::ReadyFileValue(ready, "grpc");

  v1::Alert alert;
  alert.set_alert_id(services_.prefix() + "alert-1");
  alert.set_rule_id("DOSSIER_OVERDUE");
  alert.set_severity(v1::SEVERITY_CRITICAL);
  alert.set_state(v1::ALERT_FIRING);
  alert.set_subject_id("YENHOA-2026-0123");
  alert.set_unit_id("HN.UBND.YENHOA.VP");
  config::KafkaConfig kafka;
  kafka.bootstrap = testing::KafkaBootstrap();
  prometheus::Registry registry;
  auto publisher = kafka::KafkaPublisher::Create(kafka, "e2e", registry);
  ASSERT_TRUE(publisher.ok());
  const std::string topic = events::Topics(services_.prefix()).Alerts();
  for (const auto& s : (*publisher)
                           ->PublishBatch({{topic, alert.subject_id(),
                                            alert.SerializeAsString()}})) {
    ASSERT_TRUE(s.ok()) << s;
  }
  ASSERT_TRUE(
      testing::Eventually([&] { return Hooks() == 1; }, absl::Seconds(60)))
      << escalator->Output();
  {
    absl::MutexLock lock(&mu_);
    EXPECT_TRUE(
        absl::StrContains(bodies_[0], "\"recipient\":\"HN.UBND.YENHOA.VP\""))
        << bodies_[0];
  }

  testing::Subprocess ack(BinaryOf("ctl"),
                          {"ack", "--escalator", grpc_addr, "--alert",
                           alert.alert_id(), "--by", "e2e.tester"},
                          services_.dir() + "/ack.log");
  ASSERT_EQ(ack.WaitForExit(absl::Seconds(30)), 0) << ack.Output();
  EXPECT_TRUE(absl::StrContains(ack.Output(), "acknowledged by e2e.tester"))
      << ack.Output();

  ASSERT_TRUE(MetricsShow(ready,
                          "giamsat_escalator_deliveries_total{channel="
                          "\"webhook\",outcome=\"delivered\"} 1"));

  // A restart keeps the acknowledged escalation and sends nothing again.
  ASSERT_EQ(escalator->Stop(), 0) << escalator->Output();
  escalator = services_.Start("escalator", Args(), &ready);
  ASSERT_FALSE(ready.empty());
  // It decides (and takes acknowledgements) once the group assigned it the
  // alerts partitions and it took the fence (docs/escalation.md).
  ASSERT_TRUE(MetricsShow(ready, "\ngiamsat_escalator_active 1"));
  auto stub = v1::EscalationService::NewStub(
      grpc::CreateChannel(testing::ReadyFileValue(ready, "grpc"),
                          grpc::InsecureChannelCredentials()));
  v1::ListAuditEntriesRequest req;
  req.set_unit_id("HN.UBND.YENHOA.VP");
  v1::ListAuditEntriesResponse resp;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub->ListAuditEntries(&ctx, req, &resp).ok());
  std::vector<v1::AuditKind> kinds;
  for (const auto& e : resp.entries()) kinds.push_back(e.kind());
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), v1::AUDIT_NOTIFIED), 1);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), v1::AUDIT_DELIVERED), 1);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), v1::AUDIT_ACKNOWLEDGED), 1);
  v1::AckAlertRequest again;
  again.set_alert_id(alert.alert_id());
  again.set_acknowledged_by("someone.else");
  v1::AckAlertResponse ack_resp;
  grpc::ClientContext ack_ctx;
  ASSERT_TRUE(stub->AckAlert(&ack_ctx, again, &ack_resp).ok());
  EXPECT_TRUE(ack_resp.already_acknowledged());
  EXPECT_EQ(ack_resp.acknowledged_by(), "e2e.tester");
  EXPECT_EQ(Hooks(), 1u);

  testing::Subprocess audit(
      BinaryOf("ctl"),
      {"audit", "--escalator", testing::ReadyFileValue(ready, "grpc"), "--unit",
       "HN.UBND.YENHOA.VP"},
      services_.dir() + "/audit.log");
  ASSERT_EQ(audit.WaitForExit(absl::Seconds(30)), 0) << audit.Output();
  EXPECT_TRUE(absl::StrContains(audit.Output(), "AUDIT_ACKNOWLEDGED"))
      << audit.Output();
  EXPECT_TRUE(absl::StrContains(audit.Output(), "e2e.tester"))
      << audit.Output();
  EXPECT_TRUE(absl::StrContains(audit.Output(), "via webhook"))
      << audit.Output();

  // The same trail through the query service, which reads the escalator's
  // keys: by the ward's subtree, paged one entry at a time, and by alert.
  std::string query_ready;
  std::vector<std::string> query_args = services_.QueryArgs();
  query_args.insert(query_args.end(),
                    {"--set", "reference.units_file=" GIAMSAT_SOURCE_DIR
                              "/deploy/config/reference/units.yaml"});
  auto query = services_.Start("query", query_args, &query_ready);
  ASSERT_FALSE(query_ready.empty());
  const std::string query_addr = testing::ReadyFileValue(query_ready, "grpc");
  auto query_stub = v1::QueryService::NewStub(
      grpc::CreateChannel(query_addr, grpc::InsecureChannelCredentials()));
  v1::ListAuditTrailRequest trail;
  trail.set_unit_id("HN.UBND.YENHOA");
  trail.set_include_subtree(true);
  trail.set_page_size(1);
  std::vector<std::string> via_query;
  for (int page = 0; page < 20; ++page) {
    v1::ListAuditTrailResponse listed;
    grpc::ClientContext trail_ctx;
    ASSERT_TRUE(query_stub->ListAuditEntries(&trail_ctx, trail, &listed).ok());
    for (const auto& e : listed.entries()) via_query.push_back(e.entry_id());
    if (listed.next_page_token().empty()) break;
    trail.set_page_token(listed.next_page_token());
  }
  std::vector<std::string> direct;
  for (const auto& e : resp.entries()) direct.push_back(e.entry_id());
  EXPECT_EQ(via_query, direct);
  trail.clear_page_token();
  trail.set_page_size(0);
  trail.set_alert_id("no-such-alert");
  v1::ListAuditTrailResponse none;
  grpc::ClientContext none_ctx;
  ASSERT_TRUE(query_stub->ListAuditEntries(&none_ctx, trail, &none).ok());
  EXPECT_EQ(none.entries_size(), 0);

  testing::Subprocess audit_query(
      BinaryOf("ctl"),
      {"--query", query_addr, "audit", "--via-query", "--unit",
       "HN.UBND.YENHOA.VP", "--alert", alert.alert_id()},
      services_.dir() + "/audit-query.log");
  ASSERT_EQ(audit_query.WaitForExit(absl::Seconds(30)), 0)
      << audit_query.Output();
  EXPECT_TRUE(absl::StrContains(audit_query.Output(), "AUDIT_ACKNOWLEDGED"))
      << audit_query.Output();
  EXPECT_TRUE(absl::StrContains(audit_query.Output(), "via webhook"))
      << audit_query.Output();
}

}  // namespace
}  // namespace giamsat::e2e
