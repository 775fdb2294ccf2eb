#include "services/query/unit_watcher.h"

#include <algorithm>

namespace giamsat::query {

absl::StatusOr<std::vector<v1::WatchUnitStatusResponse>> UnitWatcher::Poll(
    absl::Time now) {
  absl::StatusOr<ResolvedPeriod> period = reader_.Resolve(period_);
  if (!period.ok()) return period.status();
  absl::StatusOr<std::vector<v1::UnitStatus>> statuses =
      reader_.Read(units_, *period, roll_up_);
  if (!statuses.ok()) return statuses.status();
  std::vector<v1::WatchUnitStatusResponse> out;
  for (v1::UnitStatus& status : *statuses) {
    std::string bytes = status.SerializeAsString();
    auto it = sent_.find(status.unit_id());
    if (snapshot_sent_) {
      if (it == sent_.end() || it->second.bytes == bytes) continue;
      if (now - it->second.at < coalesce_) continue;  // held until later
    }
    sent_[status.unit_id()] = {std::move(bytes), now};
    v1::WatchUnitStatusResponse& r = out.emplace_back();
    *r.mutable_status() = std::move(status);
    r.set_snapshot(!snapshot_sent_);
  }
  snapshot_sent_ = true;
  return out;
}

bool IntervalTicker::Wait(const std::function<bool()>& cancelled) {
  absl::Mutex mu;
  absl::MutexLock lock(&mu);
  const absl::Time until = absl::Now() + interval_;
  while (absl::Now() < until) {
    if (cancelled()) return false;
    // Nothing signals this condition: it is a bounded wait between checks.
    absl::CondVar idle;
    idle.WaitWithTimeout(
        &mu, std::min(absl::Milliseconds(100), until - absl::Now()));
  }
  return !cancelled();
}

bool ManualTicker::Wait(const std::function<bool()>& cancelled) {
  absl::MutexLock lock(&mu_);
  struct Progress {
    const int64_t* ticks;
    int64_t start;
    const bool* stopped;
  };
  Progress p{&ticks_, ticks_, &stopped_};
  bool (*moved)(Progress*) = [](Progress* q) {
    return *q->ticks != q->start || *q->stopped;
  };
  ++waiting_;
  // Cancellation is not signalled: look at it every 50 ms.
  while (!mu_.AwaitWithTimeout(absl::Condition(moved, &p),
                               absl::Milliseconds(50)) &&
         !cancelled()) {
  }
  --waiting_;
  return !stopped_ && !cancelled();
}

void ManualTicker::Tick() {
  absl::MutexLock lock(&mu_);
  ++ticks_;
}

void ManualTicker::Stop() {
  absl::MutexLock lock(&mu_);
  stopped_ = true;
}

int ManualTicker::waiting() const {
  absl::MutexLock lock(&mu_);
  return waiting_;
}

}  // namespace giamsat::query
