// LogHealth: whether the event log (Kafka) can take writes, judged from the
// outcome of the writes themselves (a circuit breaker on the injected
// clock). After a failed or timed-out write, new requests are refused for
// `retry_after` (they are answered UNAVAILABLE / 503 with that delay
// instead of piling up behind a dead broker); after that the next requests
// go through as probes: one success closes the breaker, a failure opens it
// again. A late acknowledgement of an earlier write also closes it, so the
// ingestor recovers by itself as soon as the broker is back.
// Safe for concurrent use.
#pragma once

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/core/clock.h"

namespace giamsat::ingestor {

class LogHealth {
 public:
  LogHealth(const core::Clock& clock, absl::Duration retry_after)
      : clock_(clock), retry_after_(retry_after) {}

  // Zero when writes may be tried now; otherwise how long callers should
  // wait before retrying.
  absl::Duration BlockedFor() const {
    absl::MutexLock lock(&mu_);
    const absl::Duration left = open_until_ - clock_.Now();
    return left > absl::ZeroDuration() ? left : absl::ZeroDuration();
  }
  // False between a failure and the next success.
  bool healthy() const {
    absl::MutexLock lock(&mu_);
    return healthy_;
  }
  absl::Duration retry_after() const { return retry_after_; }

  void Succeeded() {
    absl::MutexLock lock(&mu_);
    healthy_ = true;
    open_until_ = absl::InfinitePast();
  }
  void Failed() {
    absl::MutexLock lock(&mu_);
    healthy_ = false;
    open_until_ = clock_.Now() + retry_after_;
  }

 private:
  const core::Clock& clock_;
  const absl::Duration retry_after_;
  mutable absl::Mutex mu_;
  bool healthy_ ABSL_GUARDED_BY(mu_) = true;
  absl::Time open_until_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace giamsat::ingestor
