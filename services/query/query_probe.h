// QueryProbe: the query API's metrics. The registry is passed in.
//   giamsat_query_requests_total{method, code}   calls by gRPC method and
//       status code name (OK, INVALID_ARGUMENT, ...)
//   giamsat_query_request_seconds{method}        time to answer one call
//       (for WatchUnitStatus: the whole stream)
//   giamsat_query_watch_streams                  WatchUnitStatus streams open
//   giamsat_query_answer_cache_total{method, result}  answer cache lookups
//       (answer_cache.h): hit (a kept answer), refresh (a kept answer, and
//       a background read of its key began), shared (waited for an
//       identical call's read), miss (read the store); none when disabled
// The series of the API's methods answering OK are looked up once, at
// construction (a busy service would otherwise build and look up label
// sets under the family's lock on every call). Safe for concurrent use.
#pragma once

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace giamsat::query {

class QueryProbe {
 public:
  explicit QueryProbe(prometheus::Registry& registry);
  void Request(const std::string& method, absl::StatusCode code,
               absl::Duration latency);
  // One answer cache lookup; `result`: hit, refresh, shared or miss.
  void CacheLookup(const std::string& method, const char* result);
  void WatchOpened();
  void WatchClosed();

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& request_seconds_;
  prometheus::Gauge& watch_streams_;
  prometheus::Family<prometheus::Counter>& cache_;
  struct MethodSeries {
    prometheus::Counter* ok;
    prometheus::Histogram* seconds;
    // Answer cache lookups by result: hit, refresh, shared, miss.
    prometheus::Counter* cache[4];
  };
  // Immutable after construction.
  std::map<std::string, MethodSeries, std::less<>> methods_;
};

}  // namespace giamsat::query
