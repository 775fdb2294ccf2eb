// AlertReader: ListAlerts from the unit's alert hash (alert id -> latest
// serialized giamsat.v1.Alert), filtered by state and severity, ordered by
// alert id, paginated with keyset page tokens. Thread-safe.
// Errors: InvalidArgument naming the field, DataLoss for a stored alert that
// cannot be parsed, Unavailable when the store cannot be reached.
#pragma once

#include "absl/status/statusor.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"
#include "giamsat/v1/query.pb.h"
#include "services/query/unit_lister.h"

namespace giamsat::query {

class AlertReader {
 public:
  AlertReader(store::StateStore& store, store::KeyLayout layout,
              PageLimits limits)
      : store_(store), layout_(std::move(layout)), limits_(limits) {}

  absl::StatusOr<v1::ListAlertsResponse> List(
      const v1::ListAlertsRequest& request, int64_t watermark_ms);

 private:
  store::StateStore& store_;
  const store::KeyLayout layout_;
  const PageLimits limits_;
};

}  // namespace giamsat::query
