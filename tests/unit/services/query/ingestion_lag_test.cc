#include "services/query/ingestion_lag.h"

#include <gtest/gtest.h>

#include "common/core/proto_time.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_state_store.h"

namespace giamsat::query {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1790000000);

v1::PartitionProgress Progress(int64_t next, int64_t end,
                               std::optional<absl::Duration> covered_ago,
                               absl::Duration reported_ago) {
  v1::PartitionProgress p;
  p.set_next_offset(next);
  p.set_end_offset(end);
  if (covered_ago.has_value()) {
    *p.mutable_covered_until() = core::ToProto(kNow - *covered_ago);
  }
  *p.mutable_reported_at() = core::ToProto(kNow - reported_ago);
  return p;
}

TEST(IngestionLagTest, SumsEventsAndTakesThePartitionFurthestBehind) {
  v1::IngestionLag lag = ComputeIngestionLag(
      {Progress(10, 10, absl::Seconds(1), absl::Seconds(1)),
       Progress(5, 12, absl::Seconds(40), absl::Milliseconds(500))},
      true, kNow);
  EXPECT_EQ(lag.events(), 7);
  ASSERT_TRUE(lag.seconds_known());
  EXPECT_DOUBLE_EQ(lag.seconds(), 40.0);
  EXPECT_EQ(core::FromProto(lag.reported_at()), kNow - absl::Seconds(1));
  EXPECT_EQ(lag.partitions(), 2);
}

TEST(IngestionLagTest, UnknownWithoutReportsOrACoveredTime) {
  v1::IngestionLag none = ComputeIngestionLag({}, true, kNow);
  EXPECT_FALSE(none.seconds_known());
  EXPECT_FALSE(none.has_reported_at());
  v1::IngestionLag unknown = ComputeIngestionLag(
      {Progress(0, 3, std::nullopt, absl::Seconds(1))}, true, kNow);
  EXPECT_EQ(unknown.events(), 3);
  EXPECT_FALSE(unknown.seconds_known());
}

TEST(LagReaderTest, KeepsTheReportsForAWhileButAgesTheLag) {
  testing::FakeClock clock(kNow);
  testing::InMemoryStateStore store;
  store::KeyLayout layout("gs:");
  store::WriteBatch b;
  b.HashPut(layout.IngestProgress(), "t/0",
            Progress(10, 10, absl::ZeroDuration(), absl::ZeroDuration())
                .SerializeAsString());
  ASSERT_TRUE(store.Commit(b).ok());
  LagReader reader(store, layout, clock, absl::Seconds(1));
  auto first = reader.Current();
  ASSERT_TRUE(first.ok());
  EXPECT_DOUBLE_EQ(first->seconds(), 0.0);
  // A new report behind, not read yet: the kept one ages with the clock.
  store::WriteBatch behind;
  behind.HashPut(layout.IngestProgress(), "t/0",
                 Progress(10, 15, absl::ZeroDuration(), absl::ZeroDuration())
                     .SerializeAsString());
  ASSERT_TRUE(store.Commit(behind).ok());
  clock.Advance(absl::Milliseconds(500));
  auto kept = reader.Current();
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->events(), 0);
  EXPECT_DOUBLE_EQ(kept->seconds(), 0.5);
  clock.Advance(absl::Milliseconds(500));
  auto fresh = reader.Current();
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->events(), 5);
}

}  // namespace
}  // namespace giamsat::query
