// Loading a service's configuration tree: a YAML file (optional) with
// command-line overrides of the form `path.to.key=value` applied on top.
//
// Errors are InvalidArgument with the file, key path and reason. Typed
// decoding of the tree into config structs is done with ConfigReader.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "yaml-cpp/yaml.h"

namespace giamsat::config {

// Reads `path` (empty: an empty tree) and applies each `key=value` override.
absl::StatusOr<YAML::Node> LoadTree(const std::string& path,
                                    const std::vector<std::string>& overrides);

// Parses YAML text (for tests and embedded defaults).
absl::StatusOr<YAML::Node> ParseTree(const std::string& text,
                                     const std::string& origin);

// Applies one `a.b.c=value` override to `root`.
absl::Status ApplyOverride(YAML::Node& root, const std::string& assignment);

}  // namespace giamsat::config
