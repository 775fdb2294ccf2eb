// AccessPolicy: per-client bearer tokens mapped to the unit subtrees each
// client may read. Loaded from the tokens file named by auth.tokens_file
// (never in the repository; mode 0600):
//   clients:
//     - name: city-platform        # for logs and metrics
//       token: "<random secret>"   # sent as "authorization: Bearer <token>"
//       units: [HN]                # roots of the subtrees it may read
// Without a tokens file every caller may read every unit (AllowAll).
// Immutable after loading: safe for concurrent use.
// Errors: Unauthenticated for a missing or unknown token, PermissionDenied
// for a unit outside the client's subtrees, InvalidArgument for a bad file.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/query/unit_tree.h"

namespace giamsat::query {

struct Client {
  std::string name;
  std::vector<std::string> units;
  bool all_units = false;
};

class AccessPolicy {
 public:
  static AccessPolicy AllowAll();
  static absl::StatusOr<AccessPolicy> Parse(const std::string& yaml_text,
                                            const std::string& origin);
  static absl::StatusOr<AccessPolicy> LoadFile(const std::string& path);

  // The client presenting `authorization` ("Bearer <token>"; nullopt when
  // the header is absent).
  absl::StatusOr<const Client*> Authenticate(
      std::optional<absl::string_view> authorization) const;
  // OK when `unit` is one of the client's units or below one of them.
  absl::Status CheckUnit(const Client& client, absl::string_view unit,
                         const UnitTree& tree) const;

  bool enabled() const { return !allow_all_; }
  size_t size() const { return by_token_.size(); }

 private:
  bool allow_all_ = false;
  Client anyone_{"anonymous", {}, true};
  std::map<std::string, Client, std::less<>> by_token_;
};

}  // namespace giamsat::query
