// ProgressReporter: how far giamsat-rules got on each partition it owns,
// for the query service's ingestion lag (query.proto IngestionLag). Writes a
// giamsat.v1.PartitionProgress per owned partition into the hash
// KeyLayout::IngestProgress (field "<topic>/<partition>") at most once per
// interval of the injected clock: the next offset to apply, the partition's
// end as the consumer last learnt it, and the log time the applied records
// cover (the report time when caught up, else the log time of the newest
// applied record). Not thread-safe: the consumer thread owns it.
// Errors: the store's (Unavailable) when the report cannot be written.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/core/clock.h"
#include "common/events/event_log.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"

namespace giamsat::rules {

class ProgressReporter {
 public:
  ProgressReporter(store::StateStore& store, store::KeyLayout layout,
                   const core::Clock& clock,
                   absl::Duration interval = absl::Seconds(1))
      : store_(store),
        layout_(std::move(layout)),
        clock_(clock),
        interval_(interval) {}

  // `records` were applied and committed.
  void Applied(const std::vector<events::InRecord>& records);

  // Writes the progress of every partition of `owned` when `interval` has
  // passed since the last write. `stored` gives the next offset of a
  // partition without an applied record since this process started.
  absl::Status MaybeReport(const std::vector<events::TopicPartition>& owned,
                           events::RecordSource& source,
                           const events::StartOffsetFn& stored);

 private:
  struct Position {
    int64_t next = 0;
    absl::Time log_time = absl::InfinitePast();
  };

  store::StateStore& store_;
  const store::KeyLayout layout_;
  const core::Clock& clock_;
  const absl::Duration interval_;
  absl::Time last_report_ = absl::InfinitePast();
  std::map<std::pair<std::string, int32_t>, Position> applied_;
};

}  // namespace giamsat::rules
