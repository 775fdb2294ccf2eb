// `giamsat-standalone replay` (docs/standalone.md): giamsatctl replay's
// check over the embedded database, with the process stopped: recomputes
// the rules engine's state from the embedded log up to the offsets stored
// with the state, through the same engine in memory, and reports every
// difference from the stored state. Returns the exit code: 0 equal, 1
// differences found or the replay failed (the reason on `err`).
#pragma once

#include <ostream>

#include "common/embedded/embedded_event_log.h"
#include "common/store/state_store.h"
#include "services/rules/rules_config.h"
#include "services/rules/rules_engine.h"

namespace giamsat::standalone {

int ReplayEmbedded(const rules::RulesConfig& cfg,
                   const rules::RulesEngine& engine,
                   const embedded::EmbeddedEventLog& log,
                   store::StateStore& live, std::ostream& out,
                   std::ostream& err);

}  // namespace giamsat::standalone
