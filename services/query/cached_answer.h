// CachedAnswer: how the unit figures calls (GetUnitStatus,
// GetUnitIndicators, ListUnitStatuses, ListInspectionCandidates) answer
// through the AnswerCache once the caller's access was checked: the key is
// the caller's scope, the method and the request; a computed answer carries
// the ingestion lag of its read (SetIngestionLag); an answer given again
// carries the same figures, watermark and lag, with `computed_at` the start
// of its read and `seconds` grown by the time since, so its freshness stays
// honest. Cache lookups are counted (QueryProbe::CacheLookup). The
// computation may run again later on the cache's refresh thread
// (answer_cache.h): `answer` must own its request (capture a copy) and
// refer only to readers that outlive the cache's refresh worker.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/core/clock.h"
#include "google/protobuf/message.h"
#include "services/query/access_policy.h"
#include "services/query/answer_cache.h"
#include "services/query/ingestion_lag.h"
#include "services/query/query_probe.h"

namespace giamsat::query {

// The scope part of a cache key: "*" for every unit, else the client's
// subtree roots, sorted.
std::string CacheScope(const Client& client);

// Sets the field ingestion_lag of `response` (when it has one) to the
// current lag, computed_at `computed_at`.
absl::Status SetIngestionLag(LagReader& lag, absl::Time computed_at,
                             google::protobuf::Message& response);

struct AnswerSources {
  AnswerCache& cache;
  LagReader& lag;
  QueryProbe& probe;
  const core::Clock& clock;
};

using ComputeAnswer =
    std::function<absl::StatusOr<std::unique_ptr<google::protobuf::Message>>()>;

// Fills `response` (whose type `compute` produces) from the cache.
absl::Status AnswerThroughCache(const AnswerSources& sources,
                                const char* method, const Client& client,
                                const google::protobuf::Message& request,
                                ComputeAnswer compute,
                                google::protobuf::Message& response);

template <typename Response>
absl::Status CachedAnswer(const AnswerSources& sources, const char* method,
                          const Client& client,
                          const google::protobuf::Message& request,
                          std::function<absl::StatusOr<Response>()> answer,
                          Response* response) {
  return AnswerThroughCache(
      sources, method, client, request,
      [answer = std::move(answer)]()
          -> absl::StatusOr<std::unique_ptr<google::protobuf::Message>> {
        absl::StatusOr<Response> r = answer();
        if (!r.ok()) return r.status();
        return std::make_unique<Response>(std::move(*r));
      },
      *response);
}

}  // namespace giamsat::query
