// GrpcEscalationService: the EscalationService API (escalation.proto) over
// the EscalatorCore: AckAlert records who acknowledged and when;
// ListAuditEntries reads the stored audit trail. Safe for concurrent calls.
#pragma once

#include "giamsat/v1/escalation.grpc.pb.h"
#include "services/escalator/escalator_core.h"

namespace giamsat::escalator {

class GrpcEscalationService final : public v1::EscalationService::Service {
 public:
  explicit GrpcEscalationService(EscalatorCore& core) : core_(core) {}

  grpc::Status AckAlert(grpc::ServerContext* context,
                        const v1::AckAlertRequest* request,
                        v1::AckAlertResponse* response) override;
  grpc::Status ListAuditEntries(
      grpc::ServerContext* context, const v1::ListAuditEntriesRequest* request,
      v1::ListAuditEntriesResponse* response) override;

 private:
  EscalatorCore& core_;
};

}  // namespace giamsat::escalator
