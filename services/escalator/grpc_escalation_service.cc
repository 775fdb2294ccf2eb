#include "services/escalator/grpc_escalation_service.h"

#include "spdlog/spdlog.h"

namespace giamsat::escalator {
namespace {

grpc::Status ToGrpc(const absl::Status& s) {
  return grpc::Status(static_cast<grpc::StatusCode>(s.code()),
                      std::string(s.message()));
}

}  // namespace

grpc::Status GrpcEscalationService::AckAlert(grpc::ServerContext* context,
                                             const v1::AckAlertRequest* request,
                                             v1::AckAlertResponse* response) {
  absl::StatusOr<v1::AckAlertResponse> ack = core_.Ack(*request);
  if (!ack.ok()) return ToGrpc(ack.status());
  *response = std::move(*ack);
  spdlog::info("{} acknowledged by {}{}", response->escalation_key(),
               response->acknowledged_by(),
               response->already_acknowledged() ? " (before)" : "");
  return grpc::Status::OK;
}

grpc::Status GrpcEscalationService::ListAuditEntries(
    grpc::ServerContext* context, const v1::ListAuditEntriesRequest* request,
    v1::ListAuditEntriesResponse* response) {
  if (request->limit() < 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "limit: must be >= 0");
  }
  absl::StatusOr<std::vector<v1::AuditEntry>> entries =
      core_.ListAudit(*request);
  if (!entries.ok()) return ToGrpc(entries.status());
  for (auto& e : *entries) *response->add_entries() = std::move(e);
  return grpc::Status::OK;
}

}  // namespace giamsat::escalator
