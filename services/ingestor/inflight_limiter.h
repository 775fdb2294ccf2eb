// InflightLimiter: a non-blocking counting semaphore over bytes, bounding
// the memory held by events that were admitted but whose Kafka write has
// not finished. A request that does not fit is refused at once (the caller
// answers UNAVAILABLE / 503 with Retry-After) instead of queueing.
// Safe for concurrent use.
#pragma once

#include <atomic>
#include <cstdint>

namespace giamsat::ingestor {

class InflightLimiter {
 public:
  explicit InflightLimiter(int64_t capacity) : capacity_(capacity) {}

  // True (and the bytes are held) when `bytes` fit now.
  bool TryAcquire(int64_t bytes) {
    int64_t used = used_.load(std::memory_order_relaxed);
    do {
      if (used + bytes > capacity_) return false;
    } while (!used_.compare_exchange_weak(used, used + bytes,
                                          std::memory_order_acq_rel));
    return true;
  }
  void Release(int64_t bytes) {
    used_.fetch_sub(bytes, std::memory_order_acq_rel);
  }
  int64_t in_use() const { return used_.load(std::memory_order_relaxed); }
  int64_t capacity() const { return capacity_; }

 private:
  const int64_t capacity_;
  std::atomic<int64_t> used_{0};
};

}  // namespace giamsat::ingestor
