#include "common/calendar/start_policy.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace giamsat::calendar {

absl::StatusOr<LateDayPolicy> ParseLateDayPolicy(absl::string_view text) {
  if (text == "next_working_day") return LateDayPolicy::kNextWorkingDay;
  if (text == "no_effect") return LateDayPolicy::kNoEffect;
  return absl::InvalidArgumentError(
      absl::StrCat("late_day_policy '", text,
                   "' is not one of next_working_day, no_effect"));
}

absl::string_view LateDayPolicyName(LateDayPolicy policy) {
  switch (policy) {
    case LateDayPolicy::kNextWorkingDay:
      return "next_working_day";
    case LateDayPolicy::kNoEffect:
      return "no_effect";
  }
  return "unknown";
}

}  // namespace giamsat::calendar
