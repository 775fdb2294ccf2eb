// Replay: recomputes the state of the rules service from the events alone,
// through the same engine (BatchProcessor, unit rules) into an in-memory
// store, and compares it with a live state store, key by key. Records are
// judged as the live service judges a backlog (by event time until Finish,
// docs/rules.md), and a state that differs is reported with its fields.
//
// The records must be given in offset order per partition and should end at
// the live store's consumed offsets, so both reflect the same events. Then
// every unit figure, dossier and feedback state, open-dossier index, timer
// and offset must be equal; for alert lists the alerts firing now are
// compared (whether an alert fired and resolved again in between depends
// on when events arrived: a dossier resolved on time but replayed after its
// due time is overdue for a moment). Differences in timers that fell due in
// the last seconds are possible while the live service runs.
// Not thread-safe.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/core/clock.h"
#include "common/domain/dossier_rules.h"
#include "common/domain/feedback_rules.h"
#include "common/domain/unit_rules.h"
#include "common/events/event_log.h"
#include "common/store/key_layout.h"
#include "common/store/memory_state_store.h"
#include "prometheus/registry.h"
#include "services/rules/alert_outbox.h"
#include "services/rules/batch_processor.h"
#include "services/rules/rules_probe.h"
#include "services/rules/unit_evaluator.h"

namespace giamsat::rules {

struct ReplayReport {
  int64_t records = 0;
  size_t keys_compared = 0;
  // One line per difference: "<key>: <what differs>".
  std::vector<std::string> differences;
};

class Replay {
 public:
  Replay(store::KeyLayout layout, const core::Clock& clock,
         const domain::DossierRules& dossiers,
         const domain::FeedbackRules& feedback, const domain::UnitRules& units);

  // Applies inspection records with `rules` too (see BatchProcessor).
  void set_inspection_rules(const inspection::InspectionRules* rules) {
    processor_.set_inspection_rules(rules);
  }
  // Applies records (offset order within each partition).
  absl::Status Apply(const std::vector<events::InRecord>& records);
  // Fires every timer due by the clock's now and evaluates the unit rules
  // once, as the live service does between batches.
  absl::Status Finish();
  // Compares the recomputed state with `live`.
  absl::StatusOr<ReplayReport> CompareWith(store::StateStore& live);

  store::MemoryStateStore& state() { return state_; }

 private:
  const store::KeyLayout layout_;
  const core::Clock& clock_;
  const domain::UnitRules& unit_rules_;
  store::MemoryStateStore state_;
  prometheus::Registry registry_;
  RulesProbe probe_;
  AlertOutbox outbox_;
  BatchProcessor processor_;
  std::vector<events::TopicPartition> seen_;
  int64_t records_ = 0;
};

// Writes the summary line ("replayed N records of P partitions up to the
// live offsets; compared K keys: D differences") and at most `show`
// differences to `out`; returns the exit code of a replay command (0 equal,
// 1 differences).
int WriteReplayReport(const ReplayReport& report, size_t partitions, int show,
                      std::ostream& out);

}  // namespace giamsat::rules
