#include "services/query/server_setup.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/calendar/calendar_loader.h"

namespace giamsat::query {
namespace {

absl::StatusOr<std::string> ReadKeyFile(const std::string& key,
                                        const std::string& path) {
  absl::StatusOr<std::string> text = calendar::ReadFileToString(path);
  if (!text.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(key, ": ", text.status().message()));
  }
  return text;
}

absl::Status Named(const std::string& key, const absl::Status& s) {
  return absl::Status(s.code(), absl::StrCat(key, ": ", s.message()));
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const QueryConfig& config) {
  if (config.tls_cert_file.empty()) return grpc::InsecureServerCredentials();
  absl::StatusOr<std::string> cert =
      ReadKeyFile("tls.cert_file", config.tls_cert_file);
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key =
      ReadKeyFile("tls.key_file", config.tls_key_file);
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions options(
      config.tls_client_ca_file.empty()
          ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
          : (config.tls_require_client_cert
                 ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                 : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY));
  if (!config.tls_client_ca_file.empty()) {
    absl::StatusOr<std::string> ca =
        ReadKeyFile("tls.client_ca_file", config.tls_client_ca_file);
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *ca;
  }
  options.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<UnitTree> LoadUnits(const QueryConfig& config, bool* missing) {
  *missing = false;
  if (config.units_file.empty()) return UnitTree();
  if (config.units_file == kDefaultUnitsFile &&
      !std::filesystem::exists(config.units_file)) {
    *missing = true;
    return UnitTree();
  }
  absl::StatusOr<UnitTree> tree = UnitTree::LoadFile(config.units_file);
  if (!tree.ok()) return Named("reference.units_file", tree.status());
  return tree;
}

absl::StatusOr<AccessPolicy> LoadAccess(const QueryConfig& config) {
  if (config.auth_tokens_file.empty()) return AccessPolicy::AllowAll();
  absl::StatusOr<AccessPolicy> policy =
      AccessPolicy::LoadFile(config.auth_tokens_file);
  if (!policy.ok()) return Named("auth.tokens_file", policy.status());
  return policy;
}

}  // namespace giamsat::query
