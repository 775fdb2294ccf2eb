#include "common/config/config_reader.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace giamsat::config {
namespace {

YAML::Node Walk(const YAML::Node& root, const std::string& dotted) {
  YAML::Node node = YAML::Clone(root);
  if (dotted.empty()) return node;
  for (const auto& part : absl::StrSplit(dotted, '.')) {
    if (!node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    YAML::Node child = node[std::string(part)];
    if (!child.IsDefined()) return YAML::Node(YAML::NodeType::Undefined);
    node.reset(child);
  }
  return node;
}

template <typename T>
bool Decode(const YAML::Node& node, T& out) {
  try {
    out = node.as<T>();
    return true;
  } catch (const YAML::Exception&) {
    return false;
  }
}

}  // namespace

ConfigReader::ConfigReader(const YAML::Node& root, std::string section)
    : ConfigReader(Walk(root, section), std::move(section), true) {}

ConfigReader::ConfigReader(YAML::Node node, std::string path, bool)
    : node_(std::move(node)), path_(std::move(path)) {
  if (node_.IsDefined() && !node_.IsNull() && !node_.IsMap()) {
    errors_.push_back(absl::StrCat(path_, ": expected a section (mapping)"));
  }
}

std::string ConfigReader::Path(const std::string& key) const {
  return path_.empty() ? key : absl::StrCat(path_, ".", key);
}

YAML::Node ConfigReader::Lookup(const std::string& key) {
  known_.insert(key);
  if (!node_.IsDefined() || !node_.IsMap()) {
    return YAML::Node(YAML::NodeType::Undefined);
  }
  YAML::Node child = node_[key];
  if (!child.IsDefined() || child.IsNull()) {
    return YAML::Node(YAML::NodeType::Undefined);
  }
  return child;
}

void ConfigReader::Read(const std::string& key, std::string& out) {
  YAML::Node n = Lookup(key);
  if (!n.IsDefined()) return;
  if (!n.IsScalar() || !Decode(n, out)) Fail(key, "expected a string");
}

void ConfigReader::Read(const std::string& key, int& out) {
  YAML::Node n = Lookup(key);
  if (!n.IsDefined()) return;
  if (!n.IsScalar() || !Decode(n, out)) {
    Fail(key, absl::StrCat("expected an integer, got \"", n.Scalar(), "\""));
  }
}

void ConfigReader::Read(const std::string& key, int64_t& out) {
  YAML::Node n = Lookup(key);
  if (!n.IsDefined()) return;
  if (!n.IsScalar() || !Decode(n, out)) {
    Fail(key, absl::StrCat("expected an integer, got \"", n.Scalar(), "\""));
  }
}

void ConfigReader::Read(const std::string& key, bool& out) {
  YAML::Node n = Lookup(key);
  if (!n.IsDefined()) return;
  if (!n.IsScalar() || !Decode(n, out)) {
    Fail(key, absl::StrCat("expected true or false, got \"", n.Scalar(), "\""));
  }
}

void ConfigReader::Read(const std::string& key, double& out) {
  YAML::Node n = Lookup(key);
  if (!n.IsDefined()) return;
  if (!n.IsScalar() || !Decode(n, out)) {
    Fail(key, absl::StrCat("expected a number, got \"", n.Scalar(), "\""));
  }
}

void ConfigReader::Read(const std::string& key, std::vector<std::string>& out) {
  YAML::Node n = Lookup(key);
  if (!n.IsDefined()) return;
  if (n.IsScalar()) {  // "a,b,c" from a command-line override
    out = absl::StrSplit(n.Scalar(), ',', absl::SkipEmpty());
    return;
  }
  if (!n.IsSequence() || !Decode(n, out))
    Fail(key, "expected a list of strings");
}

void ConfigReader::Fail(const std::string& key, const std::string& reason) {
  errors_.push_back(absl::StrCat(Path(key), ": ", reason));
}

ConfigReader& ConfigReader::Section(const std::string& key) {
  YAML::Node n = Lookup(key);
  children_.push_back(
      std::unique_ptr<ConfigReader>(new ConfigReader(n, Path(key), true)));
  return *children_.back();
}

void ConfigReader::CollectErrors(std::vector<std::string>& out) const {
  out.insert(out.end(), errors_.begin(), errors_.end());
  if (node_.IsDefined() && node_.IsMap()) {
    for (const auto& kv : node_) {
      const std::string key = kv.first.as<std::string>();
      if (!known_.contains(key)) {
        out.push_back(absl::StrCat(Path(key), ": unknown key"));
      }
    }
  }
  for (const auto& child : children_) child->CollectErrors(out);
}

absl::Status ConfigReader::Finish() {
  std::vector<std::string> all;
  CollectErrors(all);
  if (all.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("invalid config: ", absl::StrJoin(all, "; ")));
}

}  // namespace giamsat::config
