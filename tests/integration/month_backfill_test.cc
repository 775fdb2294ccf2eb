// Month hash backfill on a real Redis: a state where only the months from
// the marker on have month hashes, then the backfill; concurrent commits
// (as giamsat-rules makes them) keep month == sum of days.
#include "common/redis/month_backfill.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/redis/redis_state_store.h"
#include "common/store/month_hashes.h"
#include "common/store/write_batch.h"
#include "prometheus/registry.h"
#include "tests/support/test_env.h"

namespace giamsat::redis {
namespace {

class MonthBackfillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.address = testing::RedisAddress();
    auto store = RedisStateStore::Connect(config_, layout_, registry_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    auto connector = RedisConnector::Create(config_);
    ASSERT_TRUE(connector.ok()) << connector.status();
    connector_ = std::move(*connector);
  }
  // As giamsat-rules records a delta: the day hash, and the month hash
  // when `with_month` (a version with month hashes).
  void Record(const std::string& unit, absl::CivilDay day,
              const std::string& field, int64_t delta, bool with_month) {
    store::WriteBatch b;
    b.HashIncrement(layout_.UnitDay(unit, day), field, delta);
    if (with_month) {
      b.HashIncrement(layout_.UnitMonth(unit, absl::CivilMonth(day)), field,
                      delta);
    }
    ASSERT_TRUE(store_->Commit(b).ok());
  }
  void Mark(absl::CivilMonth from) {
    store::WriteBatch b;
    b.Put(layout_.MonthHashesFrom(), absl::FormatCivilTime(from));
    ASSERT_TRUE(store_->Commit(b).ok());
  }
  store::Hash Month(const std::string& unit, absl::CivilMonth m) {
    auto h = store_->GetHashes({layout_.UnitMonth(unit, m)});
    EXPECT_TRUE(h.ok()) << h.status();
    return h.ok() ? h->front() : store::Hash{};
  }
  std::optional<absl::CivilMonth> Marker() {
    auto m = store::MonthHashesFrom(*store_, layout_);
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? *m : std::nullopt;
  }

  config::RedisConfig config_;
  store::KeyLayout layout_{testing::UniquePrefix()};
  prometheus::Registry registry_;
  std::unique_ptr<RedisStateStore> store_;
  std::unique_ptr<RedisConnector> connector_;
};

TEST_F(MonthBackfillTest, RefusesWithoutAMarker) {
  Record("HN", absl::CivilDay(2026, 5, 3), "received", 1, false);
  auto r = BackfillMonthHashes(*connector_, layout_);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("month-hashes-from"), std::string::npos);
}

TEST_F(MonthBackfillTest, FillsMonthsBeforeTheMarkerAndMovesItBack) {
  // Before the upgrade (no month hashes): May and June 2026, two units.
  Record("HN.A", absl::CivilDay(2026, 5, 3), "received", 2, false);
  Record("HN.A", absl::CivilDay(2026, 5, 31), "received", 3, false);
  Record("HN.A", absl::CivilDay(2026, 5, 31), "resolved", 1, false);
  Record("HN.B", absl::CivilDay(2026, 6, 30), "received", 4, false);
  // Upgraded in June: June's month hash holds only what followed.
  Mark(absl::CivilMonth(2026, 7));
  Record("HN.A", absl::CivilDay(2026, 6, 20), "received", 5, true);
  Record("HN.A", absl::CivilDay(2026, 7, 2), "received", 6, true);

  auto r = BackfillMonthHashes(*connector_, layout_);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->marker_before, absl::CivilMonth(2026, 7));
  EXPECT_EQ(r->marker_after, absl::CivilMonth(2026, 5));
  EXPECT_EQ(r->months_filled, 3);  // A: May, June; B: June
  EXPECT_EQ(r->days_summed, 4);
  EXPECT_EQ(Month("HN.A", absl::CivilMonth(2026, 5)),
            (store::Hash{{"received", "5"}, {"resolved", "1"}}));
  EXPECT_EQ(Month("HN.A", absl::CivilMonth(2026, 6)),
            (store::Hash{{"received", "5"}}));
  EXPECT_EQ(Month("HN.B", absl::CivilMonth(2026, 6)),
            (store::Hash{{"received", "4"}}));
  EXPECT_EQ(Month("HN.A", absl::CivilMonth(2026, 7)),
            (store::Hash{{"received", "6"}}));  // untouched
  EXPECT_EQ(Marker(), absl::CivilMonth(2026, 5));

  // Idempotent: nothing before the marker any more; the figures stay.
  auto again = BackfillMonthHashes(*connector_, layout_);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->months_filled, 0);
  EXPECT_EQ(again->marker_after, absl::CivilMonth(2026, 5));
  EXPECT_EQ(Month("HN.A", absl::CivilMonth(2026, 5)),
            (store::Hash{{"received", "5"}, {"resolved", "1"}}));
}

TEST_F(MonthBackfillTest, ConcurrentCommitsKeepMonthsTheSumOfTheirDays) {
  const absl::CivilDay day(2026, 6, 10);
  Record("HN.A", day, "received", 100, false);  // before the upgrade
  Mark(absl::CivilMonth(2026, 7));
  std::atomic<bool> stop{false};
  std::atomic<int> commits{0};
  std::thread rules([&] {
    while (!stop) {
      Record("HN.A", day + (commits % 5), "received", 1, true);
      ++commits;
    }
  });
  // Backfill while the commits run, several times over (moving the marker
  // forward again in between, so that each run fills June once more).
  for (int i = 0; i < 20; ++i) {
    auto r = BackfillMonthHashes(*connector_, layout_);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->months_filled, 1);
    Mark(absl::CivilMonth(2026, 7));
  }
  stop = true;
  rules.join();
  EXPECT_GT(commits.load(), 0);
  int64_t days = 0;
  for (int d = 0; d < 5; ++d) {
    auto h = store_->GetHashes({layout_.UnitDay("HN.A", day + d)});
    ASSERT_TRUE(h.ok());
    if (auto it = h->front().find("received"); it != h->front().end()) {
      days += std::stoll(it->second);
    }
  }
  EXPECT_EQ(days, 100 + commits.load());
  EXPECT_EQ(Month("HN.A", absl::CivilMonth(2026, 6)),
            (store::Hash{{"received", std::to_string(days)}}));
}

}  // namespace
}  // namespace giamsat::redis
