// RedisProbe: the metrics of the Redis adapter (round trips, errors and
// latency per operation). The registry is passed in.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace giamsat::redis {

class RedisProbe {
 public:
  explicit RedisProbe(prometheus::Registry& registry);
  void RoundTrip(const std::string& op, absl::Duration latency);
  void Error(const std::string& op);

 private:
  prometheus::Family<prometheus::Counter>& round_trips_;
  prometheus::Family<prometheus::Counter>& errors_;
  prometheus::Family<prometheus::Histogram>& latency_;
};

}  // namespace giamsat::redis
