// The baseline of the query benchmark: a QueryService whose GetUnitStatus
// answers a fixed status without touching Redis, built with the same gRPC
// library, proto, synchronous server and allocator as giamsat-query.
//
//   giamsat-bench-echo [LISTEN [ANSWER_JSON_FILE]]
//
// Without ANSWER_JSON_FILE the fixed status is tiny (the unit id, the
// period and one count). With it, the status is the file's UnitStatus (in
// the JSON mapping, e.g. `giamsatctl status --json` output) with the unit
// id and period of each request: an answer of the same size and shape as
// giamsat-query's, so the client's decoding costs the same for both and a
// comparison measures the service alone. Prints "grpc: <address>" once
// listening; stops on SIGTERM/SIGINT.
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "common/runtime/process.h"
#include "giamsat/v1/query.grpc.pb.h"

namespace {

class EchoQueryService final : public giamsat::v1::QueryService::Service {
 public:
  explicit EchoQueryService(giamsat::v1::UnitStatus answer)
      : answer_(std::move(answer)) {}

 private:
  grpc::Status GetUnitStatus(grpc::ServerContext*,
                             const giamsat::v1::GetUnitStatusRequest* request,
                             giamsat::v1::UnitStatus* response) override {
    *response = answer_;
    response->set_unit_id(request->unit_id());
    *response->mutable_period() = request->period();
    return grpc::Status::OK;
  }

  const giamsat::v1::UnitStatus answer_;
};

// The fixed answer: the file's, or the tiny one.
bool LoadAnswer(const char* path, giamsat::v1::UnitStatus* answer) {
  if (path == nullptr) {
    answer->mutable_dossiers()->set_received(1);
    return true;
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const auto status =
      google::protobuf::util::JsonStringToMessage(text.str(), answer);
  if (!in || !status.ok()) {
    std::cerr << "giamsat-bench-echo: " << path << ": "
              << (in ? status.ToString() : "cannot read") << std::endl;
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  giamsat::runtime::InitServiceProcess();
  const std::string listen = argc > 1 ? argv[1] : "127.0.0.1:0";
  giamsat::v1::UnitStatus answer;
  if (!LoadAnswer(argc > 2 ? argv[2] : nullptr, &answer)) return 2;
  EchoQueryService service(std::move(answer));
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
