// Dossier figures: how each dossier event changes a unit's counters.
//
// Pure: ApplyDossierEvent reads the dossier's state and an event and returns
// the counter changes, updating the state in place. Applying the same event
// twice (same event_id) changes nothing the second time. Events may arrive
// out of order (a resolution before its receipt) and are still counted once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "giamsat/v1/events.pb.h"
#include "giamsat/v1/state.pb.h"

namespace giamsat::domain {

// A change of one counter of one unit. `day` set: a flow figure of that
// Vietnam calendar day (and of the unit's all-time total); unset: a stock
// figure of now.
struct CounterDelta {
  std::string unit_id;
  std::optional<absl::CivilDay> day;
  absl::string_view field;
  int64_t delta = 0;

  bool operator==(const CounterDelta&) const = default;
};

struct DossierEffects {
  // True when the event id was applied before: nothing changed.
  bool duplicate = false;
  std::vector<CounterDelta> deltas;
};

// How many recent event ids a dossier remembers for de-duplication.
inline constexpr int kRememberedEventIds = 64;

DossierEffects ApplyDossierEvent(const v1::Event& event,
                                 v1::DossierState& state);

}  // namespace giamsat::domain
