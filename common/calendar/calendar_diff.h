// Contract: support for recomputing only what a calendar correction touches.
// DiffCalendars lists every civil day whose status differs between two
// calendar versions (working or not, reason, office hours, label, provisional
// flag), or that only one version covers. A deadline depends only on the days
// from its acceptance day to its due day, so it can change only if an
// arithmetic change (working status or office hours) falls in that window:
// Touches() is that exact filter, O(log changes). RecalculateDeadline gives
// the deadline under both versions and whether the due instant moved.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/calendar/calendar.h"
#include "common/calendar/deadline.h"

namespace giamsat::calendar {

struct DayState {
  bool working = false;
  DayReason reason = DayReason::kWorkingDay;
  std::string hours;  // office hours when working, else empty
  std::string name_vi;
  std::string name_en;
  bool provisional = false;

  friend bool operator==(const DayState&, const DayState&) = default;
};

struct DayChange {
  absl::CivilDay day;
  std::optional<DayState> before;  // nullopt: not covered by the old version
  std::optional<DayState> after;   // nullopt: not covered by the new version
  // Working status or office hours differ (labels alone do not count).
  bool affects_arithmetic = false;
};

struct CalendarDiff {
  std::string from_id;
  std::string to_id;
  uint64_t from_fingerprint = 0;
  uint64_t to_fingerprint = 0;
  std::vector<DayChange> changes;  // sorted by day

  bool empty() const { return changes.empty(); }
  // First day whose change affects arithmetic.
  std::optional<absl::CivilDay> FirstArithmeticChange() const;
  // True if an arithmetic change lies in [from, to].
  bool Touches(absl::CivilDay from, absl::CivilDay to) const;
  // True if the deadline may change: an arithmetic change between its
  // acceptance day and its due day.
  bool Touches(const Deadline& deadline) const;

 private:
  friend CalendarDiff DiffCalendars(const Calendar&, const Calendar&);
  std::vector<absl::CivilDay> arithmetic_days_;  // sorted
};

CalendarDiff DiffCalendars(const Calendar& from, const Calendar& to);

struct Recalculation {
  Deadline before;
  Deadline after;
  bool due_changed = false;
};

// `before` under calendar `from`, `after` under `to`. Errors are those of
// DueTime under either version.
absl::StatusOr<Recalculation> RecalculateDeadline(
    const Calendar& from, const Calendar& to, const DeadlineRequest& request);

}  // namespace giamsat::calendar
