#include "common/metrics/grpc_server_probe.h"

#include "absl/status/status.h"

namespace giamsat::metrics {
namespace {

using grpc::experimental::InterceptionHookPoints;

class Interceptor final : public grpc::experimental::Interceptor {
 public:
  Interceptor(GrpcServerProbe& probe, std::string method)
      : probe_(probe), method_(std::move(method)), started_(absl::Now()) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      probe_.Answered(method_, methods->GetSendStatus().error_code(),
                      absl::Now() - started_);
    }
    methods->Proceed();
  }

 private:
  GrpcServerProbe& probe_;
  const std::string method_;
  const absl::Time started_;
};

class Factory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit Factory(GrpcServerProbe& probe) : probe_(probe) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    std::string method = info->method() != nullptr ? info->method() : "";
    if (size_t slash = method.rfind('/'); slash != std::string::npos) {
      method = method.substr(slash + 1);
    }
    return new Interceptor(probe_, std::move(method));
  }

 private:
  GrpcServerProbe& probe_;
};

}  // namespace

std::string GrpcCodeName(grpc::StatusCode code) {
  // gRPC and absl share the code numbers and names.
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

GrpcServerProbe::GrpcServerProbe(prometheus::Registry& registry,
                                 const std::string& service)
    : requests_(prometheus::BuildCounter()
                    .Name("giamsat_" + service + "_grpc_requests_total")
                    .Help("gRPC calls answered, by method and status code.")
                    .Register(registry)),
      seconds_(prometheus::BuildHistogram()
                   .Name("giamsat_" + service + "_grpc_request_seconds")
                   .Help("Time from the start of a gRPC call to its status, "
                         "by method.")
                   .Register(registry)) {}

void GrpcServerProbe::Answered(const std::string& method, grpc::StatusCode code,
                               absl::Duration latency) {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
      0.1,    0.25,  0.5,    1,     2.5,  10};
  requests_.Add({{"method", method}, {"code", GrpcCodeName(code)}}).Increment();
  seconds_.Add({{"method", method}}, kBuckets)
      .Observe(absl::ToDoubleSeconds(latency));
}

std::vector<
    std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
GrpcServerProbe::MakeInterceptors() {
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      out;
  out.push_back(std::make_unique<Factory>(*this));
  return out;
}

}  // namespace giamsat::metrics
