#include "common/config/config_reader.h"

#include <charconv>
#include <cmath>

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
  if (n.IsDefined() && (!n.IsScalar() || !Decode(n, out))) {
    Fail(key, "expected a string");
  }
  Entry& e = Record(key);
  e.values = {out};
  e.quoted = true;
}

template <typename Int>
void ConfigReader::ReadInteger(const std::string& key, Int& out) {
  YAML::Node n = Lookup(key);
  if (n.IsDefined() && (!n.IsScalar() || !Decode(n, out))) {
    Fail(key, absl::StrCat("expected an integer, got \"", n.Scalar(), "\""));
  }
  Record(key).values = {absl::StrCat(out)};
}

void ConfigReader::Read(const std::string& key, int& out) {
  ReadInteger(key, out);
}

void ConfigReader::Read(const std::string& key, int64_t& out) {
  ReadInteger(key, out);
}

void ConfigReader::Read(const std::string& key, bool& out) {
  YAML::Node n = Lookup(key);
  if (n.IsDefined() && (!n.IsScalar() || !Decode(n, out))) {
    Fail(key, absl::StrCat("expected true or false, got \"", n.Scalar(), "\""));
  }
  Record(key).values = {out ? "true" : "false"};
}

void ConfigReader::Read(const std::string& key, double& out) {
  YAML::Node n = Lookup(key);
  if (n.IsDefined() && (!n.IsScalar() || !Decode(n, out))) {
    Fail(key, absl::StrCat("expected a number, got \"", n.Scalar(), "\""));
  }
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), out);
  std::string text(buf, ec == std::errc() ? end : buf);
  // "1.0", not "1": the effective YAML keeps the key a number for readers
  // that type it from its value (the Helm values schema).
  if (std::isfinite(out) && text.find_first_of(".e") == std::string::npos) {
    text += ".0";
  }
  Record(key).values = {std::move(text)};
}

void ConfigReader::Read(const std::string& key, std::vector<std::string>& out) {
  YAML::Node n = Lookup(key);
  if (n.IsDefined()) {
    if (n.IsScalar()) {  // "a,b,c" from a command-line override
      out = absl::StrSplit(n.Scalar(), ',', absl::SkipEmpty());
    } else if (!n.IsSequence() || !Decode(n, out)) {
      Fail(key, "expected a list of strings");
    }
  }
  Entry& e = Record(key);
  e.values = out;
  e.quoted = true;
  e.list = true;
}

void ConfigReader::ReadTree(const std::string& key, YAML::Node& out) {
  YAML::Node n = Lookup(key);
  if (n.IsDefined()) out = YAML::Clone(n);
  Entry& e = Record(key);
  e.is_tree = true;
  e.tree = YAML::Clone(out);
}

ConfigReader::Entry& ConfigReader::Record(const std::string& key) {
  for (Entry& e : effective_) {
    if (e.key == key) {
      e = Entry();
      e.key = key;
      return e;
    }
  }
  effective_.emplace_back();
  effective_.back().key = key;
  return effective_.back();
}

void ConfigReader::Fail(const std::string& key, const std::string& reason) {
  errors_.push_back(absl::StrCat(Path(key), ": ", reason));
}

ConfigReader& ConfigReader::Section(const std::string& key) {
  YAML::Node n = Lookup(key);
  children_.push_back(
      std::unique_ptr<ConfigReader>(new ConfigReader(n, Path(key), true)));
  Record(key).section = children_.back().get();
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

void ConfigReader::Emit(YAML::Emitter& out) const {
  out << YAML::BeginMap;
  for (const Entry& e : effective_) {
    out << YAML::Key << e.key << YAML::Value;
    if (e.section != nullptr) {
      e.section->Emit(out);
    } else if (e.is_tree) {
      out << e.tree;
    } else if (e.list) {
      out << YAML::Flow << YAML::BeginSeq;
      for (const std::string& v : e.values) out << YAML::DoubleQuoted << v;
      out << YAML::EndSeq;
    } else if (e.quoted) {
      out << YAML::DoubleQuoted << e.values.front();
    } else {
      out << e.values.front();
    }
  }
  out << YAML::EndMap;
}

std::string ConfigReader::EffectiveYaml() const {
  YAML::Emitter out;
  Emit(out);
  return absl::StrCat(out.c_str(), "\n");
}

}  // namespace giamsat::config
