// Contract: a deliberately naive reference for tests and benchmarks only:
// resolves the calendar data with plain std::set logic (independently of
// Calendar's table) and computes deadlines and working time by walking
// minute by minute. Inputs must be minute-aligned. Not thread-safe (it
// caches the current day). Never use in services.
#pragma once

#include <algorithm>
#include <cstdint>
#include <set>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/calendar/calendar_spec.h"
#include "common/calendar/deadline.h"
#include "common/calendar/office_hours.h"
#include "common/calendar/start_policy.h"
#include "common/calendar/vietnam_time.h"

namespace giamsat::calendar::testing {

class NaiveCalendar {
 public:
  explicit NaiveCalendar(const CalendarSpec& spec,
                         const std::vector<CalendarOverride>& overrides = {})
      : week_(spec.working_week), hours_(spec.office_hours) {
    for (const YearSpec& y : spec.years) {
      for (const OffEntry& e : y.off) {
        for (absl::CivilDay d = e.first; d <= e.last; ++d) off_.insert(d);
      }
      for (const WorkedEntry& e : y.worked) worked_.insert(e.day);
    }
    for (const CalendarOverride& o : overrides) {
      if (o.office_hours.has_value()) hours_ = *o.office_hours;
      for (const YearOverride& y : o.years) {
        for (absl::CivilDay d : y.remove_off) off_.erase(d);
        for (absl::CivilDay d : y.remove_worked) worked_.erase(d);
        for (const OffEntry& e : y.add_off) {
          for (absl::CivilDay d = e.first; d <= e.last; ++d) off_.insert(d);
        }
        for (const WorkedEntry& e : y.add_worked) worked_.insert(e.day);
      }
    }
  }

  NaiveCalendar(const NaiveCalendar&) = delete;
  NaiveCalendar& operator=(const NaiveCalendar&) = delete;

  bool IsWorkingDay(absl::CivilDay d) const {
    if (worked_.contains(d)) return true;
    if (off_.contains(d)) return false;
    for (absl::Weekday w : week_) {
      if (absl::GetWeekday(d) == w) return true;
    }
    return false;
  }

  // True when the minute starting at `m` lies in office hours of a working
  // day. Caches the day's status: recomputed only when the day changes.
  bool IsWorkingMinute(absl::CivilMinute m) const {
    const absl::CivilDay day(m);
    if (day != cached_day_) {
      cached_day_ = day;
      cached_working_ = IsWorkingDay(day);
      cached_hours_ = &hours_.For(day);
    }
    if (!cached_working_) return false;
    const int64_t second = (m - absl::CivilMinute(day)) * 60;
    for (const OfficeSegment& s : cached_hours_->segments()) {
      if (second >= s.open_second && second < s.close_second) return true;
    }
    return false;
  }

  absl::Time DueTime(absl::Time accepted, Limit limit, CountingMode mode,
                     const StartPolicy& policy) const {
    const absl::CivilMinute start(ToVietnamCivil(accepted));
    if (mode == CountingMode::kDays) {
      // Walk minutes from the day after acceptance (or from acceptance for a
      // same-day limit); a day counts when its first working minute is met.
      absl::CivilMinute m = limit.days() == 0
                                ? start
                                : absl::CivilMinute(absl::CivilDay(start) + 1);
      absl::CivilDay counted_day(1, 1, 1);
      for (int64_t counted = 0; counted < std::max<int64_t>(limit.days(), 1);
           ++m) {
        if (IsWorkingMinute(m) && absl::CivilDay(m) != counted_day) {
          counted_day = absl::CivilDay(m);
          ++counted;
        }
      }
      // Close of business: the end of that day's last working minute.
      absl::CivilMinute close = m;
      for (; absl::CivilDay(m) == counted_day; ++m) {
        if (IsWorkingMinute(m)) close = m + 1;
      }
      return FromVietnamCivil(absl::CivilSecond(close));
    }
    absl::CivilMinute m = start;
    const int64_t minute_of_day =
        start - absl::CivilMinute(absl::CivilDay(start));
    if (policy.late_day_policy == LateDayPolicy::kNextWorkingDay &&
        IsWorkingDay(absl::CivilDay(start)) &&
        absl::Minutes(minute_of_day) > policy.cutoff) {
      m = absl::CivilMinute(absl::CivilDay(start) + 1);
    }
    while (!IsWorkingMinute(m)) ++m;
    const int64_t minutes =
        limit.in_days() ? limit.days() * hours_.standard.working_nanos() /
                              kNanosPerSecond / 60
                        : absl::ToInt64Minutes(limit.duration());
    for (int64_t counted = 0; counted < minutes; ++m) {
      if (IsWorkingMinute(m)) ++counted;
    }
    // m is one past the last counted minute, i.e. the end of that minute.
    return FromVietnamCivil(absl::CivilSecond(m));
  }

  absl::Duration WorkingTimeBetween(absl::Time a, absl::Time b) const {
    const bool negative = b < a;
    absl::CivilMinute m(ToVietnamCivil(negative ? b : a));
    const absl::CivilMinute end(ToVietnamCivil(negative ? a : b));
    int64_t minutes = 0;
    for (; m < end; ++m) {
      if (IsWorkingMinute(m)) ++minutes;
    }
    return absl::Minutes(negative ? -minutes : minutes);
  }

 private:
  std::vector<absl::Weekday> week_;
  OfficeHours hours_;
  std::set<absl::CivilDay> off_;
  std::set<absl::CivilDay> worked_;
  mutable absl::CivilDay cached_day_{1, 1, 1};
  mutable bool cached_working_ = false;
  mutable const DaySchedule* cached_hours_ = nullptr;
};

}  // namespace giamsat::calendar::testing
