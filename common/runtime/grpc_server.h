// StartGrpcServer: the last step of building a service's gRPC server,
// shared by every service: listen on `listen` (host:port; port 0 picks a
// free port) with `credentials`, start, and report the bound address.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace giamsat::runtime {

// The started server, its bound "host:port" in `*address`; Unavailable
// naming `listen` when it cannot listen there.
absl::StatusOr<std::unique_ptr<grpc::Server>> StartGrpcServer(
    grpc::ServerBuilder& builder, const std::string& listen,
    const std::shared_ptr<grpc::ServerCredentials>& credentials,
    std::string* address);

}  // namespace giamsat::runtime
