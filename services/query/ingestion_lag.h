// Ingestion lag (query.proto IngestionLag): how far the figures may be
// behind the event log, from the progress giamsat-rules reports per
// partition (giamsat.v1.PartitionProgress, KeyLayout::IngestProgress).
// ComputeIngestionLag is pure; LagReader reads the reports, keeping them for
// a short time so that a busy service does not read them on every call (the
// lag itself is computed at each call's now). LagReader is thread-safe.
// Errors: the store's (Unavailable); a report that cannot be parsed is
// skipped and counted as unknown (seconds unset).
#pragma once

#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/core/clock.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"
#include "giamsat/v1/query.pb.h"
#include "giamsat/v1/state.pb.h"

namespace giamsat::query {

// events: the sum of end - next over the partitions (never negative);
// seconds: now - the oldest covered_until, not known when a partition's is
// unknown or nothing was reported; reported_at: the oldest report.
v1::IngestionLag ComputeIngestionLag(
    const std::vector<v1::PartitionProgress>& partitions, bool complete,
    absl::Time now);

class LagReader {
 public:
  LagReader(store::StateStore& store, store::KeyLayout layout,
            const core::Clock& clock,
            absl::Duration keep = absl::Milliseconds(250))
      : store_(store), layout_(std::move(layout)), clock_(clock), keep_(keep) {}

  absl::StatusOr<v1::IngestionLag> Current();

 private:
  store::StateStore& store_;
  const store::KeyLayout layout_;
  const core::Clock& clock_;
  const absl::Duration keep_;
  absl::Mutex mu_;
  absl::Time read_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  std::vector<v1::PartitionProgress> partitions_ ABSL_GUARDED_BY(mu_);
  bool complete_ ABSL_GUARDED_BY(mu_) = true;
};

}  // namespace giamsat::query
