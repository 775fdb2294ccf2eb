#include "services/ingestor/ingest_pipeline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_event_log.h"
#include "tests/support/event_builders.h"

namespace giamsat::ingestor {
namespace {

using ::giamsat::testing::DossierReceived;
using ::giamsat::testing::VnTime;

class IngestPipelineTest : public ::testing::Test {
 protected:
  IngestPipelineTest()
      : clock_(VnTime("2026-04-24T17:00:00+07:00")),
        registry_(std::make_shared<prometheus::Registry>()),
        probe_(*registry_),
        pipeline_(log_, clock_, events::Topics("x."), ValidationConfig{},
                  probe_) {}

  double Counter(const std::string& name,
                 const std::map<std::string, std::string>& labels) {
    for (const auto& family : registry_->Collect()) {
      if (family.name != name) continue;
      for (const auto& m : family.metric) {
        std::map<std::string, std::string> got;
        for (const auto& l : m.label) got[l.name] = l.value;
        if (got == labels) return m.counter.value;
      }
    }
    return 0;
  }

  testing::FakeClock clock_;
  testing::InMemoryEventLog log_;
  std::shared_ptr<prometheus::Registry> registry_;
  IngestProbe probe_;
  IngestPipeline pipeline_;
};

TEST_F(IngestPipelineTest, ValidEventIsWrittenKeyedBySubjectAndStamped) {
  auto out = pipeline_.Ingest(
      {ItemFromProto(DossierReceived("e1", "D1", "U1", clock_.Now()))}, "grpc");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].status.ok());
  EXPECT_TRUE(out[0].result.accepted());
  auto records = log_.Records("x.giamsat.dossier-events.v1");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].key, "D1");
  v1::Event written;
  ASSERT_TRUE(written.ParseFromString(records[0].value));
  EXPECT_EQ(written.event_id(), "e1");
  EXPECT_EQ(written.ingested_at().seconds(), absl::ToUnixSeconds(clock_.Now()));
  EXPECT_EQ(Counter("giamsat_ingestor_events_total",
                    {{"entry_point", "grpc"}, {"outcome", "accepted"}}),
            1);
}

TEST_F(IngestPipelineTest, InvalidEventGoesToDeadLetterWithEveryReason) {
  v1::Event bad = DossierReceived("e1", "D1", "", clock_.Now());
  bad.mutable_dossier()->clear_procedure_code();
  auto out = pipeline_.Ingest({ItemFromProto(bad)}, "http");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].result.accepted());
  EXPECT_EQ(out[0].result.errors_size(), 2);
  EXPECT_TRUE(log_.Records("x.giamsat.dossier-events.v1").empty());
  auto dead = log_.Records("x.giamsat.dead-letter.v1");
  ASSERT_EQ(dead.size(), 1u);
  v1::DeadLetter letter;
  ASSERT_TRUE(letter.ParseFromString(dead[0].value));
  EXPECT_EQ(letter.entry_point(), "http");
  ASSERT_EQ(letter.errors_size(), 2);
  EXPECT_EQ(letter.errors(0).field(), "unitId");
  EXPECT_EQ(letter.errors(1).field(), "dossier.procedureCode");
  EXPECT_EQ(Counter("giamsat_ingestor_rejects_total", {{"reason", "required"}}),
            2);
}

TEST_F(IngestPipelineTest, UndecodableItemIsDeadLetteredWithItsText) {
  DecodedItem item = DecodeJsonEvent("{\"eventId\": 5, \"bogus\": 1}");
  auto out = pipeline_.Ingest({item}, "http");
  EXPECT_FALSE(out[0].result.accepted());
  auto dead = log_.Records("x.giamsat.dead-letter.v1");
  ASSERT_EQ(dead.size(), 1u);
  v1::DeadLetter letter;
  ASSERT_TRUE(letter.ParseFromString(dead[0].value));
  EXPECT_EQ(letter.raw(), "{\"eventId\": 5, \"bogus\": 1}");
  EXPECT_EQ(letter.errors(0).reason(), "malformed");
}

TEST_F(IngestPipelineTest, LogUnavailableIsReportedNotAccepted) {
  log_.FailNextPublishes(1);
  auto out = pipeline_.Ingest(
      {ItemFromProto(DossierReceived("e1", "D1", "U1", clock_.Now())),
       ItemFromProto(DossierReceived("e2", "D2", "U1", clock_.Now()))},
      "grpc");
  EXPECT_EQ(out[0].status.code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(out[0].result.accepted());
  EXPECT_TRUE(out[1].result.accepted());
  EXPECT_EQ(log_.Records("x.giamsat.dossier-events.v1").size(), 1u);
}

}  // namespace
}  // namespace giamsat::ingestor
