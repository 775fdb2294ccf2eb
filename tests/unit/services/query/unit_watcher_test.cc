#include "services/query/unit_watcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "common/domain/figure_fields.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_state_store.h"
#include "tests/support/event_builders.h"
#include "tests/support/subprocess.h"

namespace giamsat::query {
namespace {

using ::giamsat::testing::VnTime;

class UnitWatcherTest : public ::testing::Test {
 protected:
  void Receive(const std::string& unit, int n) {
    store::WriteBatch b;
    b.HashIncrement(layout_.UnitTotal(unit),
                    std::string(domain::kFieldReceived), n);
    ASSERT_TRUE(store_.Commit(b).ok());
  }
  std::vector<std::string> Units(
      const std::vector<v1::WatchUnitStatusResponse>& updates) {
    std::vector<std::string> out;
    for (const auto& u : updates) out.push_back(u.status().unit_id());
    return out;
  }

  testing::FakeClock clock_{VnTime("2026-07-15T10:00:00+07:00")};
  testing::InMemoryStateStore store_;
  store::KeyLayout layout_{"gs:"};
  UnitTree tree_;
  StatusReader reader_{store_, layout_, clock_, tree_};
  UnitWatcher watcher_{
      reader_, {"A", "B"}, v1::Period(), false, absl::Seconds(1)};
};

TEST_F(UnitWatcherTest, SnapshotThenChangesCoalescedPerUnit) {
  auto snapshot = watcher_.Poll(clock_.Now());
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(Units(*snapshot), (std::vector<std::string>{"A", "B"}));
  EXPECT_TRUE((*snapshot)[0].snapshot());
  EXPECT_TRUE(watcher_.Poll(clock_.Now())->empty());  // nothing changed

  clock_.Advance(absl::Seconds(2));
  Receive("A", 1);
  auto first = watcher_.Poll(clock_.Now());
  ASSERT_EQ(Units(*first), std::vector<std::string>{"A"});
  EXPECT_FALSE((*first)[0].snapshot());
  EXPECT_EQ((*first)[0].status().dossiers().received(), 1);

  // Two more changes within the second: held, then sent once with the
  // latest figures.
  clock_.Advance(absl::Milliseconds(300));
  Receive("A", 1);
  EXPECT_TRUE(watcher_.Poll(clock_.Now())->empty());
  clock_.Advance(absl::Milliseconds(300));
  Receive("A", 1);
  EXPECT_TRUE(watcher_.Poll(clock_.Now())->empty());
  clock_.Advance(absl::Milliseconds(400));
  auto held = watcher_.Poll(clock_.Now());
  ASSERT_EQ(Units(*held), std::vector<std::string>{"A"});
  EXPECT_EQ((*held)[0].status().dossiers().received(), 3);
}

TEST(ManualTickerTest, WaitReturnsOnTickAndFalseOnStop) {
  ManualTicker ticker;
  ticker.Tick();  // a tick before the wait does not count
  std::thread waiter([&] { EXPECT_TRUE(ticker.Wait([] { return false; })); });
  ASSERT_TRUE(giamsat::testing::Eventually(
      [&] { return ticker.waiting() == 1; }, absl::Seconds(10)));
  ticker.Tick();
  waiter.join();
  ticker.Stop();
  EXPECT_FALSE(ticker.Wait([] { return false; }));
  EXPECT_FALSE(ManualTicker().Wait([] { return true; }));
}

}  // namespace
}  // namespace giamsat::query
