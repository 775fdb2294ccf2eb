#include "common/redis/redis_probe.h"

#include "prometheus/family.h"

namespace giamsat::redis {

RedisProbe::RedisProbe(prometheus::Registry& registry)
    : round_trips_(prometheus::BuildCounter()
                       .Name("giamsat_redis_round_trips_total")
                       .Help("Redis round trips by operation.")
                       .Register(registry)),
      errors_(prometheus::BuildCounter()
                  .Name("giamsat_redis_errors_total")
                  .Help("Failed Redis round trips by operation.")
                  .Register(registry)),
      latency_(prometheus::BuildHistogram()
                   .Name("giamsat_redis_round_trip_seconds")
                   .Help("Latency of Redis round trips by operation.")
                   .Register(registry)) {}

void RedisProbe::RoundTrip(const std::string& op, absl::Duration latency) {
  round_trips_.Add({{"op", op}}).Increment();
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};
  latency_.Add({{"op", op}}, kBuckets).Observe(absl::ToDoubleSeconds(latency));
}

void RedisProbe::Error(const std::string& op) {
  errors_.Add({{"op", op}}).Increment();
}

}  // namespace giamsat::redis
