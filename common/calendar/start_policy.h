// Contract: the configurable late-day rule that decides when the clock of a
// dossier starts. Default: a dossier accepted after 15:00 on a working day
// starts at the opening of the next working day (ND 61/2018 art. 18 for paper
// transfer; whether it applies to every procedure's limit is an open question,
// hence configuration). Plain value type.
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace giamsat::calendar {

enum class LateDayPolicy {
  kNextWorkingDay,  // after the cut-off: start at next working day's opening
  kNoEffect,        // the cut-off is ignored
};

struct StartPolicy {
  // Local time of day; acceptance strictly after it is "late in the day".
  absl::Duration cutoff = absl::Hours(15);
  LateDayPolicy late_day_policy = LateDayPolicy::kNextWorkingDay;

  friend bool operator==(const StartPolicy&, const StartPolicy&) = default;
};

// "next_working_day" | "no_effect".
absl::StatusOr<LateDayPolicy> ParseLateDayPolicy(absl::string_view text);
absl::string_view LateDayPolicyName(LateDayPolicy policy);

}  // namespace giamsat::calendar
