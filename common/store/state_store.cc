#include "common/store/state_store.h"

namespace giamsat::store {

absl::StatusOr<std::vector<std::optional<std::string>>> StateStore::GetMany(
    const std::vector<std::string>& keys) {
  std::vector<std::optional<std::string>> out;
  out.reserve(keys.size());
  for (const std::string& key : keys) {
    absl::StatusOr<std::optional<std::string>> value = Get(key);
    if (!value.ok()) return value.status();
    out.push_back(*std::move(value));
  }
  return out;
}

}  // namespace giamsat::store
