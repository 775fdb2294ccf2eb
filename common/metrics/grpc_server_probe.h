// GrpcServerProbe: counts every call a gRPC server answers, as a server
// interceptor, so handlers need no metrics code:
//   giamsat_<service>_grpc_requests_total{method, code}  calls by method
//       (last segment of the path, e.g. IngestBatch) and status code name
//       (OK, INVALID_ARGUMENT, UNAVAILABLE, ...)
//   giamsat_<service>_grpc_request_seconds{method}      call start to status
// Install with ServerBuilder::experimental().SetInterceptorCreators(
//   MakeInterceptors(probe)); the probe must outlive the server. Safe for
// concurrent use.
#pragma once

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace giamsat::metrics {

class GrpcServerProbe {
 public:
  // `service`: the metric name part, e.g. "ingestor".
  GrpcServerProbe(prometheus::Registry& registry, const std::string& service);
  void Answered(const std::string& method, grpc::StatusCode code,
                absl::Duration latency);

  // The interceptor factories to hand to the ServerBuilder.
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
  MakeInterceptors();

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& seconds_;
};

// "OK", "INVALID_ARGUMENT", ... for a gRPC status code.
std::string GrpcCodeName(grpc::StatusCode code);

}  // namespace giamsat::metrics
