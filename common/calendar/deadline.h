// Contract: due time of a limit counted from an acceptance instant, in one of
// two explicit counting modes (domain.md section 3):
//   kDays  (Civil Code 2015 art. 147-148): the acceptance day is not counted;
//          due at close of business of the N-th working day after it. The
//          late-day cut-off has no effect in this mode (the acceptance day is
//          excluded anyway). N == 0 means close of business of the first
//          working instant's day.
//   kHours (one-stop software practice): N working hours, or N x the
//          standard day length (8 h) for a limit in days, added to the
//          effective start (see effective_start.h), walking office hours and
//          skipping breaks.
// DueTime is O(1) (O(log n) with seasonal hours) and allocation-free: the
// returned Deadline is the compact structured trace of the computation (mode,
// rule, start used and why it moved, calendar fingerprint, provisional flag);
// ExplainDeadline (explanation.h) expands it into skipped days and text.
// Errors: InvalidArgument for a bad request (negative limit, hours in DAYS
// mode), OutOfRange when the calendar does not cover the days needed.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/calendar/calendar.h"
#include "common/calendar/effective_start.h"
#include "common/calendar/start_policy.h"

namespace giamsat::calendar {

enum class CountingMode { kDays, kHours };

// A legal limit: whole working days, or a working duration (hours).
class Limit {
 public:
  static Limit WorkingDays(int64_t days) { return Limit(days, {}); }
  static Limit WorkingHours(int64_t hours) {
    return Limit(-1, absl::Hours(hours));
  }
  static Limit WorkingTime(absl::Duration d) { return Limit(-1, d); }

  bool in_days() const { return days_ >= 0; }
  int64_t days() const { return days_; }                 // when in_days()
  absl::Duration duration() const { return duration_; }  // when !in_days()

  friend bool operator==(const Limit&, const Limit&) = default;

 private:
  Limit(int64_t days, absl::Duration d) : days_(days), duration_(d) {}
  int64_t days_;
  absl::Duration duration_;
};

// The legal rule a deadline was computed under.
enum class DeadlineRule {
  kCivilCodeDays,  // BLDS 2015 art. 147-148
  kWorkingHours,   // N working hours from the effective start
};

struct DeadlineRequest {
  absl::Time accepted = {};
  Limit limit = Limit::WorkingDays(0);
  CountingMode mode = CountingMode::kDays;
  StartPolicy start_policy = {};
};

struct Deadline {
  absl::Time due;
  absl::Time accepted;
  // First instant the clock runs: DAYS: opening of the first counted day;
  // HOURS: the effective start.
  absl::Time counting_start;
  StartAdjustment start_adjustment = StartAdjustment::kNone;
  CountingMode mode = CountingMode::kDays;
  DeadlineRule rule = DeadlineRule::kCivilCodeDays;
  Limit limit = Limit::WorkingDays(0);
  StartPolicy start_policy;
  // Working time from counting_start to due (the limit's full length).
  absl::Duration total_working_time;
  uint64_t calendar_fingerprint = 0;
  // Some day between acceptance and due has provisional data.
  bool provisional = false;
};

absl::StatusOr<Deadline> DueTime(const Calendar& cal,
                                 const DeadlineRequest& request);
absl::StatusOr<Deadline> DueTime(const Calendar& cal, absl::Time accepted,
                                 Limit limit, CountingMode mode,
                                 const StartPolicy& policy = StartPolicy());

absl::string_view CountingModeName(CountingMode mode);  // "DAYS" | "HOURS"
absl::StatusOr<CountingMode> ParseCountingMode(absl::string_view text);

}  // namespace giamsat::calendar
