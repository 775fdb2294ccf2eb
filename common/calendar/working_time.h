// Contract: working-time arithmetic on a Calendar. Working time is the
// measure of the set W of working instants: the union, over working days, of
// their office-hour segments [open, close) in UTC+07:00. All functions are
// O(1), or O(log n) in the number of covered days when office hours vary by
// season; none loops over minutes or days. They return OutOfRange when an
// instant or a result falls outside the calendar's covered years, and
// InvalidArgument for infinite instants or negative durations.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/calendar/calendar.h"

namespace giamsat::calendar {

// Measure of W within [from, to); negative when to < from.
absl::StatusOr<absl::Duration> WorkingTimeBetween(const Calendar& cal,
                                                  absl::Time from,
                                                  absl::Time to);

// Earliest instant t with WorkingTimeBetween(start, t) == amount. Adding zero
// returns start itself. A result at a segment end is that end (e.g. 17:00,
// not 08:00 of the next working day).
absl::StatusOr<absl::Time> AddWorkingTime(const Calendar& cal, absl::Time start,
                                          absl::Duration amount);

// Latest instant s with WorkingTimeBetween(s, end) == amount; subtracting
// zero returns end itself. For a working instant s and amount > 0,
// SubtractWorkingTime(AddWorkingTime(s, amount), amount) == s.
absl::StatusOr<absl::Time> SubtractWorkingTime(const Calendar& cal,
                                               absl::Time end,
                                               absl::Duration amount);

// t itself when t is a working instant, else the next opening.
absl::StatusOr<absl::Time> NextWorkingInstant(const Calendar& cal,
                                              absl::Time t);
absl::StatusOr<bool> IsWorkingInstant(const Calendar& cal, absl::Time t);

// The n-th working day strictly after `day` (n >= 1).
absl::StatusOr<absl::CivilDay> NthWorkingDayAfter(const Calendar& cal,
                                                  absl::CivilDay day,
                                                  int64_t n);
// First working day on or after `day`.
absl::StatusOr<absl::CivilDay> WorkingDayOnOrAfter(const Calendar& cal,
                                                   absl::CivilDay day);
// Last working day strictly before `day`.
absl::StatusOr<absl::CivilDay> PreviousWorkingDay(const Calendar& cal,
                                                  absl::CivilDay day);
// Working days in (from, to] (0 when to <= from).
absl::StatusOr<int64_t> WorkingDaysAfterUntil(const Calendar& cal,
                                              absl::CivilDay from,
                                              absl::CivilDay to);

// Opening and close of business of a working day; FailedPrecondition when
// `day` is not a working day.
absl::StatusOr<absl::Time> OpeningOf(const Calendar& cal, absl::CivilDay day);
absl::StatusOr<absl::Time> CloseOfBusiness(const Calendar& cal,
                                           absl::CivilDay day);

}  // namespace giamsat::calendar
