#include "common/calendar/year_proposal.h"

#include <algorithm>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/calendar/lunar_calendar.h"

namespace giamsat::calendar {
namespace {

bool IsWeekend(absl::CivilDay d) {
  const absl::Weekday w = absl::GetWeekday(d);
  return w == absl::Weekday::saturday || w == absl::Weekday::sunday;
}

struct Statutory {
  absl::CivilDay day;
  std::string name_vi;
  std::string name_en;
};

std::string DayMonth(absl::CivilDay d) {
  return absl::StrCat(d.day() < 10 ? "0" : "", d.day(), "/",
                      d.month() < 10 ? "0" : "", d.month());
}

absl::CivilDay AdjacentNationalDay(int year) {
  const absl::CivilDay national(year, 9, 2);
  switch (absl::GetWeekday(national)) {
    case absl::Weekday::tuesday:
    case absl::Weekday::friday:
    case absl::Weekday::saturday:
      return national - 1;
    default:
      return national + 1;
  }
}

}  // namespace

YearSpec ProposePublicSectorYear(int year, const std::string& source_key) {
  YearSpec spec;
  spec.year = year;
  spec.revision = "proposal";
  spec.provisional = true;
  spec.note =
      "Computed proposal (Labour Code 2019 art. 111-112 and the lunar "
      "calendar); replace with the published schedule.";

  std::vector<Statutory> statutory;
  statutory.push_back(
      {absl::CivilDay(year, 1, 1), "Tết Dương lịch", "New Year's Day"});
  const absl::CivilDay tet = LunarNewYear(year);
  for (int i = -1; i <= 3; ++i) {
    statutory.push_back(
        {tet + i, "Tết Nguyên đán (tạm tính theo âm lịch)",
         "Lunar New Year (Tết, computed from the lunar calendar)"});
  }
  statutory.push_back({HungKingsDay(year),
                       "Giỗ Tổ Hùng Vương (10/3 âm lịch, tạm tính)",
                       "Hùng Kings' Commemoration Day (10/3 lunar, computed)"});
  statutory.push_back({absl::CivilDay(year, 4, 30), "Ngày Chiến thắng (30/4)",
                       "Reunification Day (30 April)"});
  statutory.push_back({absl::CivilDay(year, 5, 1),
                       "Ngày Quốc tế Lao động (1/5)",
                       "International Workers' Day (1 May)"});
  statutory.push_back({absl::CivilDay(year, 9, 2), "Quốc khánh (2/9)",
                       "National Day (2 September)"});
  statutory.push_back({AdjacentNationalDay(year),
                       "Quốc khánh – ngày liền kề (tạm tính)",
                       "National Day – adjacent day (proposed)"});
  std::sort(
      statutory.begin(), statutory.end(),
      [](const Statutory& a, const Statutory& b) { return a.day < b.day; });

  std::set<absl::CivilDay> off;
  for (const Statutory& s : statutory) off.insert(s.day);
  for (const Statutory& s : statutory) {
    if (s.day.year() != year) continue;  // the day before Tết may be Dec 31
    spec.off.push_back(OffEntry{s.day, s.day, OffKind::kHoliday, s.name_vi,
                                s.name_en, source_key, true, ""});
  }
  // Compensatory days, in order, after each weekend holiday's block.
  for (const Statutory& s : statutory) {
    if (!IsWeekend(s.day)) continue;
    absl::CivilDay d = s.day + 1;
    while (IsWeekend(d) || off.contains(d)) ++d;
    off.insert(d);
    if (d.year() != year) continue;
    spec.off.push_back(OffEntry{
        d, d, OffKind::kCompensatory,
        absl::StrCat("Nghỉ bù ", s.name_vi, " (", DayMonth(s.day), ")"),
        absl::StrCat("Compensatory day off for ", s.name_en, " (",
                     DayMonth(s.day), ")"),
        source_key, true, ""});
  }
  std::sort(
      spec.off.begin(), spec.off.end(),
      [](const OffEntry& a, const OffEntry& b) { return a.first < b.first; });
  return spec;
}

}  // namespace giamsat::calendar
