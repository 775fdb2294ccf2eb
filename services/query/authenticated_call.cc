#include "services/query/authenticated_call.h"

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"

namespace giamsat::query {
namespace {

std::optional<absl::string_view> Authorization(
    const grpc::ServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) return std::nullopt;
  return absl::string_view(it->second.data(), it->second.size());
}

}  // namespace

grpc::Status ServeAuthenticated(
    const char* method, grpc::ServerContext* context,
    const AccessPolicy& access, QueryProbe& probe,
    const std::function<absl::Status(const Client&)>& body) {
  const absl::Time started = absl::Now();
  absl::Status status;
  if (context->deadline() < std::chrono::system_clock::now()) {
    status = absl::DeadlineExceededError("deadline passed before the call ran");
  } else if (absl::StatusOr<const Client*> client =
                 access.Authenticate(Authorization(*context));
             !client.ok()) {
    status = client.status();
  } else {
    status = body(**client);
  }
  probe.Request(method, status.code(), absl::Now() - started);
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

}  // namespace giamsat::query
