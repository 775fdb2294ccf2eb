// ConfigReader: typed, strict decoding of one section of a config tree.
//
//   ConfigReader r(tree, "kafka");
//   r.Read("bootstrap", cfg.bootstrap);   // keeps the default when absent
//   r.Read("partitions", cfg.partitions);
//   absl::Status s = r.Finish();           // unknown keys and type errors
//
// Every error names the full key path (e.g. "kafka.partitions") and why.
// All errors of a section are collected, not only the first.
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

  // Records a validation error for `key` (after reading it).
  void Fail(const std::string& key, const std::string& reason);
  // A sub-reader for a nested section, owned by this reader; its errors are
  // reported by this reader's Finish().
  ConfigReader& Section(const std::string& key);

  // InvalidArgument listing every error and unknown key; OkStatus otherwise.
  absl::Status Finish();

 private:
  ConfigReader(YAML::Node node, std::string path, bool);
  std::string Path(const std::string& key) const;
  // The node at `key`, or an invalid node when absent; marks `key` known.
  YAML::Node Lookup(const std::string& key);
  void CollectErrors(std::vector<std::string>& out) const;

  YAML::Node node_;
  std::string path_;
  std::set<std::string> known_;
  std::vector<std::string> errors_;
  std::vector<std::unique_ptr<ConfigReader>> children_;
};

}  // namespace giamsat::config
