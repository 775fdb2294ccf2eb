// The HTTP handler and the gRPC service over the pipeline (in-memory log,
// in-process gRPC channel: no sockets).
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "services/ingestor/grpc_ingest_service.h"
#include "services/ingestor/http_ingest_server.h"
#include "tests/unit/services/ingestor/pipeline_fixture.h"

namespace giamsat::ingestor {
namespace {

using ::giamsat::testing::DossierReceived;
using ::testing::HasSubstr;

std::string Json(const std::string& id, const std::string& dossier) {
  return R"({"eventId":")" + id +
         R"(","sourceSystem":"igate","unitId":"U1","occurredAt":"2026-04-24T16:00:00+07:00","dossier":{"dossierId":")" +
         dossier +
         R"(","kind":"DOSSIER_RECEIVED","procedureCode":"1.001757","legalDuration":{"workingDays":3}}})";
}

class HttpHandlerTest : public ::testing::Test {
 protected:
  HttpAnswer Post(const std::string& body,
                  const std::string& type = "application/json") {
    return HandleEventsPost(*h_.pipeline, decoder_, body, type, 3);
  }
  PipelineHarness h_;
  EventDecoder decoder_;
};

TEST_F(HttpHandlerTest, OneValidObjectIs200) {
  HttpAnswer a = Post(Json("h1", "D1"));
  EXPECT_EQ(a.status, 200);
  EXPECT_THAT(a.body, HasSubstr("\"accepted\":1"));
  EXPECT_EQ(a.retry_after_seconds, 0);
  HttpAnswer again = Post(Json("h1", "D1"));
  EXPECT_EQ(again.status, 200);
  EXPECT_THAT(again.body, HasSubstr("\"duplicate\":true"));
}

TEST_F(HttpHandlerTest, RejectionsAre400ListingEachProblem) {
  HttpAnswer a = Post("[" + Json("h1", "D1") +
                      R"(,{"eventId":"bad","unitId":"U1",
                          "occurredAt":"2026-04-24T16:00:00"}])");
  EXPECT_EQ(a.status, 400);
  EXPECT_THAT(a.body, HasSubstr("\"accepted\":1"));
  EXPECT_THAT(a.body, HasSubstr("\"rejected\":1"));
  EXPECT_THAT(a.body, HasSubstr("\"field\":\"occurredAt\""));
  EXPECT_THAT(a.body, HasSubstr("\"reason\":\"missing_utc_offset\""));
}

TEST_F(HttpHandlerTest, UnusableBodiesAre400Or413) {
  HttpAnswer junk = Post("{nope");
  EXPECT_EQ(junk.status, 400);
  EXPECT_THAT(junk.body, HasSubstr("\"reason\":\"malformed\""));
  HttpAnswer many = Post("[" + Json("a", "D") + "," + Json("b", "D") + "," +
                         Json("c", "D") + "," + Json("d", "D") + "]");
  EXPECT_EQ(many.status, 413);
  EXPECT_THAT(many.body, HasSubstr("more than 3 events"));
  EXPECT_EQ(Post("", "application/x-ndjson").status, 400);
}

TEST_F(HttpHandlerTest, JsonLinesAreAccepted) {
  HttpAnswer a = Post(Json("l1", "D1") + "\n\n" + Json("l2", "D2") + "\n",
                      "application/x-ndjson");
  EXPECT_EQ(a.status, 200);
  EXPECT_THAT(a.body, HasSubstr("\"accepted\":2"));
}

TEST_F(HttpHandlerTest, KafkaDownIs503WithRetryAfter) {
  h_.log.FailNextPublishes(1);
  HttpAnswer a = Post(Json("h1", "D1"));
  EXPECT_EQ(a.status, 503);
  EXPECT_EQ(a.retry_after_seconds, 5);
  EXPECT_THAT(a.body, HasSubstr("\"unavailable\":true"));
  // Refused at once while the breaker is open.
  HttpAnswer b = Post(Json("h2", "D2"));
  EXPECT_EQ(b.status, 503);
  EXPECT_GE(b.retry_after_seconds, 1);
}

class GrpcServiceTest : public ::testing::Test {
 protected:
  GrpcServiceTest() : service_(*h_.pipeline, decoder_, 3, 4096) {
    grpc::ServerBuilder builder;
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    stub_ = v1::IngestService::NewStub(
        server_->InProcessChannel(grpc::ChannelArguments()));
  }
  ~GrpcServiceTest() override { server_->Shutdown(); }

  grpc::Status Ingest(const v1::Event& e, v1::IngestResult* result,
                      grpc::ClientContext* ctx = nullptr) {
    grpc::ClientContext local;
    return stub_->Ingest(ctx ? ctx : &local, e, result);
  }

  grpc::Status Import(const std::vector<v1::ImportRecord>& records,
                      v1::IngestBatchResult* result) {
    grpc::ClientContext ctx;
    auto writer = stub_->Import(&ctx, result);
    for (const auto& r : records) writer->Write(r);
    writer->WritesDone();
    return writer->Finish();
  }

  PipelineHarness h_;
  EventDecoder decoder_;
  GrpcIngestService service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::IngestService::Stub> stub_;
};

TEST_F(GrpcServiceTest, IngestAnswersOkInvalidArgumentOrUnavailable) {
  v1::IngestResult result;
  const v1::Event e = DossierReceived("g1", "D1", "U1", h_.clock.Now());
  ASSERT_TRUE(Ingest(e, &result).ok());
  EXPECT_TRUE(result.accepted());
  ASSERT_TRUE(Ingest(e, &result).ok());
  EXPECT_TRUE(result.duplicate());

  v1::Event bad = e;
  bad.set_event_id("g2");
  bad.mutable_dossier()->clear_legal_duration();
  grpc::Status s = Ingest(bad, &result);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("dossier.legalDuration"));
  v1::IngestResult details;
  ASSERT_TRUE(details.ParseFromString(s.error_details()));
  ASSERT_EQ(details.errors_size(), 1);
  EXPECT_EQ(details.errors(0).reason(), "required");

  h_.log.FailNextPublishes(1);
  grpc::ClientContext ctx;
  v1::Event later = e;
  later.set_event_id("g3");
  s = Ingest(later, &result, &ctx);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  auto trailers = ctx.GetServerTrailingMetadata();
  ASSERT_EQ(trailers.count("retry-after"), 1u);
  EXPECT_EQ(std::string(trailers.find("retry-after")->second.data(),
                        trailers.find("retry-after")->second.size()),
            "5");
}

TEST_F(GrpcServiceTest, BatchesOverTheLimitsAreResourceExhausted) {
  grpc::ClientContext ctx;
  v1::IngestBatchResult result;
  auto writer = stub_->IngestBatch(&ctx, &result);
  for (int i = 0; i < 4; ++i) {
    writer->Write(
        DossierReceived("b" + std::to_string(i), "D", "U1", h_.clock.Now()));
  }
  writer->WritesDone();
  EXPECT_EQ(writer->Finish().error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_TRUE(h_.log.Records(kDossierTopic).empty());
}

TEST_F(GrpcServiceTest, BatchReportsEachEventInOrder) {
  grpc::ClientContext ctx;
  v1::IngestBatchResult result;
  auto writer = stub_->IngestBatch(&ctx, &result);
  v1::Event bad = DossierReceived("b2", "D2", "U1", h_.clock.Now());
  bad.clear_source_system();
  writer->Write(DossierReceived("b1", "D1", "U1", h_.clock.Now()));
  writer->Write(bad);
  writer->Write(DossierReceived("b1", "D1", "U1", h_.clock.Now()));
  writer->WritesDone();
  ASSERT_TRUE(writer->Finish().ok());
  EXPECT_EQ(result.accepted(), 2u);
  EXPECT_EQ(result.duplicates(), 1u);
  EXPECT_EQ(result.rejected(), 1u);
  ASSERT_EQ(result.results_size(), 3);
  EXPECT_EQ(result.results(1).event_id(), "b2");
  EXPECT_EQ(result.results(1).errors(0).field(), "sourceSystem");
}

TEST_F(GrpcServiceTest, ImportDecodesJsonAndCsvRecords) {
  v1::ImportRecord json;
  json.set_format(v1::ImportRecord::FORMAT_JSON);
  json.set_text(Json("i1", "D1"));
  json.set_origin("f.jsonl:1");
  v1::ImportRecord csv;
  csv.set_format(v1::ImportRecord::FORMAT_CSV);
  csv.set_csv_header(
      "eventId,sourceSystem,unitId,occurredAt,dossier.dossierId,dossier.kind,"
      "dossier.outcome");
  csv.set_text(
      "i2,igate,U1,2026-04-24T16:00:00+07:00,D1,DOSSIER_RESOLVED,"
      "RESOLUTION_APPROVED");
  v1::ImportRecord csv_bad;
  csv_bad.set_format(v1::ImportRecord::FORMAT_CSV);
  csv_bad.set_text(
      "i3,igate,U1,2026-04-24T16:00:00+07:00,D1,DOSSIER_RESOLVED,");
  csv_bad.set_origin("f.csv:3");
  v1::IngestBatchResult result;
  ASSERT_TRUE(Import({json, csv, csv_bad}, &result).ok());
  EXPECT_EQ(result.accepted(), 2u);
  EXPECT_EQ(result.rejected(), 1u);
  EXPECT_EQ(result.results(2).errors(0).field(), "dossier.outcome");
  v1::DeadLetter letter;
  ASSERT_TRUE(
      letter.ParseFromString(h_.log.Records(kDeadLetterTopic)[0].value));
  EXPECT_EQ(letter.origin(), "f.csv:3");
  EXPECT_EQ(letter.entry_point(), "import");
  EXPECT_EQ(letter.encoding(), "csv");
}

TEST_F(GrpcServiceTest, CsvImportNeedsAUsableHeader) {
  v1::ImportRecord csv;
  csv.set_format(v1::ImportRecord::FORMAT_CSV);
  csv.set_text("a,b");
  v1::IngestBatchResult result;
  EXPECT_EQ(Import({csv}, &result).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  csv.set_csv_header("eventId,eventId");
  grpc::Status s = Import({csv}, &result);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("repeats"));
}

}  // namespace
}  // namespace giamsat::ingestor
