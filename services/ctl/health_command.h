// `giamsatctl health`: asks a service's standard gRPC health service
// (grpc.health.v1.Health/Check) whether it is serving. Used as the container
// HEALTHCHECK and as the Kubernetes probe when the service speaks TLS (the
// native grpc probe is plaintext only).
//
// The two health messages are encoded by hand (one string field in, one enum
// field out): Debian's gRPC ships no generated health stubs.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"

namespace giamsat::ctl {

struct HealthOptions {
  std::string address = "127.0.0.1:50051";
  // Empty: the whole server.
  std::string service;
  absl::Duration timeout = absl::Seconds(3);
  // TLS: PEM CA bundle that signed the server's certificate; empty:
  // plaintext.
  std::string ca_file;
};

// grpc.health.v1.HealthCheckRequest{service} on the wire.
std::string EncodeHealthRequest(const std::string& service);
// The status enum of a grpc.health.v1.HealthCheckResponse (0 when absent);
// InvalidArgument when the bytes are not such a message.
absl::StatusOr<int> DecodeHealthStatus(const std::string& bytes);
// Name of a ServingStatus value ("SERVING", "NOT_SERVING", ...).
std::string HealthStatusName(int status);

// Exit code: 0 when SERVING, 1 otherwise (the reason goes to `err`).
int CheckHealth(std::shared_ptr<grpc::Channel> channel,
                const HealthOptions& options, std::ostream& out,
                std::ostream& err);
// CheckHealth over a channel to options.address (TLS with options.ca_file).
int Health(const HealthOptions& options, std::ostream& out, std::ostream& err);

}  // namespace giamsat::ctl
