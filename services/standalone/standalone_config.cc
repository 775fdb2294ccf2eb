#include "services/standalone/standalone_config.h"

#include <functional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/config/config_reader.h"

namespace giamsat::standalone {
namespace {

// Sections of a service replaced by the process's own.
constexpr const char* kReplaced[] = {"kafka", "redis", "metrics", "log"};

// Decodes the service section `name` with the service's own decoder,
// appending its effective config (without the replaced sections) indented
// under `name:` to `effective`.
// `yaml` indented by two spaces, without its top-level sections in
// kReplaced (text filtering keeps the decoder's quoting).
std::string IndentWithoutReplaced(const std::string& yaml) {
  std::string out;
  bool skipping = false;
  for (absl::string_view line : absl::StrSplit(yaml, '\n')) {
    if (line.empty()) continue;
    if (line[0] != ' ' && line[0] != '-') {
      skipping = false;
      for (const char* replaced : kReplaced) {
        if (line == absl::StrCat(replaced, ":")) skipping = true;
      }
    }
    if (!skipping) absl::StrAppend(&out, "  ", line, "\n");
  }
  return out;
}

template <typename Config, typename Decode>
void DecodeService(const YAML::Node& root, const std::string& name,
                   Decode decode, Config& out, std::vector<std::string>& errors,
                   std::string& effective) {
  YAML::Node section = root[name] ? YAML::Clone(root[name]) : YAML::Node();
  if (section.IsDefined() && !section.IsNull() && !section.IsMap()) {
    errors.push_back(absl::StrCat(name, ": expected a section (mapping)"));
    return;
  }
  if (section.IsMap()) {
    for (const char* replaced : kReplaced) {
      if (section[replaced]) {
        errors.push_back(absl::StrCat(
            name, ".", replaced,
            ": not used by giamsat-standalone (the storage, metrics and log "
            "sections of the process replace it)"));
        section.remove(replaced);
      }
    }
  }
  std::string service_effective;
  absl::StatusOr<Config> decoded =
      decode(section.IsDefined() ? section : YAML::Node(YAML::NodeType::Map),
             &service_effective);
  if (!decoded.ok()) {
    // The service names its keys from its own root: put them under `name`.
    errors.push_back(absl::StrCat(name, ": ", decoded.status().message()));
    return;
  }
  out = *std::move(decoded);
  absl::StrAppend(&effective, name, ":\n",
                  IndentWithoutReplaced(service_effective));
}

}  // namespace

absl::StatusOr<StandaloneConfig> DecodeStandaloneConfig(
    const YAML::Node& tree, std::string* effective) {
  StandaloneConfig c;
  // The process's own sections, read from the tree without the service
  // sections (decoded below by the services' own decoders).
  YAML::Node own = YAML::Clone(tree);
  if (own.IsMap()) {
    for (const char* name : {"ingestor", "rules", "query", "escalator"}) {
      own.remove(name);
    }
  }
  config::ConfigReader root(own, "");
  config::ConfigReader& s = root.Section("storage");
  s.Read("data_dir", c.storage.data_dir);
  s.Read("partitions", c.storage.partitions);
  s.Read("sync_writes", c.storage.sync_writes);
  s.Read("topic_prefix", c.storage.topic_prefix);
  s.Read("key_prefix", c.storage.key_prefix);
  if (c.storage.data_dir.empty()) s.Fail("data_dir", "must name a directory");
  if (c.storage.partitions < 1 || c.storage.partitions > 1024) {
    s.Fail("partitions", "must be between 1 and 1024");
  }
  config::Decode(root.Section("metrics"), c.metrics);
  config::Decode(root.Section("log"), c.log);
  std::vector<std::string> errors;
  absl::Status root_status = root.Finish();
  if (!root_status.ok()) errors.push_back(std::string(root_status.message()));
  std::string services;
  DecodeService(
      tree, "ingestor",
      [](const YAML::Node& t, std::string* e) {
        return ingestor::DecodeIngestorConfig(t, e);
      },
      c.ingestor, errors, services);
  DecodeService(
      tree, "rules",
      [](const YAML::Node& t, std::string* e) {
        return rules::DecodeRulesConfig(t, e);
      },
      c.rules, errors, services);
  DecodeService(
      tree, "query",
      [](const YAML::Node& t, std::string* e) {
        return query::DecodeQueryConfig(t, e);
      },
      c.query, errors, services);
  DecodeService(
      tree, "escalator",
      [](const YAML::Node& t, std::string* e) {
        return escalator::DecodeEscalatorConfig(t, e);
      },
      c.escalator, errors, services);
  if (!errors.empty()) {
    return absl::InvalidArgumentError(absl::StrJoin(errors, "; "));
  }
  // Every service names topics and keys alike.
  for (config::KafkaConfig* k :
       {&c.ingestor.kafka, &c.rules.kafka, &c.escalator.kafka}) {
    k->topic_prefix = c.storage.topic_prefix;
  }
  for (config::RedisConfig* r : {&c.ingestor.redis, &c.rules.redis,
                                 &c.query.redis, &c.escalator.redis}) {
    r->key_prefix = c.storage.key_prefix;
  }
  if (effective != nullptr) *effective = root.EffectiveYaml() + services;
  return c;
}

}  // namespace giamsat::standalone
