// Contract: proposes a provisional public-sector year for a year whose
// schedule is not yet published, from the Labour Code 2019 art. 112 holidays
// and the lunar calendar (lunar_calendar.h). Every entry is provisional and
// cites the "computed" source key. Rules used (a proposal, not the law):
//   - 1 January; Tết: the day before mùng 1 and mùng 1 to mùng 4 (the 2026
//     pattern); Hùng Kings' day (10/3 lunar); 30 April; 1 May; 2 September
//     plus one adjacent day (Mon->Tue 3/9, Tue->Mon 1/9, Wed->Thu 3/9,
//     Thu->Fri 3/9, Fri->Thu 1/9, Sat->Fri 1/9, Sun->Mon 3/9);
//   - every statutory day falling on a Saturday or Sunday gives a
//     compensatory day on the next working-week day not already off
//     (art. 111(3)).
// No swapped days or worked Saturdays are proposed: those are decided by
// the Prime Minister each year.
#pragma once

#include <string>

#include "common/calendar/calendar_spec.h"

namespace giamsat::calendar {

inline constexpr char kComputedSourceKey[] = "computed-lunar";

// `source_key` is stored on every entry (default kComputedSourceKey).
YearSpec ProposePublicSectorYear(
    int year, const std::string& source_key = kComputedSourceKey);

}  // namespace giamsat::calendar
