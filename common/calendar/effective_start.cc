#include "common/calendar/effective_start.h"

#include <optional>

#include "common/calendar/internal/locate.h"

namespace giamsat::calendar {

absl::StatusOr<EffectiveStartResult> EffectiveStart(const Calendar& cal,
                                                    absl::Time accepted,
                                                    const StartPolicy& policy) {
  absl::StatusOr<internal::TablePosition> p =
      internal::Locate(cal, accepted, "EffectiveStart");
  if (!p.ok()) return p.status();
  const internal::DayTable& table = cal.table();
  StartAdjustment adjustment = StartAdjustment::kNonWorkingDay;
  if (table.IsWorking(p->day)) {
    const DaySchedule& hours = table.ScheduleOf(p->day);
    const bool after_cutoff =
        policy.late_day_policy == LateDayPolicy::kNextWorkingDay &&
        p->nanos > absl::ToInt64Nanoseconds(policy.cutoff);
    std::optional<int64_t> next = hours.NextWorkingPosition(p->nanos);
    if (after_cutoff) {
      // A cut-off after close of business is reported as "after closing".
      adjustment = next.has_value() ? StartAdjustment::kAfterCutoff
                                    : StartAdjustment::kAfterClosing;
    } else if (next.has_value()) {
      if (*next == p->nanos) {
        return EffectiveStartResult{accepted, StartAdjustment::kNone};
      }
      return EffectiveStartResult{table.InstantAt(p->day, *next),
                                  *next == hours.open_nanos()
                                      ? StartAdjustment::kBeforeOpening
                                      : StartAdjustment::kBreak};
    } else {
      adjustment = StartAdjustment::kAfterClosing;
    }
  }
  const int32_t k = table.WorkingBefore(p->day + 1);
  if (k >= table.total_working_days()) {
    return internal::PastEnd(cal, "EffectiveStart");
  }
  const int64_t day = table.WorkingDayIndex(k);
  return EffectiveStartResult{
      table.InstantAt(day, table.ScheduleOf(day).open_nanos()), adjustment};
}

absl::string_view StartAdjustmentName(StartAdjustment adjustment) {
  switch (adjustment) {
    case StartAdjustment::kNone:
      return "none";
    case StartAdjustment::kBeforeOpening:
      return "before_opening";
    case StartAdjustment::kBreak:
      return "break";
    case StartAdjustment::kAfterClosing:
      return "after_closing";
    case StartAdjustment::kNonWorkingDay:
      return "non_working_day";
    case StartAdjustment::kAfterCutoff:
      return "after_cutoff";
    case StartAdjustment::kAcceptanceDayExcluded:
      return "acceptance_day_excluded";
  }
  return "unknown";
}

}  // namespace giamsat::calendar
