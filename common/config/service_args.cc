#include "common/config/service_args.h"

namespace giamsat::config {

void AddServiceFlags(CLI::App& app, ServiceArgs& args) {
  app.add_option("-c,--config", args.config_path, "YAML config file")
      ->check(CLI::ExistingFile);
  app.add_option("--set", args.overrides,
                 "Override a config key: key.path=value (repeatable)");
  app.add_option("--ready-file", args.ready_file,
                 "Write the bound addresses to this file once serving");
}

}  // namespace giamsat::config
