// Contract: renders explanations and verdicts as one readable paragraph in
// Vietnamese (Vi) or English (En). Pure formatting of the structured values;
// the wording names the legal rule, the start used and why, each skipped day
// with its reason, make-up days, the due instant and the calendar version.
// Dates are dd/mm/yyyy in UTC+07:00.
#pragma once

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/calendar/explanation.h"
#include "common/calendar/timeliness.h"

namespace giamsat::calendar {

std::string RenderVi(const DeadlineExplanation& e);
std::string RenderEn(const DeadlineExplanation& e);
std::string RenderVi(const TimelinessVerdict& v);
std::string RenderEn(const TimelinessVerdict& v);

// "thứ Sáu 24/04/2026" / "Fri 24/04/2026".
std::string FormatDayVi(absl::CivilDay day);
std::string FormatDayEn(absl::CivilDay day);
// "16:00 thứ Sáu 24/04/2026" / "Fri 24/04/2026 16:00".
std::string FormatInstantVi(absl::Time t);
std::string FormatInstantEn(absl::Time t);
// "24 giờ" / "2 giờ 30 phút"; "24 h" / "2 h 30 min".
std::string FormatWorkingDurationVi(absl::Duration d);
std::string FormatWorkingDurationEn(absl::Duration d);

}  // namespace giamsat::calendar
