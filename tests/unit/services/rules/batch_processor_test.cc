#include "services/rules/batch_processor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/domain/figure_fields.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_state_store.h"
#include "tests/support/event_builders.h"

namespace giamsat::rules {
namespace {

using ::giamsat::testing::DossierReceived;
using ::giamsat::testing::DossierResolved;
using ::giamsat::testing::VnTime;

events::InRecord Record(int32_t partition, int64_t offset, const v1::Event& e) {
  return {"dossiers", partition, offset, e.dossier().dossier_id(),
          e.SerializeAsString()};
}

class BatchProcessorTest : public ::testing::Test {
 protected:
  BatchProcessorTest()
      : clock_(VnTime("2026-04-30T12:00:00+07:00")),
        registry_(std::make_shared<prometheus::Registry>()),
        probe_(*registry_) {}

  std::unique_ptr<BatchProcessor> NewProcessor() {
    return std::make_unique<BatchProcessor>(store_, layout_, clock_, probe_);
  }
  std::string Figure(const std::string& key, absl::string_view field) {
    auto hashes = store_.GetHashes({key});
    auto it = hashes->at(0).find(field);
    return it == hashes->at(0).end() ? "0" : it->second;
  }

  const absl::Time t0_ = VnTime("2026-04-24T09:00:00+07:00");
  testing::FakeClock clock_;
  testing::InMemoryStateStore store_;
  store::KeyLayout layout_{"gs:"};
  std::shared_ptr<prometheus::Registry> registry_;
  RulesProbe probe_;
};

TEST_F(BatchProcessorTest, CountsFiguresAndStoresOffsetsAtomically) {
  auto p = NewProcessor();
  ASSERT_TRUE(p->Process({Record(0, 0, DossierReceived("e1", "D1", "U1", t0_)),
                          Record(1, 0, DossierReceived("e2", "D2", "U1", t0_)),
                          Record(0, 1,
                                 DossierResolved("e3", "D1", "U1",
                                                 t0_ + absl::Hours(2)))})
                  .ok());
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldReceived), "2");
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldResolved), "1");
  EXPECT_EQ(Figure(layout_.UnitDay("U1", absl::CivilDay(2026, 4, 24)),
                   domain::kFieldReceived),
            "2");
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldInProgress), "1");
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldWatermark),
            std::to_string(absl::ToUnixMillis(t0_ + absl::Hours(2))));
  EXPECT_EQ(*store_.GetOffset("dossiers", 0), 2);
  EXPECT_EQ(*store_.GetOffset("dossiers", 1), 1);
}

TEST_F(BatchProcessorTest, RedeliveredRecordsAfterRestartAreSkipped) {
  auto first = NewProcessor();
  const auto batch = std::vector<events::InRecord>{
      Record(0, 0, DossierReceived("e1", "D1", "U1", t0_)),
      Record(0, 1, DossierReceived("e2", "D2", "U1", t0_))};
  ASSERT_TRUE(first->Process(batch).ok());
  // A new instance (after a crash) is handed the same records again.
  auto restarted = NewProcessor();
  ASSERT_TRUE(restarted->Process(batch).ok());
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldReceived), "2");
}

TEST_F(BatchProcessorTest, DuplicateEventIdAtANewOffsetIsAppliedOnce) {
  auto p = NewProcessor();
  const v1::Event e = DossierReceived("e1", "D1", "U1", t0_);
  ASSERT_TRUE(p->Process({Record(0, 0, e)}).ok());
  ASSERT_TRUE(p->Process({Record(0, 1, e)}).ok());
  auto fresh = NewProcessor();  // state comes back from the store
  ASSERT_TRUE(fresh->Process({Record(0, 2, e)}).ok());
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldReceived), "1");
  EXPECT_EQ(*store_.GetOffset("dossiers", 0), 3);
}

TEST_F(BatchProcessorTest, FailedCommitKeepsNothingAndRetryCountsOnce) {
  auto p = NewProcessor();
  ASSERT_TRUE(
      p->Process({Record(0, 0, DossierReceived("e1", "D1", "U1", t0_))}).ok());
  store_.FailNextCommits(1);
  const auto batch = std::vector<events::InRecord>{
      Record(0, 1, DossierResolved("e2", "D1", "U1", t0_ + absl::Hours(1)))};
  EXPECT_EQ(p->Process(batch).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldResolved), "0");
  ASSERT_TRUE(p->Process(batch).ok());
  EXPECT_EQ(Figure(layout_.UnitTotal("U1"), domain::kFieldResolved), "1");
  EXPECT_EQ(Figure(layout_.UnitLive("U1"), domain::kFieldInProgress), "0");
}

TEST_F(BatchProcessorTest, ReplayIntoAnEmptyStoreGivesTheSameFigures) {
  std::vector<events::InRecord> all;
  for (int i = 0; i < 50; ++i) {
    const std::string d = "D" + std::to_string(i % 20);
    all.push_back(Record(i % 3, i / 3,
                         i < 20 ? DossierReceived("r" + std::to_string(i), d,
                                                  "U" + std::to_string(i % 4),
                                                  t0_ + absl::Minutes(i))
                                : DossierResolved("s" + std::to_string(i), d,
                                                  "U9", t0_ + absl::Hours(i))));
  }
  // Processed in small batches...
  auto p = NewProcessor();
  for (size_t i = 0; i < all.size(); i += 7) {
    std::vector<events::InRecord> part(
        all.begin() + i, all.begin() + std::min(all.size(), i + 7));
    ASSERT_TRUE(p->Process(part).ok());
  }
  // ...or in one go into another store: the same figures.
  testing::InMemoryStateStore other;
  BatchProcessor q(other, layout_, clock_, probe_);
  ASSERT_TRUE(q.Process(all).ok());
  EXPECT_EQ(store_.HashesSnapshot(), other.HashesSnapshot());
  EXPECT_EQ(store_.StringsSnapshot(), other.StringsSnapshot());
}

TEST_F(BatchProcessorTest, UndecodableRecordIsSkippedButOffsetAdvances) {
  auto p = NewProcessor();
  ASSERT_TRUE(p->Process({{"dossiers", 0, 0, "k", "\xff\xff garbage"}}).ok());
  EXPECT_EQ(*store_.GetOffset("dossiers", 0), 1);
}

}  // namespace
}  // namespace giamsat::rules
