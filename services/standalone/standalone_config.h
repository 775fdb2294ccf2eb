// Typed configuration of giamsat-standalone (see deploy/config/
// standalone.yaml and docs/standalone.md): the four services' own configs,
// each under its name and in its own format (ingestor:, rules:, query:,
// escalator:, as deploy/config/<name>.yaml), plus the sections of the one
// process: storage (the embedded database), metrics and log.
//
// The services' kafka, redis, metrics and log sections are replaced by
// those of the process and refused under a service's name, so that no key
// is silently ignored. storage.topic_prefix and storage.key_prefix give
// every service the topic and key names of the distributed mode.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "common/config/sections.h"
#include "services/escalator/escalator_config.h"
#include "services/ingestor/ingestor_config.h"
#include "services/query/query_config.h"
#include "services/rules/rules_config.h"
#include "yaml-cpp/yaml.h"

namespace giamsat::standalone {

struct StorageConfig {
  // Directory of the embedded database (created when missing); relative
  // paths are relative to the working directory. One process at a time.
  std::string data_dir = "giamsat-data";
  // Partitions of each topic of the embedded log (fixed once written: a
  // different value later is refused at start-up).
  int partitions = 3;
  // fsync the write-ahead log before a write is acknowledged (survives a
  // power loss; without it a write survives a process crash only).
  bool sync_writes = true;
  // Prepended to topic names and state keys, as kafka.topic_prefix and
  // redis.key_prefix in the distributed mode (export-log keeps the names).
  std::string topic_prefix = "";
  std::string key_prefix = "gs:";
};

struct StandaloneConfig {
  StorageConfig storage;
  config::MetricsConfig metrics{"127.0.0.1:9464"};
  config::LogConfig log;
  ingestor::IngestorConfig ingestor;
  rules::RulesConfig rules;
  query::QueryConfig query;
  escalator::EscalatorConfig escalator;
};

// InvalidArgument listing every bad or unknown key (keys of a service are
// named under its section, e.g. "rules.processing.max_batch_records").
// `effective` (optional) receives the effective config as YAML.
absl::StatusOr<StandaloneConfig> DecodeStandaloneConfig(
    const YAML::Node& tree, std::string* effective = nullptr);

}  // namespace giamsat::standalone
