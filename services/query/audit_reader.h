// AuditReader: QueryService.ListAuditEntries, the escalation audit trail
// giamsat-escalator stores, read with the escalator's own reader
// (common/escalation/audit_trail.h): the entries of a unit (or of its
// subtree), optionally about one alert and from an instant on, oldest first,
// paginated with keyset page tokens. Thread-safe.
// Errors: InvalidArgument naming the field, DataLoss for a stored entry that
// cannot be parsed, Unavailable when the store cannot be reached.
#pragma once

#include "absl/status/statusor.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"
#include "giamsat/v1/query.pb.h"
#include "services/query/unit_lister.h"
#include "services/query/unit_tree.h"

namespace giamsat::query {

class AuditReader {
 public:
  AuditReader(store::StateStore& store, store::KeyLayout layout,
              const UnitTree& tree, PageLimits limits)
      : store_(store),
        layout_(std::move(layout)),
        tree_(tree),
        limits_(limits) {}

  absl::StatusOr<v1::ListAuditTrailResponse> List(
      const v1::ListAuditTrailRequest& request, int64_t watermark_ms);

 private:
  store::StateStore& store_;
  const store::KeyLayout layout_;
  const UnitTree& tree_;
  const PageLimits limits_;
};

}  // namespace giamsat::query
