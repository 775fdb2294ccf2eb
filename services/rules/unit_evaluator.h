// UnitEvaluator: evaluates the unit rules (common/domain/unit_rules.h) over
// the per-unit figures in the state store and commits the transitions
// atomically: the firing set, the unit's alert list and counts, and the
// alert outbox (so the alerts reach the alerts topic at least once).
//
// Unit figures span every partition, so one instance evaluates them: the
// one that owns the leader partition (partition 0 of the dossier topic).
// Given the leader partition's fence (BatchProcessor::FenceOf), its commits
// require it, so a former owner that has not yet learnt it lost the
// partition cannot count a transition the new owner also counts; stable
// alert ids make a second evaluation harmless for consumers. Runs on the
// injected clock. Not thread-safe: the consumer
// thread owns it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/core/clock.h"
#include "common/domain/unit_rules.h"
#include "common/events/event_log.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"
#include "services/rules/alert_outbox.h"

namespace giamsat::rules {

class UnitEvaluator {
 public:
  UnitEvaluator(store::StateStore& store, store::KeyLayout layout,
                const core::Clock& clock, const domain::UnitRules& rules,
                AlertOutbox& outbox, events::TopicPartition leader)
      : store_(store),
        layout_(std::move(layout)),
        clock_(clock),
        rules_(rules),
        outbox_(outbox),
        leader_(std::move(leader)) {}

  // Evaluates every unit when `owned` holds the leader partition and the
  // configured interval has passed since the last evaluation.
  // `leader_fence`: the fence this instance holds on the leader partition,
  // required by the commit (none: no check).
  absl::Status MaybeRun(const std::vector<events::TopicPartition>& owned,
                        std::optional<int64_t> leader_fence = std::nullopt);
  // Evaluates every unit now; the number of transitions committed.
  absl::StatusOr<size_t> RunNow(
      std::optional<int64_t> leader_fence = std::nullopt);
  const events::TopicPartition& leader() const { return leader_; }

 private:
  absl::StatusOr<domain::UnitFigures> ReadFigures(const std::string& unit,
                                                  absl::CivilDay today);

  store::StateStore& store_;
  const store::KeyLayout layout_;
  const core::Clock& clock_;
  const domain::UnitRules& rules_;
  AlertOutbox& outbox_;
  const events::TopicPartition leader_;
  absl::Time last_run_ = absl::InfinitePast();
};

}  // namespace giamsat::rules
