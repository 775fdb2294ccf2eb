// Decoding of the query service's `inspection_planning` section into
// inspection::PlanningConfig (common/inspection/candidates.h; every key and
// default is listed in deploy/config/query.yaml).
#pragma once

#include "common/config/config_reader.h"
#include "common/inspection/candidates.h"

namespace giamsat::query {

// Reads every key of `section` into `config` and records a failure naming
// the key for an invalid value.
void DecodePlanningConfig(config::ConfigReader& section,
                          inspection::PlanningConfig& config);

}  // namespace giamsat::query
