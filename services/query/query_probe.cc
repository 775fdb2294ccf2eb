#include "services/query/query_probe.h"

#include <iterator>
#include <string_view>

namespace giamsat::query {
namespace {

const prometheus::Histogram::BucketBoundaries& Buckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
  return kBuckets;
}

constexpr const char* kCacheResults[] = {"hit", "refresh", "shared", "miss"};

}  // namespace

QueryProbe::QueryProbe(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("giamsat_query_requests_total")
                    .Help("Query API calls, by method and status code.")
                    .Register(registry)),
      request_seconds_(prometheus::BuildHistogram()
                           .Name("giamsat_query_request_seconds")
                           .Help("Time to answer one query API call, by "
                                 "method (WatchUnitStatus: whole stream).")
                           .Register(registry)),
      watch_streams_(prometheus::BuildGauge()
                         .Name("giamsat_query_watch_streams")
                         .Help("WatchUnitStatus streams open now.")
                         .Register(registry)
                         .Add({})),
      cache_(prometheus::BuildCounter()
                 .Name("giamsat_query_answer_cache_total")
                 .Help("Answer cache lookups, by method and result (hit, "
                       "shared: waited for an identical call, miss).")
                 .Register(registry)) {
  for (const char* method :
       {"GetUnitStatus", "ListUnitStatuses", "GetDossier", "GetFeedback",
        "ListDossiers", "ListAlerts", "WatchUnitStatus", "ListAuditEntries",
        "GetUnitIndicators", "ListInspectionCandidates"}) {
    MethodSeries series{&requests_.Add({{"method", method}, {"code", "OK"}}),
                        &request_seconds_.Add({{"method", method}}, Buckets()),
                        {}};
    for (size_t i = 0; i < std::size(kCacheResults); ++i) {
      series.cache[i] =
          &cache_.Add({{"method", method}, {"result", kCacheResults[i]}});
    }
    methods_.emplace(method, series);
  }
}

void QueryProbe::CacheLookup(const std::string& method, const char* result) {
  auto it = methods_.find(method);
  for (size_t i = 0; i < std::size(kCacheResults); ++i) {
    if (std::string_view(result) != kCacheResults[i]) continue;
    if (it != methods_.end()) {
      it->second.cache[i]->Increment();
    } else {
      cache_.Add({{"method", method}, {"result", result}}).Increment();
    }
  }
}

void QueryProbe::Request(const std::string& method, absl::StatusCode code,
                         absl::Duration latency) {
  const double seconds = absl::ToDoubleSeconds(latency);
  if (auto it = methods_.find(method); it != methods_.end()) {
    if (code == absl::StatusCode::kOk) {
      it->second.ok->Increment();
    } else {
      requests_
          .Add({{"method", method}, {"code", absl::StatusCodeToString(code)}})
          .Increment();
    }
    it->second.seconds->Observe(seconds);
    return;
  }
  requests_.Add({{"method", method}, {"code", absl::StatusCodeToString(code)}})
      .Increment();
  request_seconds_.Add({{"method", method}}, Buckets()).Observe(seconds);
}

void QueryProbe::WatchOpened() { watch_streams_.Increment(); }
void QueryProbe::WatchClosed() { watch_streams_.Decrement(); }

}  // namespace giamsat::query
