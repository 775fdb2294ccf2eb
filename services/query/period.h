// Period resolution: turns a v1::Period (a month, a quarter, a year, or a
// from/to range of Vietnam calendar days) into an inclusive range of days.
// Pure; "today" comes from the caller's clock.
// Errors: InvalidArgument naming the field ("period.month: ...").
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "giamsat/v1/query.pb.h"

namespace giamsat::query {

// Longest period one request may cover, in days.
inline constexpr int kMaxPeriodDays = 3700;

struct ResolvedPeriod {
  // Unset: all time (the unit's totals).
  std::optional<absl::CivilDay> from;
  absl::CivilDay to;
  // The period as answered: from_date / to_date filled in.
  v1::Period echo;
};

absl::StatusOr<ResolvedPeriod> ResolvePeriod(const v1::Period& period,
                                             absl::CivilDay today);

}  // namespace giamsat::query
