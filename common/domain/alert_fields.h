// Names of the per-unit "alerts firing now" figures, one per severity, kept
// in the unit's live hash next to the other stock figures.
#pragma once

#include <string>

#include "giamsat/v1/alerts.pb.h"

namespace giamsat::domain {

// "alerts_firing_critical", "alerts_firing_warning", "alerts_firing_info".
inline std::string AlertsFiringField(v1::Severity severity) {
  switch (severity) {
    case v1::SEVERITY_CRITICAL:
      return "alerts_firing_critical";
    case v1::SEVERITY_WARNING:
      return "alerts_firing_warning";
    default:
      return "alerts_firing_info";
  }
}

}  // namespace giamsat::domain
