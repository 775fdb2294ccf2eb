#include "services/query/grpc_inspection_service.h"

#include "services/query/authenticated_call.h"
#include "services/query/cached_answer.h"

namespace giamsat::query {

grpc::Status GrpcInspectionService::ListInspectionCandidates(
    grpc::ServerContext* context,
    const v1::ListInspectionCandidatesRequest* request,
    v1::ListInspectionCandidatesResponse* response) {
  constexpr char kMethod[] = "ListInspectionCandidates";
  return ServeAuthenticated(
      kMethod, context, access_, probe_, [&](const Client& client) {
        if (!request->scope().empty()) {
          absl::Status allowed =
              access_.CheckUnit(client, request->scope(), reader_.tree());
          if (!allowed.ok()) return allowed;
        }
        return CachedAnswer<v1::ListInspectionCandidatesResponse>(
            AnswerSources{cache_, lag_, probe_, clock_}, kMethod, client,
            *request,
            [&reader = reader_, r = *request] { return reader.List(r); },
            response);
      });
}

}  // namespace giamsat::query
