// The baseline of the query benchmark: a QueryService whose GetUnitStatus
// answers a fixed status without touching Redis, built with the same gRPC
// library, proto and synchronous server as giamsat-query. Prints
// "grpc: <address>" once listening; stops on SIGTERM/SIGINT.
#include <grpcpp/grpcpp.h>

#include <iostream>

#include "common/runtime/process.h"
#include "giamsat/v1/query.grpc.pb.h"

namespace {

class EchoQueryService final : public giamsat::v1::QueryService::Service {
  grpc::Status GetUnitStatus(grpc::ServerContext*,
                             const giamsat::v1::GetUnitStatusRequest* request,
                             giamsat::v1::UnitStatus* response) override {
    response->set_unit_id(request->unit_id());
    *response->mutable_period() = request->period();
    response->mutable_dossiers()->set_received(1);
    return grpc::Status::OK;
  }
};

}  // namespace

int main(int argc, char** argv) {
  giamsat::runtime::InitServiceProcess();
  const std::string listen = argc > 1 ? argv[1] : "127.0.0.1:0";
  EchoQueryService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) return 1;
  std::cout << "grpc: " << listen.substr(0, listen.rfind(':')) << ":" << port
            << std::endl;
  giamsat::runtime::WaitForShutdownSignal();
  server->Shutdown();
  return 0;
}
