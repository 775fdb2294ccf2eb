// The answer cache on a fake clock: expiry, single flight, scope
// separation, the bound on entries, errors not kept, disabled, refresh
// ahead.
#include "services/query/answer_cache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/testing/fake_clock.h"
#include "giamsat/v1/query.pb.h"

namespace giamsat::query {
namespace {

class AnswerCacheTest : public ::testing::Test {
 protected:
  // A computation answering a UnitStatus with `received` figures, counted.
  AnswerCache::Compute Answering(int64_t received) {
    return [this, received]()
               -> absl::StatusOr<
                   std::shared_ptr<const google::protobuf::Message>> {
      ++reads_;
      auto s = std::make_shared<v1::UnitStatus>();
      s->mutable_dossiers()->set_received(received);
      return s;
    };
  }
  static int64_t Received(const AnswerCache::Answer& a) {
    return static_cast<const v1::UnitStatus&>(*a.message).dossiers().received();
  }
  static std::string Key(const std::string& scope, const std::string& unit) {
    v1::GetUnitStatusRequest r;
    r.set_unit_id(unit);
    return AnswerKey(scope, "GetUnitStatus", r);
  }

  testing::FakeClock clock_{absl::FromUnixSeconds(1'780'000'000)};
  std::atomic<int> reads_{0};
};

TEST_F(AnswerCacheTest, AnswersAgainUntilItsLifetimeThenReadsAgain) {
  AnswerCache cache(clock_, {absl::Seconds(1), 10});
  const absl::Duration lifetime = cache.Lifetime(Key("*", "HN"));
  auto first = cache.Get(Key("*", "HN"), Answering(1));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->outcome, AnswerCache::Outcome::kMiss);
  EXPECT_EQ(first->computed_at, clock_.Now());
  clock_.Advance(lifetime - absl::Milliseconds(1));
  auto again = cache.Get(Key("*", "HN"), Answering(2));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->outcome, AnswerCache::Outcome::kHit);
  EXPECT_EQ(Received(*again), 1);
  EXPECT_EQ(again->computed_at, first->computed_at);
  clock_.Advance(absl::Milliseconds(1));  // exactly its lifetime: too old
  auto fresh = cache.Get(Key("*", "HN"), Answering(2));
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->outcome, AnswerCache::Outcome::kMiss);
  EXPECT_EQ(Received(*fresh), 2);
  EXPECT_EQ(fresh->computed_at, clock_.Now());
  EXPECT_EQ(reads_, 2);
}

TEST_F(AnswerCacheTest, LifetimesSpreadOverTheLastQuarterOfMaxAge) {
  AnswerCache cache(clock_, {absl::Seconds(1), 10});
  absl::Duration shortest = absl::InfiniteDuration(), longest;
  for (int u = 0; u < 200; ++u) {
    const absl::Duration d = cache.Lifetime(Key("*", absl::StrCat("U", u)));
    EXPECT_GT(d, absl::Milliseconds(750));
    EXPECT_LE(d, absl::Seconds(1));
    EXPECT_EQ(d, cache.Lifetime(Key("*", absl::StrCat("U", u))));
    shortest = std::min(shortest, d);
    longest = std::max(longest, d);
  }
  // 200 keys filled together expire over at least a tenth of a second.
  EXPECT_GT(longest - shortest, absl::Milliseconds(100));
}

TEST_F(AnswerCacheTest, ConcurrentIdenticalCallsShareOneRead) {
  AnswerCache cache(clock_, {absl::Seconds(1), 10});
  absl::Notification release;
  absl::Notification started;
  AnswerCache::Compute slow = [&]()
      -> absl::StatusOr<std::shared_ptr<const google::protobuf::Message>> {
    ++reads_;
    started.Notify();
    release.WaitForNotification();
    auto s = std::make_shared<v1::UnitStatus>();
    s->mutable_dossiers()->set_received(7);
    return s;
  };
  constexpr int kCallers = 8;
  std::vector<absl::StatusOr<AnswerCache::Answer>> answers(
      kCallers, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  threads.emplace_back([&] { answers[0] = cache.Get(Key("*", "HN"), slow); });
  started.WaitForNotification();
  for (int i = 1; i < kCallers; ++i) {
    threads.emplace_back(
        [&, i] { answers[i] = cache.Get(Key("*", "HN"), slow); });
  }
  // Every other caller waits for the read in flight (polled, with a bound).
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (cache.waiting() < kCallers - 1 && absl::Now() < give_up) {
    std::this_thread::yield();
  }
  EXPECT_EQ(cache.waiting(), kCallers - 1);
  release.Notify();
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(reads_, 1);
  int shared = 0;
  for (const auto& a : answers) {
    ASSERT_TRUE(a.ok()) << a.status();
    EXPECT_EQ(Received(*a), 7);
    if (a->outcome == AnswerCache::Outcome::kShared) ++shared;
  }
  EXPECT_EQ(shared, kCallers - 1);
}

TEST_F(AnswerCacheTest, ScopesMethodsAndRequestsAreSeparate) {
  AnswerCache cache(clock_, {absl::Seconds(1), 10});
  ASSERT_TRUE(
      cache.Get(Key("HN.UBND.YENHOA", "HN.UBND.YENHOA"), Answering(1)).ok());
  auto other_scope = cache.Get(Key("*", "HN.UBND.YENHOA"), Answering(2));
  ASSERT_TRUE(other_scope.ok());
  EXPECT_EQ(other_scope->outcome, AnswerCache::Outcome::kMiss);
  EXPECT_EQ(Received(*other_scope), 2);
  auto other_unit = cache.Get(Key("*", "HN"), Answering(3));
  ASSERT_TRUE(other_unit.ok());
  EXPECT_EQ(Received(*other_unit), 3);
  v1::GetUnitStatusRequest r;
  r.set_unit_id("HN");
  auto other_method =
      cache.Get(AnswerKey("*", "GetUnitIndicators", r), Answering(4));
  ASSERT_TRUE(other_method.ok());
  EXPECT_EQ(Received(*other_method), 4);
  // A scope that is a prefix of another does not collide with it.
  EXPECT_NE(AnswerKey("HN", "X", r), AnswerKey("HN,", "X", r));
  EXPECT_EQ(reads_, 4);
  EXPECT_EQ(cache.size(), 4u);
}

TEST_F(AnswerCacheTest, KeepsAtMostMaxEntriesDroppingTheOldest) {
  AnswerCache cache(clock_, {absl::Seconds(1), 2});
  ASSERT_TRUE(cache.Get(Key("*", "A"), Answering(1)).ok());
  ASSERT_TRUE(cache.Get(Key("*", "B"), Answering(2)).ok());
  ASSERT_TRUE(cache.Get(Key("*", "C"), Answering(3)).ok());
  EXPECT_EQ(cache.size(), 2u);
  auto b = cache.Get(Key("*", "B"), Answering(20));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->outcome, AnswerCache::Outcome::kHit);
  auto a = cache.Get(Key("*", "A"), Answering(10));  // A was dropped
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->outcome, AnswerCache::Outcome::kMiss);
  EXPECT_EQ(Received(*a), 10);
  EXPECT_EQ(cache.size(), 2u);
}

TEST_F(AnswerCacheTest, ErrorsAreNotKept) {
  AnswerCache cache(clock_, {absl::Seconds(1), 10});
  auto down = cache.Get(
      Key("*", "HN"),
      []() -> absl::StatusOr<std::shared_ptr<const google::protobuf::Message>> {
        return absl::UnavailableError("store down");
      });
  EXPECT_EQ(down.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(cache.size(), 0u);
  auto up = cache.Get(Key("*", "HN"), Answering(5));
  ASSERT_TRUE(up.ok());
  EXPECT_EQ(up->outcome, AnswerCache::Outcome::kMiss);
  EXPECT_EQ(Received(*up), 5);
}

TEST_F(AnswerCacheTest, ZeroMaxAgeReadsEveryTime) {
  AnswerCache cache(clock_, {absl::ZeroDuration(), 10});
  for (int i = 1; i <= 3; ++i) {
    auto a = cache.Get(Key("*", "HN"), Answering(i));
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->outcome, AnswerCache::Outcome::kOff);
    EXPECT_EQ(Received(*a), i);
  }
  EXPECT_EQ(reads_, 3);
  EXPECT_EQ(cache.size(), 0u);
}

// Refresh ahead, with the background tasks queued by hand: a key in steady
// use is read again from half its lifetime and its callers keep getting
// answers; a failed or outdated background read changes nothing.
class AnswerCacheRefreshTest : public AnswerCacheTest {
 protected:
  // Runs the oldest queued background task.
  void RunQueued() {
    ASSERT_FALSE(queued_.empty());
    std::function<void()> task = std::move(queued_.front());
    queued_.pop_front();
    task();
  }

  std::deque<std::function<void()>> queued_;
  AnswerCache cache_{
      clock_, {absl::Seconds(1), 10}, [this](std::function<void()> task) {
        queued_.push_back(std::move(task));
      }};
  const std::string key_ = Key("*", "HN");
  const absl::Duration lifetime_ = cache_.Lifetime(key_);
};

TEST_F(AnswerCacheRefreshTest, ReadsAgainInTheBackgroundFromHalfItsLifetime) {
  const absl::Time first_read = clock_.Now();
  ASSERT_TRUE(cache_.Get(key_, Answering(1)).ok());
  clock_.Advance(lifetime_ / 2 - absl::Milliseconds(1));
  auto young = cache_.Get(key_, Answering(2));
  ASSERT_TRUE(young.ok());
  EXPECT_EQ(young->outcome, AnswerCache::Outcome::kHit);
  EXPECT_TRUE(queued_.empty());

  clock_.Advance(absl::Milliseconds(1));
  auto half = cache_.Get(key_, Answering(2));
  ASSERT_TRUE(half.ok());
  EXPECT_EQ(half->outcome, AnswerCache::Outcome::kHitRefreshing);
  EXPECT_EQ(Received(*half), 1);  // the kept answer, at once
  auto again = cache_.Get(key_, Answering(3));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->outcome, AnswerCache::Outcome::kHit);  // one at a time
  ASSERT_EQ(queued_.size(), 1u);
  EXPECT_EQ(reads_, 1);

  clock_.Advance(absl::Milliseconds(10));
  const absl::Time refresh_read = clock_.Now();
  RunQueued();
  EXPECT_EQ(reads_, 2);
  // Past the first answer's lifetime, callers get the refreshed one
  // without reading the store.
  clock_.Advance(first_read + lifetime_ - clock_.Now());
  auto later = cache_.Get(key_, Answering(4));
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->outcome, AnswerCache::Outcome::kHit);
  EXPECT_EQ(Received(*later), 2);
  EXPECT_EQ(later->computed_at, refresh_read);
  EXPECT_EQ(reads_, 2);
}

TEST_F(AnswerCacheRefreshTest, AFailedBackgroundReadLeavesTheAnswerToExpire) {
  ASSERT_TRUE(cache_.Get(key_, Answering(1)).ok());
  clock_.Advance(lifetime_ / 2);
  auto half = cache_.Get(
      key_,
      []() -> absl::StatusOr<std::shared_ptr<const google::protobuf::Message>> {
        return absl::UnavailableError("store down");
      });
  ASSERT_TRUE(half.ok());
  EXPECT_EQ(half->outcome, AnswerCache::Outcome::kHitRefreshing);
  RunQueued();
  auto kept = cache_.Get(key_, Answering(2));
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(Received(*kept), 1);
  // The failed read is over: the next call may start another one.
  EXPECT_EQ(kept->outcome, AnswerCache::Outcome::kHitRefreshing);
  clock_.Advance(lifetime_ / 2);
  auto expired = cache_.Get(key_, Answering(3));
  ASSERT_TRUE(expired.ok());
  EXPECT_EQ(expired->outcome, AnswerCache::Outcome::kMiss);
  EXPECT_EQ(Received(*expired), 3);
}

TEST_F(AnswerCacheRefreshTest, ABackgroundReadOfAReplacedAnswerIsDropped) {
  ASSERT_TRUE(cache_.Get(key_, Answering(1)).ok());
  clock_.Advance(lifetime_ / 2);
  ASSERT_TRUE(cache_.Get(key_, Answering(2)).ok());  // queues a read
  clock_.Advance(lifetime_);  // expired before the read ran
  auto miss = cache_.Get(key_, Answering(3));
  ASSERT_TRUE(miss.ok());
  EXPECT_EQ(miss->outcome, AnswerCache::Outcome::kMiss);
  RunQueued();
  auto kept = cache_.Get(key_, Answering(4));
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(Received(*kept), 3);
  EXPECT_EQ(kept->computed_at, miss->computed_at);
}

}  // namespace
}  // namespace giamsat::query
