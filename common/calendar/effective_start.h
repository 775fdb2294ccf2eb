// Contract: the instant from which a working-hours clock runs, given the
// acceptance instant and the late-day StartPolicy. The result is always a
// working instant (inside office hours on a working day):
//   - accepted strictly after the cut-off (default 15:00) on a working day,
//     with policy kNextWorkingDay: opening of the next working day;
//   - before opening: that day's opening; in a break (lunch): the next
//     segment; after closing or on a day off: the next working day's opening;
//   - otherwise the acceptance instant itself.
// O(1). OutOfRange outside the calendar's covered years.
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/calendar/calendar.h"
#include "common/calendar/start_policy.h"

namespace giamsat::calendar {

// Why the effective start differs from the acceptance instant.
enum class StartAdjustment {
  kNone,                  // accepted during office hours, before the cut-off
  kBeforeOpening,         // accepted before the day's opening
  kBreak,                 // accepted during a break (lunch)
  kAfterClosing,          // accepted after close of business
  kNonWorkingDay,         // accepted on a day off
  kAfterCutoff,           // accepted after the late-day cut-off
  kAcceptanceDayExcluded  // DAYS mode: counting starts the next working day
};

struct EffectiveStartResult {
  absl::Time start;
  StartAdjustment adjustment = StartAdjustment::kNone;
};

absl::StatusOr<EffectiveStartResult> EffectiveStart(const Calendar& cal,
                                                    absl::Time accepted,
                                                    const StartPolicy& policy);

absl::string_view StartAdjustmentName(StartAdjustment adjustment);

}  // namespace giamsat::calendar
