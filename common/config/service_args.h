// The command line every service shares:
//   --config FILE        YAML config (optional: built-in defaults otherwise)
//   --set key.path=VALUE override one config key (repeatable)
//   --ready-file FILE    once listening, write the bound addresses here
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
};

void AddServiceFlags(CLI::App& app, ServiceArgs& args);

}  // namespace giamsat::config
