// SupervisionCollector: the per-unit supervision gauges, computed from the
// state store when Prometheus scrapes /metrics (so they are never staler
// than the scrape, and any number of query replicas report the same
// figures). Each gauge carries the unit id only (bounded by the number of
// units, never by dossiers):
//   giamsat_query_unit_open_dossiers{unit}            received, not resolved
//   giamsat_query_unit_open_overdue_dossiers{unit}    open and past due
//   giamsat_query_unit_month_resolved_dossiers{unit, timeliness}
//       resolved this month (Vietnam calendar), timeliness: early |
//       on_time | late
//   giamsat_query_unit_month_on_time_ratio{unit}      (early + on time) /
//       resolved this month, 0..1; absent while nothing was resolved
//   giamsat_query_unit_open_feedback_items{unit}      feedback not answered
//   giamsat_query_unit_open_overdue_feedback_items{unit}  of those, overdue
//   giamsat_query_unit_alerts_firing{unit, severity}  critical | warning |
//       info
//   giamsat_query_unit_decision_766_score{unit}  the Decision 766 index
//       score of the current month, 0..100 (rescaled over the applicable
//       indicators); absent while none applies
//   giamsat_query_unit_info{unit, parent, level}      1 per unit with
//       figures and per unit above one in the hierarchy (units_file), to
//       group and filter the gauges above by area and level
//   giamsat_query_supervision_collect_errors_total    scrapes whose figures
//       could not be read (the unit gauges are then left out)
// The units reported are those with figures in the store. A unit's own
// figures (no roll-up); sum by parent through giamsat_query_unit_info.
// Thread-safe (StatusReader is).
#pragma once

#include <atomic>
#include <set>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"
#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"
#include "services/query/status_reader.h"

namespace giamsat::query {

class SupervisionCollector : public prometheus::Collectable {
 public:
  SupervisionCollector(store::StateStore& store, store::KeyLayout layout,
                       StatusReader& reader)
      : store_(store), layout_(std::move(layout)), reader_(reader) {}

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  absl::Status CollectUnits(std::vector<prometheus::MetricFamily>& out) const;
  // The units of the last successful read and their ancestors.
  std::set<std::string> InfoUnits() const;

  store::StateStore& store_;
  const store::KeyLayout layout_;
  StatusReader& reader_;
  mutable std::atomic<int64_t> errors_{0};
  mutable absl::Mutex mu_;
  mutable std::vector<std::string> known_units_ ABSL_GUARDED_BY(mu_);
};

}  // namespace giamsat::query
