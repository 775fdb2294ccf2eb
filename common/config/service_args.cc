#include "common/config/service_args.h"

#include <iostream>

namespace giamsat::config {

void AddServiceFlags(CLI::App& app, ServiceArgs& args) {
  app.add_option("-c,--config", args.config_path, "YAML config file")
      ->check(CLI::ExistingFile);
  app.add_option("--set", args.overrides,
                 "Override a config key: key.path=value (repeatable)");
  app.add_option("--ready-file", args.ready_file,
                 "Write the bound addresses to this file once serving");
  app.add_flag("--print-config", args.print_config,
               "Print the effective config (every accepted key) and exit");
}

bool PrintConfigRequested(const ServiceArgs& args,
                          const std::string& effective_yaml) {
  if (!args.print_config) return false;
  std::cout << effective_yaml << std::flush;
  return true;
}

}  // namespace giamsat::config
