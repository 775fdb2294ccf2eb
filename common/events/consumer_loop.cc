#include "common/events/consumer_loop.h"

#include <algorithm>
#include <map>
#include <string>

#include "spdlog/spdlog.h"

namespace giamsat::events {

absl::Status RewindToStored(RecordSource& source,
                            const std::vector<TopicPartition>& owned,
                            const StartOffsetFn& stored) {
  for (const auto& tp : owned) {
    absl::StatusOr<std::optional<int64_t>> next = stored(tp);
    if (!next.ok()) return next.status();
    if (absl::Status s = source.Seek(tp, next->value_or(0)); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

void ReportConsumed(RecordSource& source,
                    const std::vector<InRecord>& records) {
  std::map<std::pair<std::string, int32_t>, int64_t> last;
  for (const auto& r : records) last[{r.topic, r.partition}] = r.offset + 1;
  for (const auto& [tp, next] : last) {
    source.ReportProcessed({tp.first, tp.second}, next);
  }
}

absl::Status RunWithBackoff(const std::function<absl::Status()>& round,
                            const std::atomic<bool>& stop,
                            absl::Duration max_backoff) {
  absl::Duration backoff = absl::Milliseconds(100);
  while (!stop) {
    absl::Status s = round();
    if (s.ok()) {
      backoff = absl::Milliseconds(100);
      continue;
    }
    if (s.code() == absl::StatusCode::kDataLoss ||
        s.code() == absl::StatusCode::kInternal) {
      return s;
    }
    spdlog::warn("batch failed, retrying in {}: {}",
                 absl::FormatDuration(backoff), s.ToString());
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, max_backoff);
  }
  return absl::OkStatus();
}

ConsumerThread::~ConsumerThread() {
  if (thread_.joinable()) thread_.join();
}

void ConsumerThread::Start(std::function<absl::Status()> run,
                           std::function<void()> on_failure) {
  thread_ = std::thread(
      [this, run = std::move(run), on_failure = std::move(on_failure)] {
        status_ = run();
        if (!status_.ok()) {
          spdlog::critical("consumer stopped: {}", status_.ToString());
          if (on_failure) on_failure();
        }
      });
}

absl::Status ConsumerThread::Join(const std::function<void()>& stop) {
  if (thread_.joinable()) {
    stop();
    thread_.join();
  }
  return status_;
}

}  // namespace giamsat::events
