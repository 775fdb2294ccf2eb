// Assigning every partition of some topics to the one consumer of a
// single-process log (the embedded log, the in-memory test log).
//
// AssignAllPartitions asks `start` where each partition of each topic starts
// (absent: the beginning, offset 0), then tells `on_assign` (if set) the
// partitions now owned, in topic order then partition order, and returns the
// read position of each. The first error of `start` is returned as is and
// `on_assign` is not called.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/events/event_log.h"

namespace giamsat::events {

// Next offset to read per (topic, partition).
using ReadPositions = std::map<std::pair<std::string, int32_t>, int64_t>;

absl::StatusOr<ReadPositions> AssignAllPartitions(
    const std::vector<std::string>& topics, int32_t partitions,
    const StartOffsetFn& start, const AssignmentFn& on_assign);

}  // namespace giamsat::events
