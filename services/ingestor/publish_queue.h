// PublishQueue: hands records to the event log asynchronously, as a group
// commit. Submit() returns at once; one worker thread takes everything
// queued (up to `max_batch_records` records, at least one submission),
// writes it with one EventPublisher::PublishBatch call and then runs each
// submission's callback with its records' statuses, in submission order.
//
// One worker keeps the order of records across submissions (events of one
// subject stay ordered in Kafka), and coalescing makes throughput grow with
// load instead of paying one broker round trip per request. A callback
// runs even when its submitter stopped waiting (a request that timed out):
// that is where the outcome of a late write is settled. The destructor
// finishes every submission before returning. Safe for concurrent use.
#pragma once

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "common/events/event_log.h"

namespace giamsat::ingestor {

class PublishQueue {
 public:
  using Done = std::function<void(std::vector<absl::Status>)>;

  PublishQueue(events::EventPublisher& log, size_t max_batch_records);
  ~PublishQueue();
  PublishQueue(const PublishQueue&) = delete;
  PublishQueue& operator=(const PublishQueue&) = delete;

  void Submit(std::vector<events::OutRecord> records, Done done);
  // Submissions not yet handed to the log.
  size_t queued() const;

 private:
  struct Submission {
    std::vector<events::OutRecord> records;
    Done done;
  };
  void Run();

  events::EventPublisher& log_;
  const size_t max_batch_records_;
  mutable absl::Mutex mu_;
  std::deque<Submission> queue_ ABSL_GUARDED_BY(mu_);
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread worker_;
};

}  // namespace giamsat::ingestor
