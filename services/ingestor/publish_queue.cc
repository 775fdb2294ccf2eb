#include "services/ingestor/publish_queue.h"

namespace giamsat::ingestor {

PublishQueue::PublishQueue(events::EventPublisher& log,
                           size_t max_batch_records)
    : log_(log),
      max_batch_records_(max_batch_records == 0 ? 1 : max_batch_records) {
  worker_ = std::thread([this] { Run(); });
}

PublishQueue::~PublishQueue() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  worker_.join();
}

void PublishQueue::Submit(std::vector<events::OutRecord> records, Done done) {
  absl::MutexLock lock(&mu_);
  queue_.push_back({std::move(records), std::move(done)});
}

size_t PublishQueue::queued() const {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

void PublishQueue::Run() {
  while (true) {
    std::vector<Submission> taken;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](PublishQueue* q) { return q->stop_ || !q->queue_.empty(); },
          this));
      if (queue_.empty()) return;  // stopping, and everything is done
      size_t records = 0;
      while (!queue_.empty() &&
             (taken.empty() ||
              records + queue_.front().records.size() <= max_batch_records_)) {
        records += queue_.front().records.size();
        taken.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<events::OutRecord> batch;
    for (Submission& s : taken) {
      for (events::OutRecord& r : s.records) batch.push_back(std::move(r));
    }
    std::vector<absl::Status> statuses;
    if (!batch.empty()) statuses = log_.PublishBatch(batch);
    statuses.resize(batch.size(),
                    absl::InternalError("the event log gave no status"));
    size_t at = 0;
    for (Submission& s : taken) {
      const size_t n = s.records.size();
      std::vector<absl::Status> mine(statuses.begin() + at,
                                     statuses.begin() + at + n);
      at += n;
      if (s.done) s.done(std::move(mine));
    }
  }
}

}  // namespace giamsat::ingestor
