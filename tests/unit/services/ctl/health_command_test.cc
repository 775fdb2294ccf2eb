#include "services/ctl/health_command.h"

#include <gmock/gmock.h>
#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <gtest/gtest.h>

#include <sstream>

namespace giamsat::ctl {
namespace {

using ::testing::HasSubstr;

TEST(HealthWireTest, RequestEncodesTheServiceName) {
  EXPECT_EQ(EncodeHealthRequest(""), "");
  EXPECT_EQ(EncodeHealthRequest("ab"), std::string("\x0a\x02"
                                                   "ab",
                                                   4));
}

TEST(HealthWireTest, DecodesTheStatusAndSkipsUnknownFields) {
  EXPECT_EQ(*DecodeHealthStatus(""), 0);
  EXPECT_EQ(*DecodeHealthStatus(std::string("\x08\x01", 2)), 1);
  EXPECT_EQ(*DecodeHealthStatus(std::string("\x12\x01x\x08\x02", 5)), 2);
  EXPECT_FALSE(DecodeHealthStatus(std::string("\x08", 1)).ok());
  EXPECT_FALSE(DecodeHealthStatus(std::string("\x12\x05x", 3)).ok());
  EXPECT_EQ(HealthStatusName(1), "SERVING");
  EXPECT_EQ(HealthStatusName(2), "NOT_SERVING");
}

// A real gRPC server with the default health service on 127.0.0.1:0.
class HealthCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    builder.RegisterCallbackGenericService(&generic_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    options_.address = "127.0.0.1:" + std::to_string(port_);
  }
  void TearDown() override { server_->Shutdown(); }

  int Check() {
    out_.str("");
    err_.str("");
    return Health(options_, out_, err_);
  }

  int port_ = 0;
  grpc::CallbackGenericService generic_;  // a server needs one service
  std::unique_ptr<grpc::Server> server_;
  HealthOptions options_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(HealthCommandTest, ServingServerExitsZero) {
  EXPECT_EQ(Check(), 0) << err_.str();
  EXPECT_EQ(out_.str(), "SERVING\n");
}

TEST_F(HealthCommandTest, NotServingExitsOne) {
  server_->GetHealthCheckService()->SetServingStatus(false);
  EXPECT_EQ(Check(), 1);
  EXPECT_THAT(err_.str(), HasSubstr("NOT_SERVING"));
}

TEST_F(HealthCommandTest, UnknownServiceExitsOne) {
  options_.service = "giamsat.v1.NoSuchService";
  EXPECT_EQ(Check(), 1);
  EXPECT_THAT(err_.str(), HasSubstr(options_.address));
}

TEST(HealthCommandNoServerTest, UnreachableAddressExitsOneWithinTheDeadline) {
  // Bind and release a port so that nothing listens there.
  int port = 0;
  {
    grpc::CallbackGenericService generic;
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterCallbackGenericService(&generic);
    builder.BuildAndStart()->Shutdown();
  }
  HealthOptions options;
  options.address = "127.0.0.1:" + std::to_string(port);
  options.timeout = absl::Milliseconds(300);
  std::ostringstream out, err;
  EXPECT_EQ(Health(options, out, err), 1);
  EXPECT_THAT(err.str(), HasSubstr(options.address));
}

TEST(HealthCommandNoServerTest, UnreadableCaFileIsNamed) {
  HealthOptions options;
  options.ca_file = "/nonexistent/ca.pem";
  std::ostringstream out, err;
  EXPECT_EQ(Health(options, out, err), 1);
  EXPECT_THAT(err.str(), HasSubstr("/nonexistent/ca.pem"));
}

}  // namespace
}  // namespace giamsat::ctl
