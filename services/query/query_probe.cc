#include "services/query/query_probe.h"

namespace giamsat::query {
namespace {

const prometheus::Histogram::BucketBoundaries& Buckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
  return kBuckets;
}

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
                         .Add({})) {
  for (const char* method :
       {"GetUnitStatus", "ListUnitStatuses", "GetDossier", "GetFeedback",
        "ListDossiers", "ListAlerts", "WatchUnitStatus", "ListAuditEntries"}) {
    methods_.emplace(
        method,
        MethodSeries{&requests_.Add({{"method", method}, {"code", "OK"}}),
                     &request_seconds_.Add({{"method", method}}, Buckets())});
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
