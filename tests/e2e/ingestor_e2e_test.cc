// giamsat-ingestor and giamsatctl as shipped, with the shipped config file
// (deploy/config/ingestor.yaml and its reference data), over real sockets,
// Kafka and Redis: HTTP and file import, personal data, duplicates across a
// restart of the binary, reference data reloaded without a restart, and
// start-up failures.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/kafka/kafka_source.h"
#include "giamsat/v1/events.pb.h"
#include "httplib.h"
#include "tests/e2e/service_fixture.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_env.h"

namespace giamsat::e2e {
namespace {

using ::giamsat::testing::ReadyFileValue;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kConfig =
    std::string(GIAMSAT_SOURCE_DIR) + "/deploy/config/ingestor.yaml";

std::string Event(const std::string& id, const std::string& unit,
                  const std::string& extra = "") {
  return absl::StrCat(
      R"({"eventId":")", id, R"(","sourceSystem":"e2e","unitId":")", unit,
      R"(","occurredAt":"2026-10-05T10:00:00+07:00",)", extra,
      R"("dossier":{"dossierId":"D-)", id,
      R"(","kind":"DOSSIER_RECEIVED","procedureCode":"2.000292",)"
      R"("legalDuration":{"workingDays":15}}})");
}

class IngestorE2eTest : public ::testing::Test {
 protected:
  void SetUp() override { setenv("GIAMSAT_PII_HASH_KEY", "e2e-key", 1); }

  void StartIngestor(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--config", kConfig};
    for (const auto& a : services_.KafkaArgs()) args.push_back(a);
    for (const auto& a : services_.RedisArgs()) args.push_back(a);
    args.insert(args.end(), {"--set", "grpc.listen=127.0.0.1:0", "--set",
                             "http.listen=127.0.0.1:0"});
    args.insert(args.end(), extra.begin(), extra.end());
    ingestor_.reset();
    ingestor_ = services_.Start("ingestor", args, &ready_);
    ASSERT_FALSE(ready_.empty());
  }

  httplib::Result Post(const std::string& body) {
    httplib::Client http("http://" + ReadyFileValue(ready_, "http"));
    return http.Post("/v1/events", body, "application/json");
  }

  int Ctl(std::vector<std::string> args, std::string* output) {
    args.insert(args.begin(), {"--ingestor", ReadyFileValue(ready_, "grpc")});
    testing::Subprocess ctl(
        BinaryOf("ctl"), args,
        services_.dir() + "/ctl-" + std::to_string(ctl_runs_++) + ".log");
    const std::optional<int> code = ctl.WaitForExit(absl::Seconds(120));
    *output = ctl.Output();
    return code.value_or(-1);
  }

  // Every record of the service's topics (waits for `expected` of them).
  std::vector<events::InRecord> Records(size_t expected) {
    config::KafkaConfig kafka;
    kafka.bootstrap = testing::KafkaBootstrap();
    kafka.group_id = services_.prefix() + "reader" + std::to_string(reads_++);
    const std::string p = services_.prefix();
    prometheus::Registry registry;
    auto source = kafka::KafkaSource::Create(
        kafka, "e2e-reader",
        {p + "giamsat.dossier-events.v1", p + "giamsat.dead-letter.v1"},
        [](const events::TopicPartition&) {
          return absl::StatusOr<std::optional<int64_t>>(std::nullopt);
        },
        nullptr, registry);
    EXPECT_TRUE(source.ok()) << source.status();
    std::vector<events::InRecord> all;
    testing::Eventually(
        [&] {
          auto batch = (*source)->Poll(1000, absl::Milliseconds(200));
          if (batch.ok()) all.insert(all.end(), batch->begin(), batch->end());
          return all.size() >= expected;
        },
        absl::Seconds(60));
    (*source)->Close();
    return all;
  }

  Services services_;
  std::string ready_;
  std::unique_ptr<testing::Subprocess> ingestor_;
  int ctl_runs_ = 0;
  int reads_ = 0;
};

TEST_F(IngestorE2eTest, HttpAndCsvImportWithTheShippedConfig) {
  ASSERT_NO_FATAL_FAILURE(StartIngestor());

  // HTTP: personal data is dropped or hashed; unknown units are rejected.
  auto res =
      Post("[" +
           Event("h1", "HN.UBND.YENHOA",
                 R"("citizenName":"Phạm Văn Cường","cccd":"001088009999",)") +
           "," + Event("h2", "HN.NOT.A.UNIT") + "]");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr("\"accepted\":1"));
  EXPECT_THAT(res->body, HasSubstr("\"reason\":\"unknown_unit\""));
  res = Post(Event("h1", "HN.UBND.YENHOA",
                   R"("citizenName":"Phạm Văn Cường","cccd":"001088009999",)"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_THAT(res->body, HasSubstr("\"duplicate\":true"));

  // giamsatctl import of a CSV export, with a personal-data column.
  const std::string csv = services_.dir() + "/export.csv";
  {
    std::ofstream out(csv);
    out << "eventId,sourceSystem,unitId,occurredAt,dossier.dossierId,"
           "dossier.kind,dossier.procedureCode,"
           "dossier.legalDuration.workingDays,dossier.channel,phone\n";
    for (int i = 0; i < 30; ++i) {
      out << "csv-" << i << ",igate,HN.UBND.HOANKIEM,2026-10-0" << 1 + i % 9
          << "T09:00:00+07:00,HK-" << i
          << ",DOSSIER_RECEIVED,1.001757,3,CHANNEL_DIRECT,0912000" << 100 + i
          << "\n";
    }
    out << "csv-bad,igate,HN.UBND.HOANKIEM,2026-10-01T09:00:00,HK-x,"
           "DOSSIER_RECEIVED,1.001757,3,CHANNEL_DIRECT,\n";
  }
  std::string output;
  EXPECT_EQ(Ctl({"import", csv}, &output), 1);
  EXPECT_THAT(output, HasSubstr("31 records"));
  EXPECT_THAT(output, HasSubstr("accepted       30"));
  EXPECT_THAT(output, HasSubstr("missing_utc_offset"));
  EXPECT_THAT(output, HasSubstr("export.csv:32: csv-bad: occurredAt"));

  // After a restart of the binary the same file is all duplicates.
  ASSERT_NO_FATAL_FAILURE(StartIngestor());
  EXPECT_EQ(Ctl({"import", csv, "--json"}, &output), 1);
  EXPECT_THAT(output, HasSubstr("\"accepted\":0,\"duplicates\":30,"
                                "\"rejected\":1"));

  // Kafka holds each accepted event once and no personal data at all.
  auto records = Records(31 + 3);
  std::set<std::string> ids;
  std::string bytes;
  for (const auto& r : records) {
    bytes += r.value;
    if (r.topic.ends_with("dossier-events.v1")) {
      v1::Event e;
      ASSERT_TRUE(e.ParseFromString(r.value));
      EXPECT_TRUE(ids.insert(e.event_id()).second) << e.event_id();
      if (e.event_id() == "h1") {
        EXPECT_EQ(e.citizen_ref().size(), 64u);
        EXPECT_EQ(e.dossier().field_code(), "xay-dung");  // from the reference
      }
    }
  }
  EXPECT_EQ(ids.size(), 31u);
  for (const char* secret : {"Phạm", "Cường", "001088009999", "0912000"}) {
    EXPECT_THAT(bytes, Not(HasSubstr(secret))) << secret;
  }
  httplib::Client metrics("http://" + ReadyFileValue(ready_, "metrics"));
  auto m = metrics.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_THAT(m->body, HasSubstr("giamsat_ingestor_events_total"));
  EXPECT_THAT(m->body, HasSubstr("giamsat_ingestor_reference_entries"));
}

TEST_F(IngestorE2eTest, ReferenceDataIsReloadedWithoutARestart) {
  const std::string units = services_.dir() + "/units.yaml";
  const std::string procedures = services_.dir() + "/procedures.yaml";
  std::ofstream(units) << "units:\n  - {id: HN, name: City, level: city}\n";
  std::ofstream(procedures)
      << "procedures:\n  - {code: \"2.000292\", name: P, field: xay-dung, "
         "legal_duration: {working_days: 15}}\n";
  ASSERT_NO_FATAL_FAILURE(
      StartIngestor({"--set", "reference.units_file=" + units, "--set",
                     "reference.procedures_file=" + procedures, "--set",
                     "reference.reload_interval_seconds=1"}));
  const std::string unit = services_.prefix() + "UBND.NEW";
  auto res = Post(Event("r0", unit));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr("unknown_unit"));
  std::ofstream(units, std::ios::app)
      << "  - {id: " << unit << ", name: New, level: ward, parent: HN}\n";
  int attempt = 0;
  EXPECT_TRUE(testing::Eventually(
      [&] {
        auto r = Post(Event("r" + std::to_string(++attempt), unit));
        return r && r->status == 200;
      },
      absl::Seconds(30)));
}

TEST(IngestorStartupTest, FailsFastOnOneLine) {
  Services services;
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  std::vector<Case> cases = {
      {{"--set", "redis.address=127.0.0.1:1"},
       "giamsat-ingestor: cannot reach Redis at 127.0.0.1:1"},
      {{"--set", "reference.units_file=/nonexistent/units.yaml"},
       "giamsat-ingestor: reference file /nonexistent/units.yaml: cannot be "
       "read"},
      {{"--set", "pii.drop_fields=eventId"},
       "giamsat-ingestor: invalid config"},
  };
  for (Case& c : cases) {
    std::vector<std::string> args = {
        "--set", "kafka.bootstrap=" + testing::KafkaBootstrap(),
        "--set", "kafka.create_topics=false",
        "--set", "redis.address=" + testing::RedisAddress()};
    args.insert(args.end(), c.args.begin(), c.args.end());
    testing::Subprocess p(BinaryOf("ingestor"), args,
                          services.dir() + "/startup.log");
    EXPECT_EQ(p.WaitForExit(absl::Seconds(30)), 1) << c.message;
    const std::string output = p.Output();
    EXPECT_THAT(output, HasSubstr(c.message));
    EXPECT_EQ(std::count(output.begin(), output.end(), '\n'), 1) << output;
  }
}

}  // namespace
}  // namespace giamsat::e2e
