// LoadServiceConfig: the start-up step every service shares. Loads the YAML
// tree named by the command line (--config, --set), decodes it with the
// service's own decoder, exits the process with one line naming the key on
// any error (runtime::Die), and with --print-config prints the effective
// config and returns nullopt (main then exits 0).
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/config/config_tree.h"
#include "common/config/service_args.h"
#include "common/runtime/process.h"
#include "yaml-cpp/yaml.h"

namespace giamsat::runtime {

// `decode(tree, &effective)` returns the typed config or the error.
template <typename Decode>
auto LoadServiceConfig(absl::string_view service,
                       const config::ServiceArgs& args, Decode decode)
    -> std::optional<
        typename decltype(decode(std::declval<const YAML::Node&>(),
                                 std::declval<std::string*>()))::value_type> {
  absl::StatusOr<YAML::Node> tree =
      config::LoadTree(args.config_path, args.overrides);
  if (!tree.ok()) Die(service, tree.status());
  std::string effective;
  auto cfg = decode(*tree, &effective);
  if (!cfg.ok()) Die(service, cfg.status());
  if (config::PrintConfigRequested(args, effective)) return std::nullopt;
  return *std::move(cfg);
}

}  // namespace giamsat::runtime
