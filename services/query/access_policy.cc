#include "services/query/access_policy.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/calendar/calendar_loader.h"
#include "yaml-cpp/yaml.h"

namespace giamsat::query {

AccessPolicy AccessPolicy::AllowAll() {
  AccessPolicy p;
  p.allow_all_ = true;
  return p;
}

absl::StatusOr<AccessPolicy> AccessPolicy::Parse(const std::string& yaml_text,
                                                 const std::string& origin) {
  AccessPolicy p;
  try {
    const YAML::Node clients = YAML::Load(yaml_text)["clients"];
    if (!clients || !clients.IsSequence() || clients.size() == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          origin, ": expected a non-empty list under \"clients\""));
    }
    for (size_t i = 0; i < clients.size(); ++i) {
      const YAML::Node c = clients[i];
      const std::string where = absl::StrCat(origin, ": clients[", i, "]");
      Client client;
      std::string token;
      if (c["name"]) client.name = c["name"].as<std::string>();
      if (c["token"]) token = c["token"].as<std::string>();
      if (c["units"]) client.units = c["units"].as<std::vector<std::string>>();
      if (client.name.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ".name: required"));
      }
      if (token.size() < 16) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ".token: at least 16 characters required"));
      }
      if (client.units.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ".units: at least one unit required"));
      }
      if (!p.by_token_.emplace(token, std::move(client)).second) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ".token: used by another client"));
      }
    }
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(origin, ": ", e.what()));
  }
  return p;
}

absl::StatusOr<AccessPolicy> AccessPolicy::LoadFile(const std::string& path) {
  absl::StatusOr<std::string> text = calendar::ReadFileToString(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

absl::StatusOr<const Client*> AccessPolicy::Authenticate(
    std::optional<absl::string_view> authorization) const {
  if (allow_all_) return &anyone_;
  if (!authorization.has_value()) {
    return absl::UnauthenticatedError("authorization: bearer token required");
  }
  absl::string_view token = *authorization;
  if (!absl::ConsumePrefix(&token, "Bearer ") &&
      !absl::ConsumePrefix(&token, "bearer ")) {
    return absl::UnauthenticatedError(
        "authorization: expected \"Bearer <token>\"");
  }
  auto it = by_token_.find(absl::StripAsciiWhitespace(token));
  if (it == by_token_.end()) {
    return absl::UnauthenticatedError("authorization: unknown token");
  }
  return &it->second;
}

absl::Status AccessPolicy::CheckUnit(const Client& client,
                                     absl::string_view unit,
                                     const UnitTree& tree) const {
  if (client.all_units) return absl::OkStatus();
  for (const std::string& root : client.units) {
    if (tree.IsWithin(unit, root)) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("client ", client.name, " may not read unit ", unit));
}

}  // namespace giamsat::query
