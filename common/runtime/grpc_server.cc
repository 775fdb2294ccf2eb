#include "common/runtime/grpc_server.h"

namespace giamsat::runtime {

absl::StatusOr<std::unique_ptr<grpc::Server>> StartGrpcServer(
    grpc::ServerBuilder& builder, const std::string& listen,
    const std::shared_ptr<grpc::ServerCredentials>& credentials,
    std::string* address) {
  int port = 0;
  builder.AddListeningPort(listen, credentials, &port);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    return absl::UnavailableError("cannot listen for gRPC on " + listen);
  }
  *address = listen.substr(0, listen.rfind(':')) + ":" + std::to_string(port);
  return server;
}

}  // namespace giamsat::runtime
