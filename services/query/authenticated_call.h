// ServeAuthenticated: the common frame of every query-service call:
// refuses a call whose deadline already passed (DEADLINE_EXCEEDED),
// authenticates the bearer token (AccessPolicy: UNAUTHENTICATED without a
// known token), runs `body` with the caller, counts the call by method and
// code (QueryProbe) and maps the absl status onto the gRPC one.
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>

#include "absl/status/status.h"
#include "services/query/access_policy.h"
#include "services/query/query_probe.h"

namespace giamsat::query {

grpc::Status ServeAuthenticated(
    const char* method, grpc::ServerContext* context,
    const AccessPolicy& access, QueryProbe& probe,
    const std::function<absl::Status(const Client&)>& body);

}  // namespace giamsat::query
