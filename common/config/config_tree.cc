#include "common/config/config_tree.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace giamsat::config {

absl::StatusOr<YAML::Node> ParseTree(const std::string& text,
                                     const std::string& origin) {
  try {
    YAML::Node node = YAML::Load(text);
    if (node.IsNull()) return YAML::Node(YAML::NodeType::Map);
    if (!node.IsMap()) {
      return absl::InvalidArgumentError(
          absl::StrCat(origin, ": the top level must be a mapping"));
    }
    return node;
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(origin, ": ", e.what()));
  }
}

absl::Status ApplyOverride(YAML::Node& root, const std::string& assignment) {
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--set ", assignment, ": expected key.path=value"));
  }
  const std::string path = assignment.substr(0, eq);
  const std::string value = assignment.substr(eq + 1);
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  // yaml-cpp nodes are handles: walk with fresh handles, never reassign one.
  std::vector<YAML::Node> chain{root};
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    YAML::Node child = chain.back()[parts[i]];
    if (child.IsDefined() && !child.IsNull() && !child.IsMap()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--set ", assignment, ": ", parts[i], " is not a section"));
    }
    chain.push_back(child);
  }
  chain.back()[parts.back()] = value;
  return absl::OkStatus();
}

absl::StatusOr<YAML::Node> LoadTree(const std::string& path,
                                    const std::vector<std::string>& overrides) {
  YAML::Node root(YAML::NodeType::Map);
  if (!path.empty()) {
    std::ifstream in(path);
    if (!in) {
      return absl::InvalidArgumentError(
          absl::StrCat("config file ", path, ": cannot be read"));
    }
    std::stringstream text;
    text << in.rdbuf();
    absl::StatusOr<YAML::Node> parsed = ParseTree(text.str(), path);
    if (!parsed.ok()) return parsed.status();
    root = *parsed;
  }
  for (const auto& o : overrides) {
    if (absl::Status s = ApplyOverride(root, o); !s.ok()) return s;
  }
  return root;
}

}  // namespace giamsat::config
