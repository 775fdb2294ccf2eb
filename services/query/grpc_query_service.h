// The gRPC QueryService over StatusReader. Status codes follow the reader's
// (InvalidArgument, Unavailable); every call is counted by method and code.
#pragma once

#include "giamsat/v1/query.grpc.pb.h"
#include "prometheus/counter.h"
#include "prometheus/registry.h"
#include "services/query/status_reader.h"

namespace giamsat::query {

class GrpcQueryService final : public v1::QueryService::Service {
 public:
  GrpcQueryService(StatusReader& reader, prometheus::Registry& registry);

  grpc::Status GetUnitStatus(grpc::ServerContext* context,
                             const v1::GetUnitStatusRequest* request,
                             v1::UnitStatus* response) override;

 private:
  StatusReader& reader_;
  prometheus::Family<prometheus::Counter>& requests_;
};

}  // namespace giamsat::query
