// CounterDelta: a change of one per-unit figure, the common output of the
// dossier and feedback rules; the rules service turns it into state-store
// increments (see docs/state-layout.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace giamsat::domain {

// `day` set: a flow figure of that Vietnam calendar day (and of the unit's
// all-time total); unset: a stock figure of now.
struct CounterDelta {
  std::string unit_id;
  std::optional<absl::CivilDay> day;
  absl::string_view field;
  int64_t delta = 0;

  bool operator==(const CounterDelta&) const = default;
};

// How many recent event ids a subject remembers for de-duplication.
inline constexpr int kRememberedEventIds = 64;

}  // namespace giamsat::domain
