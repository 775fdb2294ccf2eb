// A deterministic dossier scenario shared by the crash and standalone
// end-to-end tests: `dossiers` dossiers of `units` units ("<prefix>U<n>")
// received from March to June 2026 with 1-15 day limits, then for most of
// them supplements, resolutions (early, on time or late), withdrawals or
// returned results, and now and then a duplicate re-sent by the source;
// every due time is in the past, so overdue alerts fire.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/testing/in_memory_state_store.h"
#include "giamsat/v1/events.pb.h"

namespace giamsat::e2e {

std::vector<v1::Event> DossierScenario(const std::string& prefix, int dossiers,
                                       int units);

// The test oracle: `events` applied in one process by the same engine
// (rules::BatchProcessor, the shipped calendar, default rules, a fake clock
// at now) to an in-memory store with keys under `key_prefix`. Fails the
// calling test when the engine refuses them.
std::unique_ptr<testing::InMemoryStateStore> ReplayInProcess(
    const std::vector<v1::Event>& events, const std::string& key_prefix);

}  // namespace giamsat::e2e
