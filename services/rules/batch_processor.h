// BatchProcessor: turns a batch of consumed records into one atomic state
// store commit (dossier states, unit figures, watermarks and the consumed
// offsets), the heart of effectively-once processing.
//
// Records below a partition's stored offset were applied before and are
// skipped; an event id a dossier already applied is skipped too. When a
// commit fails nothing of the batch is kept in memory, so the caller can
// seek back to the stored offsets and process again. Not thread-safe: the
// consumer thread owns it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/core/clock.h"
#include "common/events/event_log.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"
#include "giamsat/v1/state.pb.h"
#include "services/rules/rules_probe.h"

namespace giamsat::rules {

class BatchProcessor {
 public:
  BatchProcessor(store::StateStore& store, store::KeyLayout layout,
                 const core::Clock& clock, RulesProbe& probe);

  // Processes `records` (any partitions, offset order within each).
  absl::Status Process(const std::vector<events::InRecord>& records);

  // The partitions owned changed: forget everything cached.
  void OnAssignment(const std::vector<events::TopicPartition>& owned);

  const std::vector<events::TopicPartition>& owned() const { return owned_; }

  // The stored next offset of `tp` (nullopt: from the beginning).
  absl::StatusOr<std::optional<int64_t>> StoredOffset(
      const events::TopicPartition& tp);

 private:
  absl::StatusOr<v1::DossierState*> LoadDossier(
      const std::string& dossier_id,
      std::map<std::string, v1::DossierState>& pending);

  store::StateStore& store_;
  const store::KeyLayout layout_;
  const core::Clock& clock_;
  RulesProbe& probe_;
  // Committed state, as stored (cache of the store for owned partitions).
  std::map<std::string, v1::DossierState> dossiers_;
  std::map<std::pair<std::string, int32_t>, int64_t> offsets_;
  std::vector<events::TopicPartition> owned_;
};

}  // namespace giamsat::rules
