// The gRPC InspectionService (proto/giamsat/v1/inspection.proto) over the
// InspectionReader. Same frame as QueryService (ServeAuthenticated): a
// known bearer token is required and the scope must be one of the caller's
// units or below one (PERMISSION_DENIED otherwise); calls are counted in
// giamsat_query_requests_total by method and code. Answers go through the
// AnswerCache like QueryService's unit figures (cached_answer.h) and carry
// the ingestion lag (field 90, as QueryService answers).
#pragma once

#include "giamsat/v1/inspection.grpc.pb.h"
#include "prometheus/registry.h"
#include "services/query/access_policy.h"
#include "services/query/answer_cache.h"
#include "services/query/ingestion_lag.h"
#include "services/query/inspection_reader.h"
#include "services/query/query_probe.h"

namespace giamsat::query {

class GrpcInspectionService final : public v1::InspectionService::Service {
 public:
  GrpcInspectionService(InspectionReader& reader, const AccessPolicy& access,
                        LagReader& lag, AnswerCache& cache,
                        const core::Clock& clock,
                        prometheus::Registry& registry)
      : reader_(reader),
        access_(access),
        lag_(lag),
        cache_(cache),
        clock_(clock),
        probe_(registry) {}

  grpc::Status ListInspectionCandidates(
      grpc::ServerContext* context,
      const v1::ListInspectionCandidatesRequest* request,
      v1::ListInspectionCandidatesResponse* response) override;

 private:
  InspectionReader& reader_;
  const AccessPolicy& access_;
  LagReader& lag_;
  AnswerCache& cache_;
  const core::Clock& clock_;
  QueryProbe probe_;
};

}  // namespace giamsat::query
