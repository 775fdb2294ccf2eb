#include "common/calendar/deadline.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/calendar/internal/locate.h"

namespace giamsat::calendar {
namespace {

using internal::DayTable;
using internal::TablePosition;

// Sanity bound on limits (about 270 years), which also rules out overflow.
constexpr int64_t kMaxLimitDays = 100'000;

absl::StatusOr<Deadline> DueInDays(const Calendar& cal,
                                   const DeadlineRequest& request,
                                   const TablePosition& accepted) {
  const DayTable& table = cal.table();
  Deadline d;
  d.accepted = request.accepted;
  d.mode = CountingMode::kDays;
  d.rule = DeadlineRule::kCivilCodeDays;
  d.limit = request.limit;
  d.start_policy = request.start_policy;
  d.calendar_fingerprint = cal.fingerprint();
  const int64_t n = request.limit.days();
  TablePosition start;  // counting start
  int64_t due_day;
  if (n == 0) {
    // Same-day limit: close of business of the first working instant's day.
    absl::StatusOr<EffectiveStartResult> first = EffectiveStart(
        cal, request.accepted,
        StartPolicy{.late_day_policy = LateDayPolicy::kNoEffect});
    if (!first.ok()) return first.status();
    d.counting_start = first->start;
    d.start_adjustment = first->adjustment;
    start = DayTable::Split(first->start);
    start.day -= table.first_epoch_day();
    due_day = start.day;
  } else {
    const int64_t first_k = table.WorkingBefore(accepted.day + 1);
    const int64_t due_k = first_k + n - 1;
    if (due_k >= table.total_working_days()) {
      return internal::PastEnd(cal, "DueTime");
    }
    start.day = table.WorkingDayIndex(static_cast<int32_t>(first_k));
    start.nanos = table.ScheduleOf(start.day).open_nanos();
    d.counting_start = table.InstantAt(start.day, start.nanos);
    d.start_adjustment = StartAdjustment::kAcceptanceDayExcluded;
    due_day = table.WorkingDayIndex(static_cast<int32_t>(due_k));
  }
  const int64_t close = table.ScheduleOf(due_day).close_nanos();
  d.due = table.InstantAt(due_day, close);
  d.total_working_time = absl::Nanoseconds(
      table.Prefix(due_day, close) - table.Prefix(start.day, start.nanos));
  d.provisional = table.ProvisionalBetween(accepted.day, due_day) > 0;
  return d;
}

absl::StatusOr<Deadline> DueInHours(const Calendar& cal,
                                    const DeadlineRequest& request,
                                    const TablePosition& accepted) {
  const DayTable& table = cal.table();
  absl::StatusOr<EffectiveStartResult> start =
      EffectiveStart(cal, request.accepted, request.start_policy);
  if (!start.ok()) return start.status();
  const int64_t amount =
      request.limit.in_days()
          ? request.limit.days() * cal.office_hours().standard.working_nanos()
          : absl::ToInt64Nanoseconds(request.limit.duration());
  const TablePosition s = DayTable::Split(start->start);
  const int64_t start_index = s.day - table.first_epoch_day();
  const int64_t prefix = table.Prefix(start_index, s.nanos);
  if (amount > table.total_working_nanos() - prefix) {
    return internal::PastEnd(cal, "DueTime");
  }
  Deadline d;
  d.accepted = request.accepted;
  d.counting_start = start->start;
  d.start_adjustment = start->adjustment;
  d.mode = CountingMode::kHours;
  d.rule = DeadlineRule::kWorkingHours;
  d.limit = request.limit;
  d.start_policy = request.start_policy;
  d.total_working_time = absl::Nanoseconds(amount);
  d.calendar_fingerprint = cal.fingerprint();
  int64_t due_day = start_index;
  if (amount == 0) {
    d.due = start->start;
  } else {
    const TablePosition end = table.EarliestWithPrefix(prefix + amount);
    d.due = table.InstantAt(end.day, end.nanos);
    due_day = end.day;
  }
  d.provisional = table.ProvisionalBetween(accepted.day, due_day) > 0;
  return d;
}

}  // namespace

absl::StatusOr<Deadline> DueTime(const Calendar& cal,
                                 const DeadlineRequest& request) {
  const Limit& limit = request.limit;
  if ((limit.in_days() && limit.days() < 0) ||
      (!limit.in_days() && limit.duration() < absl::ZeroDuration())) {
    return absl::InvalidArgumentError("DueTime: negative limit");
  }
  if ((limit.in_days() && limit.days() > kMaxLimitDays) ||
      (!limit.in_days() &&
       limit.duration() > absl::Hours(24 * kMaxLimitDays))) {
    return absl::InvalidArgumentError(
        absl::StrCat("DueTime: limit longer than ", kMaxLimitDays, " days"));
  }
  if (request.mode == CountingMode::kDays && !limit.in_days()) {
    return absl::InvalidArgumentError(
        "DueTime: DAYS mode counts whole working days; use HOURS mode for a "
        "limit in hours");
  }
  absl::StatusOr<internal::TablePosition> accepted =
      internal::Locate(cal, request.accepted, "DueTime");
  if (!accepted.ok()) return accepted.status();
  return request.mode == CountingMode::kDays
             ? DueInDays(cal, request, *accepted)
             : DueInHours(cal, request, *accepted);
}

absl::StatusOr<Deadline> DueTime(const Calendar& cal, absl::Time accepted,
                                 Limit limit, CountingMode mode,
                                 const StartPolicy& policy) {
  return DueTime(cal, DeadlineRequest{accepted, limit, mode, policy});
}

absl::string_view CountingModeName(CountingMode mode) {
  return mode == CountingMode::kDays ? "DAYS" : "HOURS";
}

absl::StatusOr<CountingMode> ParseCountingMode(absl::string_view text) {
  if (text == "DAYS" || text == "days") return CountingMode::kDays;
  if (text == "HOURS" || text == "hours") return CountingMode::kHours;
  return absl::InvalidArgumentError(
      absl::StrCat("counting mode '", text, "' is not DAYS or HOURS"));
}

}  // namespace giamsat::calendar
