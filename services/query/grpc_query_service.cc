#include "services/query/grpc_query_service.h"

#include "absl/status/status.h"

namespace giamsat::query {

GrpcQueryService::GrpcQueryService(StatusReader& reader,
                                   prometheus::Registry& registry)
    : reader_(reader),
      requests_(prometheus::BuildCounter()
                    .Name("giamsat_query_requests_total")
                    .Help("Query API calls, by method and status code.")
                    .Register(registry)) {}

grpc::Status GrpcQueryService::GetUnitStatus(
    grpc::ServerContext*, const v1::GetUnitStatusRequest* request,
    v1::UnitStatus* response) {
  absl::StatusOr<v1::UnitStatus> status = reader_.GetUnitStatus(*request);
  const absl::StatusCode code =
      status.ok() ? absl::StatusCode::kOk : status.status().code();
  requests_
      .Add({{"method", "GetUnitStatus"},
            {"code", absl::StatusCodeToString(code)}})
      .Increment();
  if (!status.ok()) {
    return grpc::Status(static_cast<grpc::StatusCode>(code),
                        std::string(status.status().message()));
  }
  *response = std::move(*status);
  return grpc::Status::OK;
}

}  // namespace giamsat::query
