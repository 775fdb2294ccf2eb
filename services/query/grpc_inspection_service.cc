#include "services/query/grpc_inspection_service.h"

#include "services/query/authenticated_call.h"

namespace giamsat::query {

grpc::Status GrpcInspectionService::ListInspectionCandidates(
    grpc::ServerContext* context,
    const v1::ListInspectionCandidatesRequest* request,
    v1::ListInspectionCandidatesResponse* response) {
  return ServeAuthenticated(
      "ListInspectionCandidates", context, access_, probe_,
      [&](const Client& client) {
        if (!request->scope().empty()) {
          absl::Status allowed =
              access_.CheckUnit(client, request->scope(), reader_.tree());
          if (!allowed.ok()) return allowed;
        }
        absl::StatusOr<v1::ListInspectionCandidatesResponse> list =
            reader_.List(*request);
        if (!list.ok()) return list.status();
        *response = std::move(*list);
        return absl::OkStatus();
      });
}

}  // namespace giamsat::query
