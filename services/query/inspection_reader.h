// InspectionReader: the planning view (ListInspectionCandidates) from the
// state store alone. For every unit of the scope's subtree it reads the
// stock figures, the unit-rule alerts firing now, the unit's inspections
// and the day figures of the period, of the plan's year and of the windows
// around the unit's last conclusion (two pipelined round trips), then ranks
// with common/inspection/candidates.h.
// Thread-safe (the store is; the tree and config are immutable).
// Errors: InvalidArgument naming the request field, NotFound for a scope
// that is not in the unit hierarchy, Unavailable when the store cannot be
// reached, DataLoss for a stored record that cannot be parsed.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "common/core/clock.h"
#include "common/inspection/candidates.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"
#include "giamsat/v1/inspection.pb.h"
#include "services/query/unit_tree.h"

namespace giamsat::query {

class InspectionReader {
 public:
  InspectionReader(store::StateStore& store, store::KeyLayout layout,
                   const core::Clock& clock, const UnitTree& tree,
                   inspection::PlanningConfig config)
      : store_(store),
        layout_(std::move(layout)),
        clock_(clock),
        tree_(tree),
        config_(std::move(config)) {}

  // An empty period means the current month (Vietnam time).
  absl::StatusOr<v1::ListInspectionCandidatesResponse> List(
      const v1::ListInspectionCandidatesRequest& request);

  const UnitTree& tree() const { return tree_; }

 private:
  store::StateStore& store_;
  const store::KeyLayout layout_;
  const core::Clock& clock_;
  const UnitTree& tree_;
  const inspection::PlanningConfig config_;
};

}  // namespace giamsat::query
