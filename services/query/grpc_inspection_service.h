// The gRPC InspectionService (proto/giamsat/v1/inspection.proto) over the
// InspectionReader. Same frame as QueryService (ServeAuthenticated): a
// known bearer token is required and the scope must be one of the caller's
// units or below one (PERMISSION_DENIED otherwise); calls are counted in
// giamsat_query_requests_total by method and code.
#pragma once

#include "giamsat/v1/inspection.grpc.pb.h"
#include "prometheus/registry.h"
#include "services/query/access_policy.h"
#include "services/query/inspection_reader.h"
#include "services/query/query_probe.h"

namespace giamsat::query {

class GrpcInspectionService final : public v1::InspectionService::Service {
 public:
  GrpcInspectionService(InspectionReader& reader, const AccessPolicy& access,
                        prometheus::Registry& registry)
      : reader_(reader), access_(access), probe_(registry) {}

  grpc::Status ListInspectionCandidates(
      grpc::ServerContext* context,
      const v1::ListInspectionCandidatesRequest* request,
      v1::ListInspectionCandidatesResponse* response) override;

 private:
  InspectionReader& reader_;
  const AccessPolicy& access_;
  QueryProbe probe_;
};

}  // namespace giamsat::query
