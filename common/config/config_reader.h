// ConfigReader: typed, strict decoding of one section of a config tree.
//
//   ConfigReader r(tree, "kafka");
//   r.Read("bootstrap", cfg.bootstrap);   // keeps the default when absent
//   r.Read("partitions", cfg.partitions);
//   absl::Status s = r.Finish();           // unknown keys and type errors
//
// Every error names the full key path (e.g. "kafka.partitions") and why.
// All errors of a section are collected, not only the first.
//
// The reader also records every key it was asked for with the value it
// ended up with (the given one or the default): EffectiveYaml() is the
// service's complete effective config, so the list of accepted keys comes
// from the decoding code itself (`--print-config`).
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "yaml-cpp/yaml.h"

namespace giamsat::config {

class ConfigReader {
 public:
  // `section` may be a dotted path; an absent section reads as all defaults.
  ConfigReader(const YAML::Node& root, std::string section);
  // A reader of `node` itself (e.g. one item of a list), whose errors name
  // keys as `path`.key.
  static ConfigReader OfNode(const YAML::Node& node, std::string path) {
    return ConfigReader(node, std::move(path), true);
  }

  void Read(const std::string& key, std::string& out);
  void Read(const std::string& key, int& out);
  void Read(const std::string& key, int64_t& out);
  void Read(const std::string& key, bool& out);
  void Read(const std::string& key, double& out);
  void Read(const std::string& key, std::vector<std::string>& out);
  // A free-form subtree the caller decodes itself (a list of sections, a
  // map keyed by ids); `out` keeps its value when `key` is absent. It is
  // recorded as is in EffectiveYaml().
  void ReadTree(const std::string& key, YAML::Node& out);

  // Records a validation error for `key` (after reading it).
  void Fail(const std::string& key, const std::string& reason);
  // A sub-reader for a nested section, owned by this reader; its errors are
  // reported by this reader's Finish().
  ConfigReader& Section(const std::string& key);

  // InvalidArgument listing every error and unknown key; OkStatus otherwise.
  absl::Status Finish();

  // Every key read so far (sections nested, in reading order) with its
  // effective value, as YAML that this reader accepts back. Strings are
  // double-quoted so that no YAML parser retypes them ("15:00", "on").
  std::string EffectiveYaml() const;

 private:
  struct Entry {
    std::string key;
    // Set for scalars and lists; `quoted` for strings.
    std::vector<std::string> values;
    bool quoted = false;
    bool list = false;
    const ConfigReader* section = nullptr;
    bool is_tree = false;  // set by ReadTree, with `tree`
    YAML::Node tree;
  };

  ConfigReader(YAML::Node node, std::string path, bool);
  std::string Path(const std::string& key) const;
  // The node at `key`, or an invalid node when absent; marks `key` known.
  YAML::Node Lookup(const std::string& key);
  void CollectErrors(std::vector<std::string>& out) const;
  Entry& Record(const std::string& key);
  template <typename Int>
  void ReadInteger(const std::string& key, Int& out);
  void Emit(YAML::Emitter& out) const;

  YAML::Node node_;
  std::string path_;
  std::set<std::string> known_;
  std::vector<std::string> errors_;
  std::vector<std::unique_ptr<ConfigReader>> children_;
  std::vector<Entry> effective_;
};

}  // namespace giamsat::config
