#include "services/ingestor/publish_queue.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/synchronization/notification.h"
#include "common/testing/in_memory_event_log.h"
#include "tests/unit/services/ingestor/pipeline_fixture.h"

namespace giamsat::ingestor {
namespace {

// Counts PublishBatch calls.
class CountingPublisher final : public events::EventPublisher {
 public:
  explicit CountingPublisher(events::EventPublisher& next) : next_(next) {}
  std::vector<absl::Status> PublishBatch(
      const std::vector<events::OutRecord>& records) override {
    absl::MutexLock lock(&mu_);
    sizes_.push_back(records.size());
    return next_.PublishBatch(records);
  }
  std::vector<size_t> sizes() {
    absl::MutexLock lock(&mu_);
    return sizes_;
  }

 private:
  events::EventPublisher& next_;
  absl::Mutex mu_;
  std::vector<size_t> sizes_;
};

TEST(PublishQueueTest, CoalescesQueuedSubmissionsInOrder) {
  testing::InMemoryEventLog log(1);
  BlockingPublisher blocking(log);
  CountingPublisher counting(blocking);
  std::vector<std::string> done;
  absl::Mutex mu;
  {
    PublishQueue queue(counting, /*max_batch_records=*/3);
    queue.Submit({{"t", "k", "first"}}, [&](std::vector<absl::Status> s) {
      absl::MutexLock lock(&mu);
      done.push_back("first:" + std::to_string(s.size()));
    });
    blocking.AwaitHeld();  // the first write is in flight
    for (const char* v : {"a", "b", "c"}) {
      queue.Submit({{"t", "k", v}}, [&, v](std::vector<absl::Status> s) {
        absl::MutexLock lock(&mu);
        done.push_back(std::string(v) + ":" + (s[0].ok() ? "ok" : "failed"));
      });
    }
    queue.Submit({}, [&](std::vector<absl::Status> s) {
      absl::MutexLock lock(&mu);
      done.push_back("empty:" + std::to_string(s.size()));
    });
    blocking.Release();
  }  // the destructor finishes everything
  EXPECT_THAT(done, ::testing::ElementsAre("first:1", "a:ok", "b:ok", "c:ok",
                                           "empty:0"));
  EXPECT_THAT(counting.sizes(), ::testing::ElementsAre(1, 3));
  std::vector<std::string> values;
  for (const auto& r : log.Records("t")) values.push_back(r.value);
  EXPECT_THAT(values, ::testing::ElementsAre("first", "a", "b", "c"));
}

TEST(PublishQueueTest, EachSubmissionGetsItsOwnStatuses) {
  testing::InMemoryEventLog log;
  log.FailNextPublishes(1);
  PublishQueue queue(log, 100);
  absl::Notification n;
  std::vector<absl::Status> got;
  queue.Submit({{"t", "k", "1"}, {"t", "k", "2"}},
               [&](std::vector<absl::Status> s) {
                 got = std::move(s);
                 n.Notify();
               });
  n.WaitForNotification();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(got[1].ok());
}

}  // namespace
}  // namespace giamsat::ingestor
