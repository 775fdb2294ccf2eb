// Month hashes (KeyLayout::UnitMonth): giamsat-rules keeps, beside each
// unit's day hashes, the same flow figures per calendar month, so that a
// period of whole months is one read per month instead of one per day.
// A state store filled by a version without them has months whose month
// hashes are missing or partial: MarkMonthHashes records, once, the first
// month whose month hashes are complete (KeyLayout::MonthHashesFrom), and
// readers use month hashes from that month on only. On an empty store
// (nothing recorded yet) every month is complete ("0001-01"); otherwise the
// month after the current one (Vietnam time).
// Errors: the store's (Unavailable).
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/core/clock.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"

namespace giamsat::store {

// Sets the marker when absent; returns the marker in force.
absl::StatusOr<absl::CivilMonth> MarkMonthHashes(StateStore& store,
                                                 const KeyLayout& layout,
                                                 const core::Clock& clock);

// The marker (nullopt: not set, or unreadable: use no month hash).
absl::StatusOr<std::optional<absl::CivilMonth>> MonthHashesFrom(
    StateStore& store, const KeyLayout& layout);

}  // namespace giamsat::store
