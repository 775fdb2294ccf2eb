// Contract (internal to common/calendar): maps an instant or a civil day to a
// position in a Calendar's day table, with the library's uniform errors
// (InvalidArgument for infinite instants, OutOfRange outside coverage).
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/calendar/calendar.h"
#include "common/calendar/internal/day_table.h"

namespace giamsat::calendar::internal {

absl::StatusOr<TablePosition> Locate(const Calendar& cal, absl::Time t,
                                     absl::string_view what);
absl::StatusOr<int64_t> LocateDay(const Calendar& cal, absl::CivilDay day,
                                  absl::string_view what);
// OutOfRange for the day just past the calendar's coverage.
absl::Status PastEnd(const Calendar& cal, absl::string_view what);
absl::Status BeforeStart(const Calendar& cal, absl::string_view what);

}  // namespace giamsat::calendar::internal
