#include "common/metrics/grpc_server_probe.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <gtest/gtest.h>

#include "absl/synchronization/notification.h"
#include "giamsat/v1/query.grpc.pb.h"
#include "tests/support/metric_samples.h"

namespace giamsat::metrics {
namespace {

using ::giamsat::testing::Samples;

// A real server on 127.0.0.1:0 with the standard health service (called
// through a generic stub) and a query service whose methods are all
// unimplemented.
class GrpcServerProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    builder.experimental().SetInterceptorCreators(probe_.MakeInterceptors());
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    builder.RegisterService(&unimplemented_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(port_, 0);
  }
  void TearDown() override { server_->Shutdown(); }

  // grpc.health.v1.Health/Check of `service` (HealthCheckRequest field 1).
  grpc::Status Check(const std::string& service) {
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port_),
                                       grpc::InsecureChannelCredentials());
    grpc::GenericStub stub(channel);
    std::string bytes;
    if (!service.empty()) {
      bytes = std::string(1, '\x0a') +
              std::string(1, static_cast<char>(service.size())) + service;
    }
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1);
    grpc::ByteBuffer response;
    grpc::ClientContext ctx;
    grpc::Status result;
    absl::Notification done;
    stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                   &request, &response, [&](grpc::Status s) {
                     result = std::move(s);
                     done.Notify();
                   });
    done.WaitForNotification();
    return result;
  }

  v1::QueryService::Service unimplemented_;
  prometheus::Registry registry_;
  GrpcServerProbe probe_{registry_, "test"};
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(GrpcServerProbeTest, CountsCallsByMethodAndCode) {
  EXPECT_TRUE(Check("").ok());
  EXPECT_TRUE(Check("").ok());
  EXPECT_EQ(Check("nope").error_code(), grpc::StatusCode::NOT_FOUND);
  const auto s = Samples(registry_);
  EXPECT_EQ(s.at("giamsat_test_grpc_requests_total{code=OK,method=Check,}"), 2);
  EXPECT_EQ(
      s.at("giamsat_test_grpc_requests_total{code=NOT_FOUND,method=Check,}"),
      1);
  EXPECT_EQ(s.at("giamsat_test_grpc_request_seconds{method=Check,}"), 3);
}

TEST_F(GrpcServerProbeTest, CountsErrorsOfGeneratedServices) {
  auto stub = v1::QueryService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port_),
                          grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  v1::GetUnitStatusRequest request;
  v1::UnitStatus response;
  EXPECT_EQ(stub->GetUnitStatus(&ctx, request, &response).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  const auto s = Samples(registry_);
  EXPECT_EQ(s.at("giamsat_test_grpc_requests_total{code=UNIMPLEMENTED,"
                 "method=GetUnitStatus,}"),
            1);
}

TEST(GrpcCodeNameTest, NamesAsOnTheWire) {
  EXPECT_EQ(GrpcCodeName(grpc::StatusCode::OK), "OK");
  EXPECT_EQ(GrpcCodeName(grpc::StatusCode::RESOURCE_EXHAUSTED),
            "RESOURCE_EXHAUSTED");
}

}  // namespace
}  // namespace giamsat::metrics
