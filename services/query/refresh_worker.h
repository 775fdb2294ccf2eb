// RefreshWorker: one background thread that runs tasks in arrival order
// (the answer cache's reads ahead of expiry, answer_cache.h). Run() only
// queues: it never waits for a task. The destructor lets the running task
// finish, drops the tasks not started and joins the thread, so everything a
// task refers to must outlive the worker. Thread-safe.
#pragma once

#include <deque>
#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace giamsat::query {

class RefreshWorker {
 public:
  RefreshWorker();
  ~RefreshWorker();
  RefreshWorker(const RefreshWorker&) = delete;
  RefreshWorker& operator=(const RefreshWorker&) = delete;

  void Run(std::function<void()> task);

 private:
  void Loop();
  bool HasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  std::deque<std::function<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace giamsat::query
