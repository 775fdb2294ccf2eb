// End to end: giamsat-ingestor -> Kafka -> giamsat-rules -> Redis ->
// giamsat-query, with the shipped binaries, real servers and real sockets.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>

#include "giamsat/v1/ingest.grpc.pb.h"
#include "giamsat/v1/query.grpc.pb.h"
#include "httplib.h"
#include "tests/e2e/service_fixture.h"
#include "tests/support/event_builders.h"
#include "tests/support/shipped_calendar.h"
#include "tests/support/subprocess.h"

namespace giamsat::e2e {
namespace {

using ::giamsat::testing::DossierReceived;
using ::giamsat::testing::DossierResolved;
using ::giamsat::testing::ReadyFileValue;
using ::testing::HasSubstr;

absl::Time Now() { return absl::Now() - absl::Minutes(1); }

std::string ReceivedJson(const std::string& event_id,
                         const std::string& dossier, const std::string& unit) {
  return R"({"eventId":")" + event_id + R"(","sourceSystem":"e2e","unitId":")" +
         unit +
         R"(","occurredAt":"2026-04-24T16:00:00+07:00","dossier":{"dossierId":")" +
         dossier +
         R"(","kind":"DOSSIER_RECEIVED","procedureCode":"1.001757",)"
         R"("legalDuration":{"workingDays":3}}})";
}

class WalkingSkeletonTest : public ::testing::Test {
 protected:
  void StartAll() {
    std::vector<std::string> ingestor_args = services_.KafkaArgs();
    const auto ingestor_redis = services_.RedisArgs();  // dedup store
    ingestor_args.insert(ingestor_args.end(), ingestor_redis.begin(),
                         ingestor_redis.end());
    ingestor_args.insert(ingestor_args.end(),
                         {"--set", "grpc.listen=127.0.0.1:0", "--set",
                          "http.listen=127.0.0.1:0"});
    ingestor_ = services_.Start("ingestor", ingestor_args, &ingestor_ready_);
    StartRules();
    query_ = services_.Start("query", services_.QueryArgs(), &query_ready_);
    ASSERT_FALSE(ingestor_ready_.empty());
    ASSERT_FALSE(query_ready_.empty());
    ingest_stub_ = v1::IngestService::NewStub(
        grpc::CreateChannel(ReadyFileValue(ingestor_ready_, "grpc"),
                            grpc::InsecureChannelCredentials()));
    query_stub_ = v1::QueryService::NewStub(
        grpc::CreateChannel(ReadyFileValue(query_ready_, "grpc"),
                            grpc::InsecureChannelCredentials()));
  }

  void StartRules() {
    std::vector<std::string> args = services_.RulesArgs();
    std::string ready;
    rules_ = services_.Start("rules", args, &ready);
    ASSERT_FALSE(ready.empty());
  }

  grpc::Status Ingest(const v1::Event& e) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
    v1::IngestResult result;
    return ingest_stub_->Ingest(&ctx, e, &result);
  }

  v1::UnitStatus Status(const std::string& unit) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(10));
    v1::GetUnitStatusRequest request;
    request.set_unit_id(unit);
    v1::UnitStatus status;
    grpc::Status s = query_stub_->GetUnitStatus(&ctx, request, &status);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return status;
  }

  // Waits until the unit shows at least `received` receipts.
  v1::UnitStatus AwaitReceived(const std::string& unit, int64_t received) {
    v1::UnitStatus last;
    testing::Eventually(
        [&] {
          last = Status(unit);
          return last.dossiers().received() >= received;
        },
        absl::Seconds(90));
    return last;
  }

  Services services_;
  std::string ingestor_ready_, query_ready_;
  std::unique_ptr<testing::Subprocess> ingestor_, rules_, query_;
  std::unique_ptr<v1::IngestService::Stub> ingest_stub_;
  std::unique_ptr<v1::QueryService::Stub> query_stub_;
};

TEST_F(WalkingSkeletonTest, EventsFlowFromIngestorToQuery) {
  ASSERT_NO_FATAL_FAILURE(StartAll());
  const std::string unit = services_.prefix() + "UBND.YENHOA";

  // HTTP: an array with three valid events and one invalid.
  httplib::Client http("http://" + ReadyFileValue(ingestor_ready_, "http"));
  const std::string body = "[" + ReceivedJson("h1", "D1", unit) + "," +
                           ReceivedJson("h2", "D2", unit) + "," +
                           ReceivedJson("h3", "D3", unit) + "," +
                           R"({"eventId":"bad","unitId":")" + unit + R"("}])";
  auto res = http.Post("/v1/events", body, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr("\"accepted\":3"));
  EXPECT_THAT(res->body, HasSubstr("sourceSystem"));
  EXPECT_THAT(res->body, HasSubstr("\"reason\":\"required\""));

  // gRPC: two receipts and a resolution.
  ASSERT_TRUE(Ingest(DossierReceived("g1", "D4", unit, Now())).ok());
  ASSERT_TRUE(Ingest(DossierReceived("g2", "D5", unit, Now())).ok());
  ASSERT_TRUE(Ingest(DossierResolved("g3", "D1", unit, Now())).ok());
  v1::Event invalid = DossierReceived("g4", "D6", unit, Now());
  invalid.mutable_dossier()->clear_legal_duration();
  grpc::Status rejected = Ingest(invalid);
  EXPECT_EQ(rejected.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(rejected.error_message(), HasSubstr("dossier.legalDuration"));

  v1::UnitStatus status = AwaitReceived(unit, 5);
  testing::Eventually(
      [&] {
        status = Status(unit);
        return status.dossiers().resolved() == 1;
      },
      absl::Seconds(60));
  EXPECT_EQ(status.dossiers().received(), 5);
  EXPECT_EQ(status.dossiers().resolved(), 1);
  EXPECT_EQ(status.dossiers().in_progress(), 4);
  EXPECT_TRUE(status.has_watermark());

  // The admin CLI reads the same figures.
  testing::Subprocess ctl(BinaryOf("ctl"),
                          {"--query", ReadyFileValue(query_ready_, "grpc"),
                           "status", "--unit", unit},
                          services_.dir() + "/ctl-status.log");
  EXPECT_EQ(ctl.WaitForExit(absl::Seconds(30)), 0);
  EXPECT_THAT(ctl.Output(), HasSubstr("dossiers received   5"));
  EXPECT_THAT(ctl.Output(), HasSubstr("in progress         4"));
}

TEST_F(WalkingSkeletonTest, CtlSendPostsAJsonlFile) {
  ASSERT_NO_FATAL_FAILURE(StartAll());
  const std::string unit = services_.prefix() + "UBND.THANHSEN";
  const std::string file = services_.dir() + "/events.jsonl";
  {
    std::ofstream out(file);
    out << ReceivedJson("c1", "C1", unit) << "\n\n"
        << ReceivedJson("c2", "C2", unit) << "\n"
        << R"({"eventId":"c3"})"
        << "\n";
  }
  testing::Subprocess ctl(
      BinaryOf("ctl"),
      {"--ingestor", ReadyFileValue(ingestor_ready_, "grpc"), "send", file},
      services_.dir() + "/ctl-send.log");
  EXPECT_EQ(ctl.WaitForExit(absl::Seconds(60)), 1);  // one line was rejected
  EXPECT_THAT(ctl.Output(), HasSubstr("accepted 2, rejected 1, failed 0"));
  EXPECT_THAT(ctl.Output(), HasSubstr("events.jsonl:4"));
  EXPECT_EQ(AwaitReceived(unit, 2).dossiers().received(), 2);
}

TEST_F(WalkingSkeletonTest, KilledRulesServiceNeitherLosesNorDoublesCounts) {
  ASSERT_NO_FATAL_FAILURE(StartAll());
  const std::string unit = services_.prefix() + "UBND.HOANKIEM";
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(Ingest(DossierReceived("k" + std::to_string(i),
                                       "K" + std::to_string(i), unit, Now()))
                    .ok());
  }
  EXPECT_EQ(AwaitReceived(unit, 10).dossiers().received(), 10);
  kill(rules_->pid(), SIGKILL);
  rules_->WaitForExit(absl::Seconds(10));
  for (int i = 10; i < 15; ++i) {
    ASSERT_TRUE(Ingest(DossierReceived("k" + std::to_string(i),
                                       "K" + std::to_string(i), unit, Now()))
                    .ok());
  }
  ASSERT_NO_FATAL_FAILURE(StartRules());
  EXPECT_EQ(AwaitReceived(unit, 15).dossiers().received(), 15);
  EXPECT_EQ(Status(unit).dossiers().in_progress(), 15);
}

TEST(StartupTest, FailsFastNamingWhatIsUnreachableOrInvalid) {
  Services services;
  struct Case {
    std::string service;
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"rules",
       {"--set", "redis.address=127.0.0.1:1", "--set",
        std::string("calendar.base=") + testing::ShippedCalendarPath()},
       "giamsat-rules: cannot reach Redis at 127.0.0.1:1"},
      {"query",
       {"--set", "redis.address=127.0.0.1:1", "--set",
        std::string("calendar.base=") + testing::ShippedCalendarPath()},
       "giamsat-query: cannot reach Redis at 127.0.0.1:1"},
      {"ingestor",
       {"--set", "kafka.bootstrap=127.0.0.1:1", "--set",
        "kafka.connect_timeout_ms=2000"},
       "giamsat-ingestor: cannot reach Kafka at 127.0.0.1:1"},
      {"query",
       {"--set", "redis.adress=x"},
       "giamsat-query: invalid config: redis.adress: unknown key"},
      {"rules",
       {"--set", "calendar.base=/nonexistent/calendar.yaml"},
       "giamsat-rules: calendar.base: "},
  };
  for (const Case& c : cases) {
    testing::Subprocess p(BinaryOf(c.service), c.args,
                          services.dir() + "/" + c.service + ".log");
    EXPECT_EQ(p.WaitForExit(absl::Seconds(30)), 1) << c.message;
    const std::string output = p.Output();
    EXPECT_THAT(output, HasSubstr(c.message));
    // One line, no stack trace, no library chatter.
    EXPECT_EQ(std::count(output.begin(), output.end(), '\n'), 1) << output;
  }
}

}  // namespace
}  // namespace giamsat::e2e
