// StoredField: one field of a hash in a StateStore, for test assertions.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "common/store/state_store.h"

namespace giamsat::testing {

// The value of `field` in the hash at `key`, "0" when absent (as a counter
// reads); fails the test when the store cannot be read.
inline std::string StoredField(store::StateStore& store, const std::string& key,
                               absl::string_view field) {
  auto hashes = store.GetHashes({key});
  if (!hashes.ok()) return "<" + hashes.status().ToString() + ">";
  auto it = hashes->at(0).find(field);
  return it == hashes->at(0).end() ? "0" : it->second;
}

}  // namespace giamsat::testing
