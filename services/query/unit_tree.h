// The unit hierarchy lives in common/units (shared with the escalator); the
// query service keeps its short names for it.
#pragma once

#include "common/units/unit_tree.h"

namespace giamsat::query {

using units::UnitInfo;
using units::UnitTree;

}  // namespace giamsat::query
