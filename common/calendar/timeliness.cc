#include "common/calendar/timeliness.h"

#include "common/calendar/vietnam_time.h"
#include "common/calendar/working_time.h"

namespace giamsat::calendar {

absl::StatusOr<TimelinessVerdict> Classify(const Calendar& cal, absl::Time due,
                                           absl::Time finished) {
  TimelinessVerdict v;
  v.finished = finished;
  v.due = due;
  v.finished_day = VietnamDay(finished);
  v.due_day = VietnamDay(due);
  v.calendar_fingerprint = cal.fingerprint();
  if (v.finished_day < v.due_day) {
    v.verdict = Timeliness::kEarly;
    v.score = 2;
    absl::StatusOr<int64_t> days =
        WorkingDaysAfterUntil(cal, v.finished_day, v.due_day);
    if (!days.ok()) return days.status();
    v.working_days_early = *days;
  } else if (v.finished_day == v.due_day && finished <= due) {
    v.verdict = Timeliness::kOnTime;
    v.score = 1;
  } else {
    v.verdict = Timeliness::kLate;
    v.score = 0;
    absl::StatusOr<absl::Duration> late =
        WorkingTimeBetween(cal, due, finished);
    if (!late.ok()) return late.status();
    v.late_by_working_time = *late;
    absl::StatusOr<int64_t> days =
        WorkingDaysAfterUntil(cal, v.due_day, v.finished_day);
    if (!days.ok()) return days.status();
    v.working_days_late = *days;
  }
  return v;
}

absl::StatusOr<TimelinessVerdict> Classify(const Calendar& cal,
                                           const Deadline& deadline,
                                           absl::Time finished) {
  return Classify(cal, deadline.due, finished);
}

absl::StatusOr<OpenAssessment> AssessOpen(const Calendar& cal,
                                          const Deadline& deadline,
                                          absl::Time now,
                                          const DueSoonPolicy& policy) {
  absl::StatusOr<absl::Duration> remaining =
      WorkingTimeBetween(cal, now, deadline.due);
  if (!remaining.ok()) return remaining.status();
  OpenAssessment a;
  a.remaining = *remaining;
  if (deadline.total_working_time > absl::ZeroDuration()) {
    a.fraction_remaining =
        absl::FDivDuration(a.remaining, deadline.total_working_time);
  }
  if (now > deadline.due) {
    a.state = OpenState::kOverdue;
  } else if ((policy.remaining_below > absl::ZeroDuration() &&
              a.remaining < policy.remaining_below) ||
             (policy.fraction_below > 0 &&
              a.fraction_remaining < policy.fraction_below)) {
    a.state = OpenState::kDueSoon;
  } else {
    a.state = OpenState::kInTime;
  }
  return a;
}

absl::string_view TimelinessName(Timeliness t) {
  switch (t) {
    case Timeliness::kEarly:
      return "early";
    case Timeliness::kOnTime:
      return "on_time";
    case Timeliness::kLate:
      return "late";
  }
  return "unknown";
}

absl::string_view OpenStateName(OpenState s) {
  switch (s) {
    case OpenState::kInTime:
      return "in_time";
    case OpenState::kDueSoon:
      return "due_soon";
    case OpenState::kOverdue:
      return "overdue";
  }
  return "unknown";
}

}  // namespace giamsat::calendar
