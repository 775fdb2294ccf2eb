// giamsatctl import against the real IngestService and pipeline over the
// in-memory log, through an in-process gRPC channel. The command's clock is
// the fake clock and its sleeps move it.
#include "services/ctl/import_command.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "services/ingestor/grpc_ingest_service.h"
#include "tests/unit/services/ingestor/pipeline_fixture.h"

namespace giamsat::ingestor {
namespace {

using ::testing::HasSubstr;

std::string Json(const std::string& id, const std::string& dossier) {
  return R"({"eventId":")" + id +
         R"(","sourceSystem":"igate","unitId":"U1","occurredAt":"2026-04-24T16:00:00+07:00","dossier":{"dossierId":")" +
         dossier +
         R"(","kind":"DOSSIER_RECEIVED","procedureCode":"1.001757","legalDuration":{"workingDays":3}}})";
}

class ImportCommandTest : public ::testing::Test {
 protected:
  ImportCommandTest() : service_(*h_.pipeline, decoder_, 1000, 4 << 20) {
    grpc::ServerBuilder builder;
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    stub_ = v1::IngestService::NewStub(
        server_->InProcessChannel(grpc::ChannelArguments()));
  }
  ~ImportCommandTest() override { server_->Shutdown(); }

  std::string File(const std::string& name, const std::string& content) {
    const std::string path = ::testing::TempDir() + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  int Run(const std::string& file, int batch = 2,
          const std::string& format = "") {
    ctl::ImportOptions options;
    options.file = file;
    options.format = format;
    options.batch_records = batch;
    out_.str("");
    err_.str("");
    return ctl::Import(*stub_, options, out_, err_, h_.clock,
                       [this](absl::Duration d) {
                         slept_ += d;
                         h_.clock.Advance(d);
                       });
  }

  std::set<std::string> WrittenIds() {
    std::set<std::string> ids;
    for (const auto& r : h_.log.Records(kDossierTopic)) {
      v1::Event e;
      EXPECT_TRUE(e.ParseFromString(r.value));
      EXPECT_TRUE(ids.insert(e.event_id()).second) << "twice: " << e.event_id();
    }
    return ids;
  }

  PipelineHarness h_;
  PiiPolicy pii_{{"citizenName"}, {}, "", 9};
  EventDecoder decoder_{pii_};
  GrpcIngestService service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::IngestService::Stub> stub_;
  std::ostringstream out_, err_;
  absl::Duration slept_;
};

TEST_F(ImportCommandTest, JsonlSummaryCountsEveryOutcome) {
  const std::string file =
      File("a.jsonl", Json("j1", "D1") + "\n" + Json("j2", "D2") + "\n\n" +
                          Json("j3", "D3") + "\n" +
                          R"({"eventId":"j4","unitId":"U1"})" + "\n" +
                          Json("j1", "D1") + "\r\n" + "{not json\n");
  EXPECT_EQ(Run(file), 1);
  EXPECT_THAT(out_.str(), HasSubstr("6 records"));
  EXPECT_THAT(out_.str(), HasSubstr("accepted       3\n"));
  EXPECT_THAT(out_.str(), HasSubstr("duplicates     1 "));
  EXPECT_THAT(out_.str(), HasSubstr("rejected       2\n"));
  EXPECT_THAT(out_.str(), HasSubstr("    malformed                1\n"));
  EXPECT_THAT(out_.str(), HasSubstr("    required                 3\n"));
  EXPECT_THAT(err_.str(), HasSubstr("a.jsonl:5: j4: sourceSystem"));
  EXPECT_THAT(err_.str(), HasSubstr("a.jsonl:7: (event): not valid JSON"));
  EXPECT_THAT(err_.str(), HasSubstr("100%"));
  EXPECT_EQ(WrittenIds(), (std::set<std::string>{"j1", "j2", "j3"}));
}

TEST_F(ImportCommandTest, ImportingTwiceWritesNothingTwice) {
  std::string content;
  for (int i = 0; i < 7; ++i) {
    content += Json("t" + std::to_string(i), "D" + std::to_string(i)) + "\n";
  }
  const std::string file = File("twice.jsonl", content);
  EXPECT_EQ(Run(file, 3), 0);
  EXPECT_THAT(out_.str(), HasSubstr("accepted       7\n"));
  EXPECT_EQ(Run(file, 3), 0);
  EXPECT_THAT(out_.str(), HasSubstr("accepted       0\n"));
  EXPECT_THAT(out_.str(), HasSubstr("duplicates     7 "));
  EXPECT_EQ(WrittenIds().size(), 7u);
}

TEST_F(ImportCommandTest, UnavailableRecordsAreRetriedAndWrittenOnce) {
  std::string content;
  for (int i = 0; i < 6; ++i) {
    content += Json("u" + std::to_string(i), "D" + std::to_string(i)) + "\n";
  }
  const std::string file = File("retry.jsonl", content);
  h_.log.FailNextPublishes(3);
  EXPECT_EQ(Run(file, 4), 0) << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("accepted       6\n"));
  EXPECT_THAT(out_.str(), HasSubstr("duplicates     0 "));
  EXPECT_THAT(err_.str(), HasSubstr("not written now"));
  EXPECT_GE(slept_, absl::Seconds(5));  // the server's Retry-After
  EXPECT_EQ(WrittenIds().size(), 6u);
}

TEST_F(ImportCommandTest, CsvWithBomQuotesAndPersonalData) {
  const std::string file = File(
      "export.csv",
      "\xEF\xBB\xBF"
      "eventId,sourceSystem,unitId,occurredAt,dossier.dossierId,dossier.kind,"
      "dossier.reason,citizenName\r\n"
      "c1,igate,U1,2026-04-24T16:00:00+07:00,D1,DOSSIER_SUPPLEMENT_REQUESTED,"
      "\"thiếu giấy tờ,\nxem lại\",\"Trần Thị B\"\r\n"
      "c2,igate,U1,2026-04-24T16:00:00+07:00,D2,DOSSIER_NOT_A_KIND,,\r\n");
  EXPECT_EQ(Run(file), 1);
  EXPECT_THAT(out_.str(), HasSubstr("2 records"));
  EXPECT_THAT(out_.str(), HasSubstr("accepted       1\n"));
  EXPECT_THAT(out_.str(), HasSubstr("    unknown_enum             1\n"));
  EXPECT_THAT(err_.str(), HasSubstr("export.csv:4: c2: dossier.kind"));
  auto records = h_.log.Records(kDossierTopic);
  ASSERT_EQ(records.size(), 1u);
  v1::Event e;
  ASSERT_TRUE(e.ParseFromString(records[0].value));
  EXPECT_EQ(e.dossier().reason(), "thiếu giấy tờ,\nxem lại");
  EXPECT_THAT(records[0].value, ::testing::Not(HasSubstr("Trần")));
}

TEST_F(ImportCommandTest, UnusableInputExitsWithTwo) {
  EXPECT_EQ(Run(::testing::TempDir() + "/missing.jsonl"), 2);
  EXPECT_THAT(err_.str(), HasSubstr("cannot read"));
  EXPECT_EQ(Run(File("bad.csv", "eventId,eventId\n1,2\n")), 2);
  EXPECT_THAT(err_.str(), HasSubstr("bad.csv:1: CSV header"));
  EXPECT_EQ(Run(File("x.txt", "{}"), 2, "xml"), 2);
}

TEST_F(ImportCommandTest, ChunksTooLargeForTheIngestorAreSplit) {
  std::string content;
  for (int i = 0; i < 9; ++i) {
    content += Json("s" + std::to_string(i), "D" + std::to_string(i)) + "\n";
  }
  GrpcIngestService small(*h_.pipeline, decoder_, /*max_batch_events=*/2,
                          4 << 20);
  grpc::ServerBuilder builder;
  builder.RegisterService(&small);
  auto server = builder.BuildAndStart();
  auto stub = v1::IngestService::NewStub(
      server->InProcessChannel(grpc::ChannelArguments()));
  ctl::ImportOptions options;
  options.file = File("split.jsonl", content);
  options.batch_records = 8;
  EXPECT_EQ(
      ctl::Import(*stub, options, out_, err_, h_.clock, [](absl::Duration) {}),
      0)
      << err_.str();
  EXPECT_THAT(out_.str(), HasSubstr("accepted       9\n"));
  server->Shutdown();
}

TEST_F(ImportCommandTest, JsonSummary) {
  ctl::ImportOptions options;
  options.file = File("j.jsonl", Json("s1", "D1") + "\n");
  options.json = true;
  EXPECT_EQ(
      ctl::Import(*stub_, options, out_, err_, h_.clock, [](absl::Duration) {}),
      0);
  EXPECT_EQ(out_.str(),
            "{\"records\":1,\"accepted\":1,\"duplicates\":0,\"rejected\":0,"
            "\"notDelivered\":0,\"rejectedByReason\":{}}\n");
}

}  // namespace
}  // namespace giamsat::ingestor
