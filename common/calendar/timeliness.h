// Contract: verdicts on a deadline (domain.md section 3, TT 01/2018 art. 13).
//   Classify: a finished item is kEarly if it ended on a civil day before the
//   due day, kOnTime if on the due day and not after the due instant, else
//   kLate. Scores 2/1/0.
//   AssessOpen: an open item is kOverdue strictly after the due instant,
//   kDueSoon when the remaining working time is below the threshold in hours
//   or below the given fraction of the limit's total working time, else
//   kInTime.
// Each verdict carries the figures that justify it (see explanation.h for the
// rendered text). O(1); OutOfRange outside the calendar's coverage.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/calendar/calendar.h"
#include "common/calendar/deadline.h"

namespace giamsat::calendar {

enum class Timeliness { kEarly, kOnTime, kLate };

struct TimelinessVerdict {
  Timeliness verdict = Timeliness::kOnTime;
  absl::Time finished;
  absl::Time due;
  absl::CivilDay finished_day;
  absl::CivilDay due_day;
  // kEarly: working days in (finished_day, due_day].
  int64_t working_days_early = 0;
  // kLate: working time in [due, finished) (may be zero when finished outside
  // office hours) and working days in (due_day, finished_day].
  absl::Duration late_by_working_time;
  int64_t working_days_late = 0;
  int score = 1;  // TT 01/2018: 2 early, 1 on time, 0 late
  uint64_t calendar_fingerprint = 0;
};

absl::StatusOr<TimelinessVerdict> Classify(const Calendar& cal, absl::Time due,
                                           absl::Time finished);
absl::StatusOr<TimelinessVerdict> Classify(const Calendar& cal,
                                           const Deadline& deadline,
                                           absl::Time finished);

// "Due soon" thresholds; either condition suffices. Defaults are [open] in
// domain.md: one working day (8 h) or a quarter of the limit (ServiceNow's
// 75% warning). Set a field to zero to disable it.
struct DueSoonPolicy {
  absl::Duration remaining_below = absl::Hours(8);
  double fraction_below = 0.25;
};

enum class OpenState { kInTime, kDueSoon, kOverdue };

struct OpenAssessment {
  OpenState state = OpenState::kInTime;
  // Working time left until due; negative (working time past due) once
  // overdue.
  absl::Duration remaining;
  // remaining / total working time of the limit (may exceed 1 before the
  // clock starts; 0 for a zero-length limit).
  double fraction_remaining = 0;
};

absl::StatusOr<OpenAssessment> AssessOpen(const Calendar& cal,
                                          const Deadline& deadline,
                                          absl::Time now,
                                          const DueSoonPolicy& policy = {});

absl::string_view TimelinessName(Timeliness t);  // "early" | "on_time" | "late"
absl::string_view OpenStateName(OpenState s);

}  // namespace giamsat::calendar
