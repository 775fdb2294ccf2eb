#include "services/query/refresh_worker.h"

#include <utility>

namespace giamsat::query {

RefreshWorker::RefreshWorker() : thread_([this] { Loop(); }) {}

RefreshWorker::~RefreshWorker() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void RefreshWorker::Run(std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  if (!stopping_) tasks_.push_back(std::move(task));
}

bool RefreshWorker::HasWork() const { return stopping_ || !tasks_.empty(); }

void RefreshWorker::Loop() {
  for (;;) {
    std::function<void()> task;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &RefreshWorker::HasWork));
      if (stopping_) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

}  // namespace giamsat::query
