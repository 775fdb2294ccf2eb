// `giamsatctl replay`: recomputes the rules service's state from the event
// topics from scratch (through the same engine, in memory) up to the
// offsets the live state has consumed, and reports every difference from
// the live state in Redis. Takes the rules service's config (same file and
// --set overrides). Exit code: 0 equal, 1 differences found or the replay
// failed (the reason on `err`).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/rules/rules_config.h"

namespace giamsat::ctl {

struct ReplayOptions {
  std::string config_path;
  std::vector<std::string> overrides;
  // Most differences printed (all are counted).
  int show = 50;
  // Gives up when the topics do not deliver the records up to the live
  // offsets within this many seconds.
  int timeout_seconds = 300;
};

int Replay(const ReplayOptions& options, std::ostream& out, std::ostream& err);

// The rules service's config from its file and --set overrides, as the
// service itself decodes it (errors name the key).
absl::StatusOr<rules::RulesConfig> LoadRulesConfig(
    const std::string& path, const std::vector<std::string>& overrides);

}  // namespace giamsat::ctl
