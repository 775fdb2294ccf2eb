// BackfillMonthHashes: completes the month hashes (KeyLayout::UnitMonth) of
// a state store filled partly by a version of giamsat-rules without them,
// then moves the marker KeyLayout::MonthHashesFrom back, so that readers
// use month hashes for those months too (docs/state-layout.md).
//
// For each unit and each month before the marker that has day hashes
// (found with SCAN over KeyLayout::UnitDay keys), one Lua script sets the
// month hash to the field-wise sum of the month's day hashes: the script
// runs atomically in Redis, so a concurrent giamsat-rules commit (which
// increments a day hash and its month hash in one script) lands wholly
// before or after it, and the month hash stays the sum of its days. Then
// the marker is set to the earliest month found, when earlier than the one
// in force (never later). Idempotent: a second run finds nothing before
// the marker. giamsat-rules of a version with month hashes must have
// started once (it records the marker): FailedPrecondition otherwise.
// Errors: Unavailable when Redis cannot be reached; Internal on an
// unexpected reply.
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/redis/redis_connector.h"
#include "common/store/key_layout.h"

namespace giamsat::redis {

struct MonthBackfillReport {
  // The marker before and after the run.
  absl::CivilMonth marker_before;
  absl::CivilMonth marker_after;
  // Month hashes set from their day hashes.
  int months_filled = 0;
  // Day hashes summed.
  int days_summed = 0;
};

absl::StatusOr<MonthBackfillReport> BackfillMonthHashes(
    const RedisConnector& connector, const store::KeyLayout& layout);

}  // namespace giamsat::redis
