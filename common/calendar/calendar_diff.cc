#include "common/calendar/calendar_diff.h"

#include <algorithm>

#include "common/calendar/vietnam_time.h"

namespace giamsat::calendar {
namespace {

std::optional<DayState> StateOf(const Calendar& cal, absl::CivilDay day) {
  absl::StatusOr<DayInfo> info = cal.Day(day);
  if (!info.ok()) return std::nullopt;
  DayState s;
  s.working = info->working;
  s.reason = info->reason;
  if (info->hours != nullptr) s.hours = info->hours->ToString();
  if (info->entry != nullptr) {
    s.name_vi = info->entry->name_vi;
    s.name_en = info->entry->name_en;
  }
  s.provisional = info->provisional;
  return s;
}

}  // namespace

std::optional<absl::CivilDay> CalendarDiff::FirstArithmeticChange() const {
  if (arithmetic_days_.empty()) return std::nullopt;
  return arithmetic_days_.front();
}

bool CalendarDiff::Touches(absl::CivilDay from, absl::CivilDay to) const {
  auto it =
      std::lower_bound(arithmetic_days_.begin(), arithmetic_days_.end(), from);
  return it != arithmetic_days_.end() && *it <= to;
}

bool CalendarDiff::Touches(const Deadline& deadline) const {
  return Touches(VietnamDay(deadline.accepted), VietnamDay(deadline.due));
}

CalendarDiff DiffCalendars(const Calendar& from, const Calendar& to) {
  CalendarDiff diff;
  diff.from_id = from.id();
  diff.to_id = to.id();
  diff.from_fingerprint = from.fingerprint();
  diff.to_fingerprint = to.fingerprint();
  const absl::CivilDay first = std::min(from.first_day(), to.first_day());
  const absl::CivilDay last = std::max(from.last_day(), to.last_day());
  for (absl::CivilDay d = first; d <= last; ++d) {
    std::optional<DayState> before = StateOf(from, d);
    std::optional<DayState> after = StateOf(to, d);
    if (before == after) continue;
    DayChange change{d, before, after, false};
    change.affects_arithmetic = !before.has_value() || !after.has_value() ||
                                before->working != after->working ||
                                before->hours != after->hours;
    if (change.affects_arithmetic) diff.arithmetic_days_.push_back(d);
    diff.changes.push_back(std::move(change));
  }
  return diff;
}

absl::StatusOr<Recalculation> RecalculateDeadline(
    const Calendar& from, const Calendar& to, const DeadlineRequest& request) {
  absl::StatusOr<Deadline> before = DueTime(from, request);
  if (!before.ok()) return before.status();
  absl::StatusOr<Deadline> after = DueTime(to, request);
  if (!after.ok()) return after.status();
  return Recalculation{*before, *after, before->due != after->due};
}

}  // namespace giamsat::calendar
