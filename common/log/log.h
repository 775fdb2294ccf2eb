// Logging set-up: one spdlog logger per process, to stderr, with the level
// from LogConfig. Components log through spdlog's default logger.
#pragma once

#include <string>

#include "common/config/sections.h"

namespace giamsat::log {

void Init(const std::string& service, const config::LogConfig& config);

}  // namespace giamsat::log
