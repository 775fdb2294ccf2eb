// The command line every service shares:
//   --config FILE        YAML config (optional: built-in defaults otherwise)
//   --set key.path=VALUE override one config key (repeatable)
//   --ready-file FILE    once listening, write the bound addresses here
//   --print-config       print the effective config (every key the service
//                        accepts, with its value) as YAML and exit; a config
//                        error exits non-zero as at start-up
// Parsing errors exit the process with CLI11's message (start-up only).
#pragma once

#include <string>
#include <vector>

#include "CLI/CLI.hpp"

namespace giamsat::config {

struct ServiceArgs {
  std::string config_path;
  std::vector<std::string> overrides;
  std::string ready_file;
  bool print_config = false;
};

void AddServiceFlags(CLI::App& app, ServiceArgs& args);

// With --print-config: writes `effective_yaml` (ConfigReader::EffectiveYaml
// of the decoded config) to stdout and returns true (main then exits 0).
bool PrintConfigRequested(const ServiceArgs& args,
                          const std::string& effective_yaml);

}  // namespace giamsat::config
