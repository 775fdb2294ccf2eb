// Start-up helpers of giamsat-query: server credentials (TLS with optional
// client certificates, or plaintext) and the reference data named by the
// config. Called once from main(); errors name the config key.
#pragma once

#include <grpcpp/security/server_credentials.h>

#include <memory>

#include "absl/status/statusor.h"
#include "services/query/access_policy.h"
#include "services/query/query_config.h"
#include "services/query/unit_tree.h"

namespace giamsat::query {

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const QueryConfig& config);

// The unit hierarchy; an empty one when reference.units_file is empty, or
// is the default path and that file does not exist (`*missing` set).
absl::StatusOr<UnitTree> LoadUnits(const QueryConfig& config, bool* missing);

// The access policy of auth.tokens_file (AllowAll when empty).
absl::StatusOr<AccessPolicy> LoadAccess(const QueryConfig& config);

}  // namespace giamsat::query
