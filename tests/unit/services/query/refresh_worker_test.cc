// The refresh worker runs queued tasks in order on its own thread.
#include "services/query/refresh_worker.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"

namespace giamsat::query {
namespace {

TEST(RefreshWorkerTest, RunsTasksInOrderOnItsOwnThread) {
  absl::Mutex mu;
  std::vector<int> ran;
  std::vector<std::thread::id> threads;
  absl::Notification done;
  {
    RefreshWorker worker;
    for (int i = 0; i < 5; ++i) {
      worker.Run([&, i] {
        absl::MutexLock lock(&mu);
        ran.push_back(i);
        threads.push_back(std::this_thread::get_id());
      });
    }
    worker.Run([&] { done.Notify(); });
    done.WaitForNotification();
  }
  EXPECT_EQ(ran, (std::vector<int>{0, 1, 2, 3, 4}));
  for (const std::thread::id& id : threads) {
    EXPECT_NE(id, std::this_thread::get_id());
  }
}

}  // namespace
}  // namespace giamsat::query
