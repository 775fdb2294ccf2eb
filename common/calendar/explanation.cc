#include "common/calendar/explanation.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/calendar/internal/locate.h"
#include "common/calendar/vietnam_time.h"

namespace giamsat::calendar {
namespace {

ExplainedDay MakeExplainedDay(const Calendar& cal, const DayInfo& info) {
  ExplainedDay out;
  out.day = info.day;
  out.reason = info.reason;
  out.in_working_week = info.in_working_week;
  out.provisional = info.provisional;
  if (info.entry != nullptr) {
    out.name_vi = info.entry->name_vi;
    out.name_en = info.entry->name_en;
    out.replaces = info.entry->replaces;
    auto it = cal.sources().find(info.entry->source);
    if (it != cal.sources().end()) out.source = it->second.title;
  }
  return out;
}

void AddSource(const std::string& title, std::vector<std::string>* sources) {
  if (title.empty()) return;
  if (std::find(sources->begin(), sources->end(), title) == sources->end()) {
    sources->push_back(title);
  }
}

}  // namespace

absl::StatusOr<DeadlineExplanation> ExplainDeadline(const Calendar& cal,
                                                    const Deadline& deadline) {
  if (deadline.calendar_fingerprint != cal.fingerprint()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "deadline was computed under another calendar version than ",
        cal.VersionLabel()));
  }
  DeadlineExplanation e;
  e.mode = deadline.mode;
  e.rule = deadline.rule;
  e.limit = deadline.limit;
  e.accepted = deadline.accepted;
  e.counting_start = deadline.counting_start;
  e.due = deadline.due;
  e.start_adjustment = deadline.start_adjustment;
  e.start_policy = deadline.start_policy;
  e.total_working_time = deadline.total_working_time;
  e.office_hours = cal.office_hours().standard.ToString();
  e.seasonal_hours = !cal.office_hours().seasonal.empty();
  e.calendar_id = cal.id();
  e.provisional = deadline.provisional;
  e.calendar_fingerprint = deadline.calendar_fingerprint;

  const absl::CivilSecond accepted_civil = ToVietnamCivil(deadline.accepted);
  if (deadline.mode == CountingMode::kDays &&
      deadline.start_policy.late_day_policy == LateDayPolicy::kNextWorkingDay) {
    const absl::Duration time_of_day = absl::Seconds(
        accepted_civil - absl::CivilSecond(absl::CivilDay(accepted_civil)));
    absl::StatusOr<bool> working =
        cal.IsWorkingDay(absl::CivilDay(accepted_civil));
    e.cutoff_ignored_in_days_mode =
        working.ok() && *working && time_of_day > deadline.start_policy.cutoff;
  }

  const absl::CivilDay first = absl::CivilDay(accepted_civil);
  const absl::CivilDay last = VietnamDay(deadline.due);
  const absl::CivilDay counting_first = VietnamDay(deadline.counting_start);
  absl::StatusOr<int64_t> from = internal::LocateDay(cal, first, "Explain");
  if (!from.ok()) return from.status();
  absl::StatusOr<int64_t> to = internal::LocateDay(cal, last, "Explain");
  if (!to.ok()) return to.status();
  for (int64_t i = *from; i <= *to; ++i) {
    const DayInfo info = cal.DayAtIndex(i);
    if (info.entry != nullptr &&
        (!info.working || info.day >= counting_first)) {
      auto it = cal.sources().find(info.entry->source);
      if (it != cal.sources().end()) AddSource(it->second.title, &e.sources);
    }
    if (!info.working) {
      e.skipped_days.push_back(MakeExplainedDay(cal, info));
    } else if (!info.in_working_week && info.day >= counting_first) {
      e.makeup_days.push_back(MakeExplainedDay(cal, info));
    }
  }
  for (int y = first.year(); y <= last.year(); ++y) {
    if (const YearVersion* v = cal.Year(y)) e.years.push_back(*v);
  }
  return e;
}

}  // namespace giamsat::calendar
