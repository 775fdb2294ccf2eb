// The ingestor library on the real Kafka and Redis: where valid events land,
// what each validation rule answers and dead-letters, duplicates across a
// restart, personal data, and Kafka being unreachable.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "tests/integration/ingestor_harness.h"
#include "tests/support/event_builders.h"

namespace giamsat::ingestor {
namespace {

using ::giamsat::testing::DossierReceived;
using ::giamsat::testing::DossierResolved;
using ::testing::HasSubstr;
using ::testing::Not;

absl::Time Now() { return absl::Now() - absl::Minutes(1); }

v1::Event Feedback(const std::string& id, const std::string& feedback) {
  v1::Event e = DossierReceived(id, "x", "HN.UBND.YENHOA", Now());
  e.mutable_feedback()->set_feedback_id(feedback);
  e.mutable_feedback()->set_kind(v1::FEEDBACK_RECEIVED);
  e.mutable_feedback()->set_channel(v1::FEEDBACK_CHANNEL_IHANOI);
  return e;
}

v1::Event Inspection(const std::string& id, const std::string& inspection) {
  v1::Event e = DossierReceived(id, "x", "HN.UBND.YENHOA", Now());
  e.mutable_inspection()->set_inspection_id(inspection);
  e.mutable_inspection()->set_kind(v1::INSPECTION_DONE);
  return e;
}

std::vector<DecodedItem> Items(const std::vector<v1::Event>& events) {
  std::vector<DecodedItem> items;
  for (const auto& e : events) items.push_back(ItemFromProto(e));
  return items;
}

// Reference data of the tests: a few units and procedures.
class ReferenceFiles {
 public:
  ReferenceFiles() : dir_(testing::MakeTempDir()) {
    std::ofstream(dir_ + "/units.yaml") << R"(units:
  - {id: HN, name: City, level: city}
  - {id: HN.UBND.YENHOA, name: Yên Hòa, level: ward, parent: HN}
  - {id: HN.UBND.YENHOA.VP, name: Office, level: office, parent: HN.UBND.YENHOA}
)";
    std::ofstream(dir_ + "/procedures.yaml") << R"(procedures:
  - {code: "1.001757", name: A, field: ho-tich, legal_duration: {working_days: 3}}
)";
    auto catalog = ReferenceCatalog::Load(
        {dir_ + "/units.yaml", dir_ + "/procedures.yaml", absl::Seconds(30)},
        clock_);
    EXPECT_TRUE(catalog.ok()) << catalog.status();
    catalog_ = std::move(*catalog);
  }
  ~ReferenceFiles() { std::filesystem::remove_all(dir_); }
  ReferenceCatalog* get() { return catalog_.get(); }

 private:
  std::string dir_;
  core::SystemClock clock_;
  std::unique_ptr<ReferenceCatalog> catalog_;
};

class IngestorKafkaTest : public ::testing::Test {
 protected:
  IngestorKafkaTest() : harness_({}, {}, reference_.get()) {}
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(harness_.Start()); }

  ReferenceFiles reference_;
  IngestorHarness harness_;
};

TEST_F(IngestorKafkaTest, ValidEventsLandOnTheirTopicKeyedBySubject) {
  std::vector<v1::Event> events;
  for (int i = 0; i < 12; ++i) {
    const std::string d = "D" + std::to_string(i % 4);
    events.push_back(i < 4 ? DossierReceived(absl::StrCat("r", i), d,
                                             "HN.UBND.YENHOA", Now())
                           : DossierResolved(absl::StrCat("z", i), d,
                                             "HN.UBND.YENHOA", Now()));
  }
  events.push_back(Feedback("f1", "F1"));
  events.push_back(Inspection("i1", "I1"));
  IngestOutcome out = harness_.pipeline().Ingest(Items(events), "grpc");
  for (const auto& o : out.items) {
    ASSERT_TRUE(o.result.accepted()) << o.result.ShortDebugString();
  }
  const events::Topics& t = harness_.topics();
  auto dossiers = ReadAll(harness_.kafka(), {t.DossierEvents()});
  ASSERT_EQ(dossiers.size(), 12u);
  // The partition of a key is the one Kafka's default partitioner gives it:
  // the same for the same key, whichever producer writes it.
  const std::string probe_topic = harness_.prefix() + "partition-probe";
  ASSERT_TRUE(kafka::EnsureTopics(harness_.kafka(), {probe_topic}).ok());
  prometheus::Registry registry;
  auto bare =
      kafka::KafkaPublisher::Create(harness_.kafka(), "probe", registry);
  ASSERT_TRUE(bare.ok());
  std::vector<events::OutRecord> probes;
  for (int i = 0; i < 4; ++i) {
    probes.push_back({probe_topic, "D" + std::to_string(i), ""});
  }
  for (const auto& s : (*bare)->PublishBatch(probes)) ASSERT_TRUE(s.ok());
  std::map<std::string, int32_t> expected_partition;
  for (const auto& r : ReadAll(harness_.kafka(), {probe_topic})) {
    expected_partition[r.key] = r.partition;
  }
  std::map<std::string, std::vector<std::string>> order;
  for (const auto& r : dossiers) {
    v1::Event e;
    ASSERT_TRUE(e.ParseFromString(r.value));
    EXPECT_EQ(r.key, e.dossier().dossier_id());
    EXPECT_EQ(r.partition, expected_partition.at(r.key)) << r.key;
    EXPECT_TRUE(e.has_ingested_at());
    order[r.key].push_back(e.event_id());
  }
  // Events of one dossier keep their order.
  EXPECT_THAT(order["D1"], ::testing::ElementsAre("r1", "z5", "z9"));
  auto feedback = ReadAll(harness_.kafka(), {t.FeedbackEvents()});
  ASSERT_EQ(feedback.size(), 1u);
  EXPECT_EQ(feedback[0].key, "F1");
  auto inspections = ReadAll(harness_.kafka(), {t.InspectionEvents()});
  ASSERT_EQ(inspections.size(), 1u);
  EXPECT_EQ(inspections[0].key, "I1");
  EXPECT_EQ(TopicSize(harness_.kafka(), t.DeadLetter()), 0);
}

struct RuleCase {
  std::string name;
  std::function<void(v1::Event&)> mutate;
  std::string field;
  std::string reason;
  std::string message;
};

TEST_F(IngestorKafkaTest,
       EachValidationRuleRejectsWithItsMessageAndADeadLetter) {
  const std::vector<RuleCase> cases = {
      {"no event id", [](v1::Event& e) { e.clear_event_id(); }, "eventId",
       "required", "eventId is required"},
      {"no source", [](v1::Event& e) { e.clear_source_system(); },
       "sourceSystem", "required", "sourceSystem is required"},
      {"long id",
       [](v1::Event& e) {
         e.mutable_dossier()->set_dossier_id(std::string(200, 'x'));
       },
       "dossier.dossierId", "too_long", "longer than 128 characters"},
      {"no time", [](v1::Event& e) { e.clear_occurred_at(); }, "occurredAt",
       "required", "RFC 3339 with a UTC offset"},
      {"future",
       [](v1::Event& e) { e.mutable_occurred_at()->set_seconds(4102444800); },
       "occurredAt", "future_timestamp",
       "in the future beyond the allowed skew"},
      {"enum",
       [](v1::Event& e) {
         e.mutable_dossier()->set_channel(static_cast<v1::Channel>(77));
       },
       "dossier.channel", "unknown_enum", "77 is not a value of Channel"},
      {"no kind", [](v1::Event& e) { e.mutable_dossier()->clear_kind(); },
       "dossier.kind", "required", "dossier.kind is required"},
      {"no payload", [](v1::Event& e) { e.clear_dossier(); }, "payload",
       "required", "exactly one of dossier, feedback or inspection"},
      {"unknown unit", [](v1::Event& e) { e.set_unit_id("HN.NOWHERE"); },
       "unitId", "unknown_unit", "not in the unit reference data"},
      {"unknown procedure",
       [](v1::Event& e) { e.mutable_dossier()->set_procedure_code("9.999"); },
       "dossier.procedureCode", "unknown_procedure",
       "not in the procedure reference data"},
      {"field",
       [](v1::Event& e) { e.mutable_dossier()->set_field_code("dat-dai"); },
       "dossier.fieldCode", "field_mismatch", "does not match the field"},
      {"no duration",
       [](v1::Event& e) { e.mutable_dossier()->clear_legal_duration(); },
       "dossier.legalDuration", "required", "workingDays or workingHours"},
      {"both durations",
       [](v1::Event& e) {
         e.mutable_dossier()->mutable_legal_duration()->set_working_hours(2);
       },
       "dossier.legalDuration", "ambiguous",
       "both workingDays and workingHours"},
      {"too long",
       [](v1::Event& e) {
         e.mutable_dossier()->mutable_legal_duration()->set_working_days(10);
       },
       "dossier.legalDuration", "exceeds_legal_duration",
       "longer than the legal limit of 3"},
      {"step unit",
       [](v1::Event& e) {
         e.mutable_dossier()->set_kind(v1::DOSSIER_STEP_STARTED);
         e.mutable_dossier()->mutable_step()->set_step_id("s1");
         e.mutable_dossier()->mutable_step()->set_unit_id("HN.ELSEWHERE");
       },
       "dossier.step.unitId", "unknown_unit", "HN.ELSEWHERE"},
      {"outcome",
       [](v1::Event& e) {
         e.mutable_dossier()->set_kind(v1::DOSSIER_RESOLVED);
       },
       "dossier.outcome", "required",
       "RESOLUTION_APPROVED or RESOLUTION_REFUSED"},
      {"rating",
       [](v1::Event& e) {
         e.mutable_dossier()->set_kind(v1::DOSSIER_SATISFACTION_RATED);
         e.mutable_dossier()->set_rating(9);
       },
       "dossier.rating", "out_of_range", "between 1 and 5"},
      {"late cause",
       [](v1::Event& e) { e.mutable_dossier()->set_late_cause("rain"); },
       "dossier.lateCause", "unknown_value", "\"subjective\", \"objective\""},
      {"assigned unit",
       [](v1::Event& e) {
         e.mutable_feedback()->set_feedback_id("F");
         e.mutable_feedback()->set_kind(v1::FEEDBACK_ASSIGNED);
       },
       "feedback.assignedUnitId", "required", "feedback.assignedUnitId"},
      {"visit",
       [](v1::Event& e) {
         e.mutable_inspection()->set_inspection_id("I");
         e.mutable_inspection()->set_kind(v1::INSPECTION_SCHEDULED);
       },
       "inspection.visitAt", "required", "inspection.visitAt is required"},
  };
  std::vector<v1::Event> events;
  for (size_t i = 0; i < cases.size(); ++i) {
    v1::Event e =
        DossierReceived(absl::StrCat("bad", i), "D", "HN.UBND.YENHOA", Now());
    cases[i].mutate(e);
    if (!e.event_id().empty()) e.set_event_id(absl::StrCat("bad", i));
    events.push_back(e);
  }
  IngestOutcome out = harness_.pipeline().Ingest(Items(events), "grpc");
  std::map<std::string, v1::DeadLetter> letters;
  for (const auto& r :
       ReadAll(harness_.kafka(), {harness_.topics().DeadLetter()})) {
    v1::DeadLetter letter;
    ASSERT_TRUE(letter.ParseFromString(r.value));
    letters[letter.event_id()] = letter;
  }
  EXPECT_EQ(letters.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].name);
    const v1::IngestResult& r = out.items[i].result;
    EXPECT_FALSE(r.accepted());
    ASSERT_EQ(r.errors_size(), 1) << r.ShortDebugString();
    EXPECT_EQ(r.errors(0).field(), cases[i].field);
    EXPECT_EQ(r.errors(0).reason(), cases[i].reason);
    EXPECT_THAT(r.errors(0).message(), HasSubstr(cases[i].message));
    const std::string id = events[i].event_id();
    ASSERT_EQ(letters.count(id), 1u);
    const v1::DeadLetter& letter = letters[id];
    ASSERT_EQ(letter.errors_size(), 1);
    EXPECT_EQ(letter.errors(0).reason(), cases[i].reason);
    EXPECT_EQ(letter.entry_point(), "grpc");
    v1::Event raw;
    EXPECT_TRUE(raw.ParseFromString(letter.raw()));
  }
  EXPECT_EQ(TopicSize(harness_.kafka(), harness_.topics().DossierEvents()), 0);
}

TEST_F(IngestorKafkaTest, DuplicatesAreWrittenOnceAlsoAcrossARestart) {
  std::vector<v1::Event> events;
  for (int i = 0; i < 50; ++i) {
    events.push_back(DossierReceived(absl::StrCat("d", i), absl::StrCat("D", i),
                                     "HN.UBND.YENHOA", Now()));
  }
  IngestOutcome first = harness_.pipeline().Ingest(Items(events), "grpc");
  EXPECT_EQ(first.TakeBatchResult().accepted(), 50u);
  // A retry of the same events in another request.
  IngestOutcome retry = harness_.pipeline().Ingest(Items(events), "http");
  v1::IngestBatchResult r = retry.TakeBatchResult();
  EXPECT_EQ(r.accepted(), 50u);
  EXPECT_EQ(r.duplicates(), 50u);
  // A restart loses everything in process; the window lives in Redis.
  harness_.Restart();
  IngestOutcome after = harness_.pipeline().Ingest(Items(events), "grpc");
  r = after.TakeBatchResult();
  EXPECT_EQ(r.duplicates(), 50u);
  auto records = ReadAll(harness_.kafka(), {harness_.topics().DossierEvents()});
  std::set<std::string> ids;
  for (const auto& rec : records) {
    v1::Event e;
    ASSERT_TRUE(e.ParseFromString(rec.value));
    EXPECT_TRUE(ids.insert(e.event_id()).second) << e.event_id();
  }
  EXPECT_EQ(ids.size(), 50u);
}

TEST(IngestorPiiTest, NoPersonalDataReachesKafka) {
  PiiPolicy policy;
  policy.drop_fields = {"citizenName", "phone", "address", "email"};
  policy.hash_fields = {"nationalId", "cccd"};
  policy.hash_key = "integration-key";
  IngestorHarness harness({}, policy);
  ASSERT_NO_FATAL_FAILURE(harness.Start());
  const std::string when = "2026-04-24T16:00:00+07:00";
  auto event = [&](const std::string& id, const std::string& extra) {
    return absl::StrCat(
        R"({"eventId":")", id,
        R"(","sourceSystem":"ihanoi","unitId":"U1","occurredAt":")", when,
        R"(",)", extra, "}");
  };
  const std::string body = absl::StrCat(
      "[", event("p1", R"("citizenName":"Lê Thị Hoa","phone":"0987 654 321",
          "cccd":"001199000111",
          "feedback":{"feedbackId":"F1","kind":"FEEDBACK_RECEIVED",
                      "address":"5 Đinh Tiên Hoàng","email":"hoa@example.vn"})"),
      ",", event("p2", R"("nationalId":"001199000111",
          "dossier":{"dossierId":"D1","kind":"DOSSIER_SUPPLEMENT_REQUESTED",
                     "reason":"gọi 0987654321 để bổ sung"})"),
      ",",
      // Rejected (unknown kind): its dead letter must be clean too.
      event("p3", R"("citizenName":"Lê Thị Hoa",
          "dossier":{"dossierId":"D2","kind":"NOT_A_KIND",
                     "reason":"CCCD 001199000111"})"),
      "]");
  auto items = harness.decoder().DecodeJsonBody(body);
  ASSERT_TRUE(items.ok());
  IngestOutcome out = harness.pipeline().Ingest(std::move(*items), "http");
  EXPECT_TRUE(out.items[0].result.accepted());
  EXPECT_TRUE(out.items[1].result.accepted());
  EXPECT_FALSE(out.items[2].result.accepted());
  const events::Topics& t = harness.topics();
  auto all = ReadAll(harness.kafka(), {t.DossierEvents(), t.FeedbackEvents(),
                                       t.InspectionEvents(), t.DeadLetter()});
  ASSERT_EQ(all.size(), 3u);
  std::string bytes;
  for (const auto& r : all) bytes += r.key + r.value;
  for (const char* secret :
       {"Lê Thị", "Hoa", "0987", "654 321", "001199000111", "Đinh Tiên",
        "example.vn", "citizenName", "cccd", "nationalId"}) {
    EXPECT_THAT(bytes, Not(HasSubstr(secret))) << secret;
  }
  // Both events of the citizen carry the same keyed hash.
  std::set<std::string> refs;
  for (const auto& r : all) {
    if (r.topic == t.DeadLetter()) continue;
    v1::Event e;
    ASSERT_TRUE(e.ParseFromString(r.value));
    refs.insert(e.citizen_ref());
  }
  EXPECT_EQ(
      refs,
      (std::set<std::string>{KeyedHash("integration-key", "001199000111")}));
}

TEST(IngestorUnavailableKafkaTest, AnswersUnavailableQuicklyNotUnbounded) {
  PipelineOptions options;
  options.request_timeout = absl::Seconds(2);
  options.retry_after = absl::Seconds(3);
  IngestorHarness harness(options);
  ASSERT_NO_FATAL_FAILURE(harness.Start());
  // Now point a second pipeline at a broker that does not exist.
  config::KafkaConfig dead = harness.kafka();
  dead.bootstrap = "127.0.0.1:1";
  dead.delivery_timeout_ms = 3000;  // longer than the request timeout
  prometheus::Registry registry;
  auto publisher = kafka::KafkaPublisher::Create(dead, "dead", registry);
  ASSERT_TRUE(publisher.ok());
  config::RedisConfig redis;
  redis.address = testing::RedisAddress();
  redis.key_prefix = harness.prefix() + "dead.";
  auto dedup = dedup::RedisDedupStore::Connect(redis, absl::Hours(1),
                                               absl::Minutes(2), registry);
  ASSERT_TRUE(dedup.ok());
  core::SystemClock clock;
  IngestProbe probe(registry);
  IngestPipeline pipeline(**publisher, **dedup, nullptr, clock,
                          harness.topics(), options, probe);
  const absl::Time start = absl::Now();
  IngestOutcome first = pipeline.Ingest(
      {ItemFromProto(DossierReceived("u1", "D1", "U1", Now()))}, "grpc");
  EXPECT_EQ(first.items[0].status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(first.retry_after, absl::Seconds(3));
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  // While the breaker is open requests are refused without waiting.
  const absl::Time second_start = absl::Now();
  IngestOutcome second = pipeline.Ingest(
      {ItemFromProto(DossierReceived("u2", "D2", "U1", Now()))}, "grpc");
  EXPECT_EQ(second.items[0].status.code(), absl::StatusCode::kUnavailable);
  EXPECT_LT(absl::Now() - second_start, absl::Milliseconds(500));
  EXPECT_THAT(second.items[0].status.message(), HasSubstr("retry after"));
}

}  // namespace
}  // namespace giamsat::ingestor
