#include "services/rules/progress_reporter.h"

#include <gtest/gtest.h>

#include "common/core/proto_time.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_event_log.h"
#include "common/testing/in_memory_state_store.h"
#include "giamsat/v1/state.pb.h"
#include "tests/support/event_builders.h"

namespace giamsat::rules {
namespace {

using ::giamsat::testing::VnTime;

class ProgressReporterTest : public ::testing::Test {
 protected:
  void Publish(int n) {
    std::vector<events::OutRecord> out(n, {"events", "k", "v"});
    for (const auto& s : log_.PublishBatch(out)) ASSERT_TRUE(s.ok());
  }
  std::vector<events::InRecord> Poll(size_t n) {
    auto records = source_->Poll(n, absl::ZeroDuration());
    EXPECT_TRUE(records.ok());
    return *records;
  }
  absl::Status Report() {
    return reporter_.MaybeReport(
        {{"events", 0}}, *source_,
        [](const events::TopicPartition&)
            -> absl::StatusOr<std::optional<int64_t>> { return 0; });
  }
  // The stored progress of events/0 (fails the test when absent).
  v1::PartitionProgress Stored() {
    auto h = store_.GetHashes({layout_.IngestProgress()});
    EXPECT_TRUE(h.ok());
    v1::PartitionProgress p;
    auto it = h->front().find("events/0");
    EXPECT_NE(it, h->front().end());
    if (it != h->front().end()) {
      EXPECT_TRUE(p.ParseFromString(it->second));
    }
    return p;
  }

  const absl::Time t0_ = VnTime("2026-04-24T12:00:00+07:00");
  testing::FakeClock clock_{t0_};
  testing::InMemoryEventLog log_{1, &clock_};
  testing::InMemoryStateStore store_;
  store::KeyLayout layout_{"gs:"};
  std::unique_ptr<events::RecordSource> source_ = log_.NewSource(
      {"events"},
      [](const events::TopicPartition&)
          -> absl::StatusOr<std::optional<int64_t>> { return std::nullopt; });
  ProgressReporter reporter_{store_, layout_, clock_, absl::Seconds(1)};
};

TEST_F(ProgressReporterTest, BehindCoversTheNewestAppliedRecordsLogTime) {
  Publish(4);
  clock_.Advance(absl::Seconds(3));
  Publish(6);
  reporter_.Applied(Poll(5));  // 4 from t0, 1 from t0 + 3 s
  clock_.Advance(absl::Seconds(7));
  ASSERT_TRUE(Report().ok());
  const v1::PartitionProgress p = Stored();
  EXPECT_EQ(p.next_offset(), 5);
  EXPECT_EQ(p.end_offset(), 10);
  EXPECT_EQ(core::FromProto(p.covered_until()), t0_ + absl::Seconds(3));
  EXPECT_EQ(core::FromProto(p.reported_at()), t0_ + absl::Seconds(10));
}

TEST_F(ProgressReporterTest, CaughtUpCoversTheReportTimeAtMostOncePerInterval) {
  Publish(3);
  reporter_.Applied(Poll(10));
  clock_.Advance(absl::Seconds(2));
  ASSERT_TRUE(Report().ok());
  EXPECT_EQ(core::FromProto(Stored().covered_until()), t0_ + absl::Seconds(2));
  Publish(2);
  clock_.Advance(absl::Milliseconds(500));
  ASSERT_TRUE(Report().ok());  // within the interval: nothing written
  EXPECT_EQ(Stored().end_offset(), 3);
  clock_.Advance(absl::Milliseconds(500));
  ASSERT_TRUE(Report().ok());
  EXPECT_EQ(Stored().end_offset(), 5);
  EXPECT_EQ(Stored().next_offset(), 3);
  // Behind now, and the applied records' newest log time is t0.
  EXPECT_EQ(core::FromProto(Stored().covered_until()), t0_);
}

TEST_F(ProgressReporterTest, StoreDownIsReportedAndRetried) {
  Publish(1);
  reporter_.Applied(Poll(10));
  store_.FailNextCommits(1);
  EXPECT_EQ(Report().code(), absl::StatusCode::kUnavailable);
  ASSERT_TRUE(Report().ok());  // the failed write did not count
  EXPECT_EQ(Stored().next_offset(), 1);
}

}  // namespace
}  // namespace giamsat::rules
