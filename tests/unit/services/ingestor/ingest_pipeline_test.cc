#include "services/ingestor/ingest_pipeline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/event_builders.h"
#include "tests/unit/services/ingestor/pipeline_fixture.h"

namespace giamsat::ingestor {
namespace {

using ::giamsat::testing::DossierReceived;
using ::giamsat::testing::DossierResolved;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class IngestPipelineTest : public ::testing::Test {
 protected:
  absl::Time Now() { return h_.clock.Now(); }
  PipelineHarness h_;
};

TEST_F(IngestPipelineTest, ValidEventIsWrittenKeyedBySubjectAndStamped) {
  IngestOutcome out = h_.IngestEvent(DossierReceived("e1", "D1", "U1", Now()));
  ASSERT_EQ(out.items.size(), 1u);
  EXPECT_TRUE(out.items[0].status.ok());
  EXPECT_TRUE(out.items[0].result.accepted());
  EXPECT_FALSE(out.items[0].result.duplicate());
  auto records = h_.log.Records(kDossierTopic);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].key, "D1");
  v1::Event written;
  ASSERT_TRUE(written.ParseFromString(records[0].value));
  EXPECT_EQ(written.event_id(), "e1");
  EXPECT_EQ(written.ingested_at().seconds(), absl::ToUnixSeconds(Now()));
  EXPECT_EQ(h_.Metric("giamsat_ingestor_events_total",
                      {{"entry_point", "grpc"}, {"outcome", "accepted"}}),
            1);
}

TEST_F(IngestPipelineTest, InvalidEventGoesToDeadLetterWithEveryReason) {
  v1::Event bad = DossierReceived("e1", "D1", "", Now());
  bad.mutable_dossier()->clear_procedure_code();
  IngestOutcome out = h_.IngestEvent(bad, "http");
  ASSERT_EQ(out.items.size(), 1u);
  EXPECT_TRUE(out.items[0].status.ok());
  EXPECT_FALSE(out.items[0].result.accepted());
  EXPECT_EQ(out.items[0].result.errors_size(), 2);
  EXPECT_TRUE(h_.log.Records(kDossierTopic).empty());
  auto dead = h_.log.Records(kDeadLetterTopic);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].key, "e1");
  v1::DeadLetter letter;
  ASSERT_TRUE(letter.ParseFromString(dead[0].value));
  EXPECT_EQ(letter.entry_point(), "http");
  EXPECT_EQ(letter.encoding(), "protobuf");
  EXPECT_EQ(letter.event_id(), "e1");
  ASSERT_EQ(letter.errors_size(), 2);
  EXPECT_EQ(letter.errors(0).field(), "unitId");
  EXPECT_EQ(letter.errors(1).field(), "dossier.procedureCode");
  EXPECT_EQ(
      h_.Metric("giamsat_ingestor_rejects_total", {{"reason", "required"}}), 2);
  EXPECT_EQ(out.TakeBatchResult().rejected(), 1u);
}

TEST_F(IngestPipelineTest, UndecodableItemIsDeadLetteredWithItsText) {
  DecodedItem item = DecodeJsonEvent(R"({"eventId": 5, "bogus": 1})");
  item.origin = "file.jsonl:7";
  IngestOutcome out = h_.Ingest({item}, "import");
  EXPECT_FALSE(out.items[0].result.accepted());
  auto dead = h_.log.Records(kDeadLetterTopic);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].key, "file.jsonl:7");
  v1::DeadLetter letter;
  ASSERT_TRUE(letter.ParseFromString(dead[0].value));
  // Values of unknown fields are not kept (personal data may hide there).
  EXPECT_EQ(letter.raw(), R"json({"eventId":5,"bogus":"(removed)"})json");
  EXPECT_EQ(letter.encoding(), "json");
  EXPECT_EQ(letter.origin(), "file.jsonl:7");
  ASSERT_EQ(letter.errors_size(), 2);
  EXPECT_EQ(letter.errors(0).field(), "eventId");
  EXPECT_EQ(letter.errors(0).reason(), "wrong_type");
  EXPECT_EQ(letter.errors(1).field(), "bogus");
  EXPECT_EQ(letter.errors(1).reason(), "unknown_field");
}

TEST_F(IngestPipelineTest, LogUnavailableIsReportedAndReleasesTheClaim) {
  h_.log.FailNextPublishes(1);
  IngestOutcome out =
      h_.Ingest({ItemFromProto(DossierReceived("e1", "D1", "U1", Now())),
                 ItemFromProto(DossierReceived("e2", "D2", "U1", Now()))});
  EXPECT_EQ(out.items[0].status.code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(out.items[0].result.unavailable());
  EXPECT_FALSE(out.items[0].result.accepted());
  EXPECT_TRUE(out.items[1].result.accepted());
  EXPECT_TRUE(out.any_unavailable());
  EXPECT_EQ(out.retry_after, absl::Seconds(5));
  EXPECT_EQ(h_.log.Records(kDossierTopic).size(), 1u);

  // Refused at once until Retry-After has passed, then written once.
  IngestOutcome refused =
      h_.IngestEvent(DossierReceived("e1", "D1", "U1", Now()));
  EXPECT_TRUE(refused.items[0].result.unavailable());
  EXPECT_THAT(refused.items[0].status.message(), HasSubstr("retry after"));
  EXPECT_EQ(h_.Metric("giamsat_ingestor_unavailable_total",
                      {{"cause", "kafka_down"}}),
            1);
  EXPECT_EQ(h_.Metric("giamsat_ingestor_kafka_writable", {}), 0);
  h_.clock.Advance(absl::Seconds(5));
  IngestOutcome retried =
      h_.IngestEvent(DossierReceived("e1", "D1", "U1", Now()));
  EXPECT_TRUE(retried.items[0].result.accepted());
  EXPECT_FALSE(retried.items[0].result.duplicate());
  EXPECT_EQ(h_.log.Records(kDossierTopic).size(), 2u);
  EXPECT_EQ(h_.Metric("giamsat_ingestor_kafka_writable", {}), 1);
}

TEST_F(IngestPipelineTest, ASecondCopyIsAcceptedAsDuplicateAndNotWritten) {
  const v1::Event e = DossierReceived("e1", "D1", "U1", Now());
  ASSERT_TRUE(h_.IngestEvent(e).items[0].result.accepted());
  h_.clock.Advance(absl::Minutes(1));
  IngestOutcome again = h_.IngestEvent(e, "http");
  EXPECT_TRUE(again.items[0].status.ok());
  EXPECT_TRUE(again.items[0].result.accepted());
  EXPECT_TRUE(again.items[0].result.duplicate());
  EXPECT_EQ(h_.log.Records(kDossierTopic).size(), 1u);
  EXPECT_EQ(h_.Metric("giamsat_ingestor_events_total",
                      {{"entry_point", "http"}, {"outcome", "duplicate"}}),
            1);
  v1::IngestBatchResult batch = again.TakeBatchResult();
  EXPECT_EQ(batch.accepted(), 1u);
  EXPECT_EQ(batch.duplicates(), 1u);
}

TEST_F(IngestPipelineTest, DuplicatesWithinOneRequestAreWrittenOnce) {
  const v1::Event e = DossierReceived("e1", "D1", "U1", Now());
  IngestOutcome out = h_.Ingest({ItemFromProto(e), ItemFromProto(e)});
  EXPECT_TRUE(out.items[0].result.accepted());
  EXPECT_FALSE(out.items[0].result.duplicate());
  EXPECT_TRUE(out.items[1].result.accepted());
  EXPECT_TRUE(out.items[1].result.duplicate());
  EXPECT_EQ(h_.log.Records(kDossierTopic).size(), 1u);
}

TEST_F(IngestPipelineTest, AReusedIdWithOtherContentIsRejected) {
  ASSERT_TRUE(h_.IngestEvent(DossierReceived("e1", "D1", "U1", Now()))
                  .items[0]
                  .result.accepted());
  IngestOutcome out = h_.IngestEvent(DossierReceived("e1", "D2", "U1", Now()));
  EXPECT_FALSE(out.items[0].result.accepted());
  ASSERT_EQ(out.items[0].result.errors_size(), 1);
  EXPECT_EQ(out.items[0].result.errors(0).reason(), "duplicate_conflict");
  EXPECT_EQ(out.items[0].result.errors(0).field(), "eventId");
  EXPECT_EQ(h_.log.Records(kDossierTopic).size(), 1u);
  EXPECT_EQ(h_.log.Records(kDeadLetterTopic).size(), 1u);
}

TEST_F(IngestPipelineTest, AnIdIsWrittenAgainAfterTheWindow) {
  const v1::Event e = DossierReceived("e1", "D1", "U1", Now());
  ASSERT_TRUE(h_.IngestEvent(e).items[0].result.accepted());
  h_.clock.Advance(absl::Hours(25));
  IngestOutcome out = h_.IngestEvent(e);
  EXPECT_TRUE(out.items[0].result.accepted());
  EXPECT_FALSE(out.items[0].result.duplicate());
  EXPECT_EQ(h_.log.Records(kDossierTopic).size(), 2u);
}

TEST_F(IngestPipelineTest, DedupStoreDownIsUnavailableAndWritesNothing) {
  h_.dedup.FailNextCalls(1);
  IngestOutcome out = h_.IngestEvent(DossierReceived("e1", "D1", "U1", Now()));
  EXPECT_EQ(out.items[0].status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(out.items[0].status.message(), HasSubstr("deduplication"));
  EXPECT_TRUE(h_.log.Records(kDossierTopic).empty());
  EXPECT_EQ(h_.Metric("giamsat_ingestor_dedup_errors_total", {{"op", "claim"}}),
            1);
  EXPECT_TRUE(h_.IngestEvent(DossierReceived("e1", "D1", "U1", Now()))
                  .items[0]
                  .result.accepted());
}

TEST(IngestPipelineLimitsTest, RequestsBeyondTheInflightBudgetAreRefused) {
  PipelineOptions options;
  options.max_inflight_bytes = 1000;
  PipelineHarness h(options);
  std::vector<DecodedItem> items;
  for (int i = 0; i < 5; ++i) {
    items.push_back(ItemFromProto(
        DossierReceived("e" + std::to_string(i), "D", "U1", h.clock.Now())));
  }
  IngestOutcome out = h.Ingest(items);
  for (const ItemOutcome& o : out.items) {
    EXPECT_EQ(o.status.code(), absl::StatusCode::kUnavailable);
  }
  EXPECT_EQ(out.retry_after, absl::Seconds(5));
  EXPECT_TRUE(h.log.Records(kDossierTopic).empty());
  EXPECT_EQ(
      h.Metric("giamsat_ingestor_unavailable_total", {{"cause", "overloaded"}}),
      5);
  // A smaller request fits, and the budget is given back afterwards.
  items.resize(1);
  EXPECT_TRUE(h.Ingest(items).items[0].result.accepted());
  EXPECT_EQ(h.Metric("giamsat_ingestor_inflight_bytes", {}), 0);
}

TEST(IngestPipelineTimeoutTest, AnUnacknowledgedWriteIsSettledWhenItFinishes) {
  testing::InMemoryEventLog log;
  BlockingPublisher blocking(log);
  PipelineOptions options;
  options.request_timeout = absl::Milliseconds(20);
  PipelineHarness h(options, &blocking);
  const v1::Event e1 = DossierReceived("e1", "D1", "U1", h.clock.Now());

  // Kafka does not answer: the caller is told to retry, the write goes on.
  IngestOutcome first = h.IngestEvent(e1);
  EXPECT_TRUE(first.items[0].result.unavailable());
  EXPECT_THAT(first.items[0].status.message(),
              HasSubstr("did not acknowledge"));
  blocking.AwaitHeld();
  // A retry meanwhile is not written a second time.
  h.clock.Advance(absl::Seconds(5));
  IngestOutcome retry = h.IngestEvent(e1);
  EXPECT_TRUE(retry.items[0].result.unavailable());
  EXPECT_THAT(retry.items[0].status.message(),
              HasSubstr("still being written"));

  // Kafka answers: the first write lands. Shutting the pipeline down waits
  // for it to be settled; after a restart a copy is a duplicate.
  blocking.Release();
  h.pipeline.reset();
  h.pipeline = std::make_unique<IngestPipeline>(log, h.dedup, nullptr, h.clock,
                                                events::Topics(kPrefix),
                                                PipelineOptions{}, h.probe);
  IngestOutcome third = h.IngestEvent(e1);
  EXPECT_TRUE(third.items[0].result.accepted());
  EXPECT_TRUE(third.items[0].result.duplicate());
  EXPECT_EQ(log.Records(kDossierTopic).size(), 1u);
}

TEST(IngestPipelineReferenceTest, ReferenceDataIsCheckedAndFillsTheField) {
  testing::FakeClock clock(absl::UnixEpoch());
  const std::string dir = ::testing::TempDir();
  const std::string units = dir + "/pipeline_units.yaml";
  const std::string procedures = dir + "/pipeline_procedures.yaml";
  {
    std::ofstream(units) << "units:\n  - {id: U1, name: Unit, level: ward}\n";
    std::ofstream(procedures)
        << "procedures:\n  - {code: \"1.001757\", name: P, field: ho-tich, "
           "legal_duration: {working_days: 3}}\n";
  }
  auto catalog = ReferenceCatalog::Load({units, procedures}, clock);
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  PipelineHarness h({}, nullptr, catalog->get());
  v1::Event ok = DossierReceived("e1", "D1", "U1", h.clock.Now());
  ok.mutable_dossier()->clear_field_code();
  ASSERT_TRUE(h.IngestEvent(ok).items[0].result.accepted());
  v1::Event written;
  ASSERT_TRUE(written.ParseFromString(h.log.Records(kDossierTopic)[0].value));
  EXPECT_EQ(written.dossier().field_code(), "ho-tich");

  IngestOutcome bad =
      h.IngestEvent(DossierReceived("e2", "D2", "U9", h.clock.Now()));
  ASSERT_EQ(bad.items[0].result.errors_size(), 1);
  EXPECT_EQ(bad.items[0].result.errors(0).reason(), "unknown_unit");
  EXPECT_EQ(
      h.Metric("giamsat_ingestor_rejects_total", {{"reason", "unknown_unit"}}),
      1);
}

TEST(IngestPipelinePiiTest, NoPersonalDataReachesTheLog) {
  PipelineHarness h;
  PiiPolicy policy;
  policy.drop_fields = {"citizenName", "phone", "address"};
  policy.hash_fields = {"nationalId"};
  policy.hash_key = "secret";
  const EventDecoder decoder(policy);
  const std::string valid = R"({"eventId":"p1","sourceSystem":"igate",
    "unitId":"U1","occurredAt":"2026-04-24T16:00:00+07:00",
    "citizenName":"Nguyễn Văn An","nationalId":"001 099 012345",
    "dossier":{"dossierId":"D1","kind":"DOSSIER_SUPPLEMENT_REQUESTED",
      "reason":"gọi 0912 345 678 để bổ sung",
      "applicant":{"phone":"0912345678","address":"12 Hàng Bạc"}}})";
  // Invalid (no sourceSystem): its dead letter must be clean too.
  const std::string invalid = R"({"eventId":"p2","unitId":"U1",
    "occurredAt":"2026-04-24T16:00:00+07:00","phone":"0912345678",
    "dossier":{"dossierId":"D2","kind":"DOSSIER_RESOLVED",
      "outcome":"RESOLUTION_APPROVED","citizenName":"Nguyễn Văn An"}})";
  DecodedItem a = decoder.DecodeJson(valid);
  // "applicant" is not a schema field: with only its PII inside removed it
  // stays an unknown, empty object. Drop it like the sources are told to.
  EXPECT_FALSE(a.decoded);
  const std::string valid_clean = R"({"eventId":"p1","sourceSystem":"igate",
    "unitId":"U1","occurredAt":"2026-04-24T16:00:00+07:00",
    "citizenName":"Nguyễn Văn An","nationalId":"001 099 012345",
    "dossier":{"dossierId":"D1","kind":"DOSSIER_SUPPLEMENT_REQUESTED",
      "reason":"gọi 0912 345 678 để bổ sung","phone":"0912345678",
      "address":"12 Hàng Bạc"}})";
  IngestOutcome out = h.Ingest(
      {decoder.DecodeJson(valid_clean), decoder.DecodeJson(invalid), a},
      "http");
  EXPECT_TRUE(out.items[0].result.accepted());
  EXPECT_FALSE(out.items[1].result.accepted());
  std::string everything;
  for (const char* topic : {kDossierTopic, kDeadLetterTopic}) {
    for (const auto& r : h.log.Records(topic)) everything += r.key + r.value;
  }
  EXPECT_EQ(h.log.Records(kDeadLetterTopic).size(), 2u);
  for (const char* secret : {"Nguyễn", "0912", "345 678", "Hàng Bạc", "001 099",
                             "012345", "nationalId", "phone"}) {
    EXPECT_THAT(everything, Not(HasSubstr(secret))) << secret;
  }
  v1::Event written;
  ASSERT_TRUE(written.ParseFromString(h.log.Records(kDossierTopic)[0].value));
  EXPECT_EQ(written.citizen_ref(), KeyedHash("secret", "001099012345"));
  EXPECT_EQ(written.dossier().reason(), "gọi *** để bổ sung");
  EXPECT_EQ(h.Metric("giamsat_ingestor_pii_fields_total",
                     {{"field", "citizenName"}, {"action", "dropped"}}),
            3);
  EXPECT_EQ(h.Metric("giamsat_ingestor_pii_fields_total",
                     {{"field", "nationalId"}, {"action", "hashed"}}),
            2);
}

TEST_F(IngestPipelineTest, EmptyRequestIsEmpty) {
  EXPECT_THAT(h_.Ingest({}).items, IsEmpty());
}

TEST_F(IngestPipelineTest, ResolutionWithoutReceiptIsFine) {
  EXPECT_TRUE(h_.IngestEvent(DossierResolved("r1", "D9", "U1", Now()))
                  .items[0]
                  .result.accepted());
}

}  // namespace
}  // namespace giamsat::ingestor
