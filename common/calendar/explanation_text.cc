#include "common/calendar/explanation_text.h"

#include <cstdint>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/calendar/office_hours.h"
#include "common/calendar/vietnam_time.h"

namespace giamsat::calendar {
namespace {

absl::string_view WeekdayVi(absl::Weekday w) {
  switch (w) {
    case absl::Weekday::monday:
      return "thứ Hai";
    case absl::Weekday::tuesday:
      return "thứ Ba";
    case absl::Weekday::wednesday:
      return "thứ Tư";
    case absl::Weekday::thursday:
      return "thứ Năm";
    case absl::Weekday::friday:
      return "thứ Sáu";
    case absl::Weekday::saturday:
      return "thứ Bảy";
    case absl::Weekday::sunday:
      return "Chủ nhật";
  }
  return "";
}

absl::string_view WeekdayEn(absl::Weekday w) {
  switch (w) {
    case absl::Weekday::monday:
      return "Mon";
    case absl::Weekday::tuesday:
      return "Tue";
    case absl::Weekday::wednesday:
      return "Wed";
    case absl::Weekday::thursday:
      return "Thu";
    case absl::Weekday::friday:
      return "Fri";
    case absl::Weekday::saturday:
      return "Sat";
    case absl::Weekday::sunday:
      return "Sun";
  }
  return "";
}

std::string DateDigits(absl::CivilDay day) {
  return absl::StrFormat("%02d/%02d/%04d", day.day(), day.month(), day.year());
}

std::string ClockOf(absl::Time t) {
  const absl::CivilSecond cs = ToVietnamCivil(t);
  return FormatTimeOfDay(cs - absl::CivilSecond(absl::CivilDay(cs)));
}

std::string CutoffText(const StartPolicy& p) {
  return FormatTimeOfDay(absl::ToInt64Seconds(p.cutoff));
}

// "A", "A và B", "A, B và C" ("and" for English).
std::string JoinList(const std::vector<std::string>& items,
                     absl::string_view last_sep) {
  if (items.size() <= 1) return absl::StrJoin(items, "");
  std::vector<std::string> head(items.begin(), items.end() - 1);
  return absl::StrCat(absl::StrJoin(head, ", "), last_sep, items.back());
}

// "Nghỉ bù X" -> "nghỉ bù X" when the listed name already states the reason
// `prefix` (lower-case); otherwise "<prefix>: <name>".
std::string ReasonWithName(absl::string_view prefix, const std::string& name) {
  std::string lowered = name;
  if (!lowered.empty()) lowered[0] = absl::ascii_tolower(lowered[0]);
  if (absl::StartsWith(lowered, prefix)) return lowered;
  return absl::StrCat(prefix, ": ", name);
}

std::string SkippedDayVi(const ExplainedDay& d) {
  std::string reason;
  switch (d.reason) {
    case DayReason::kHoliday:
      reason = d.in_working_week ? absl::StrCat("nghỉ lễ, tết: ", d.name_vi)
                                 : absl::StrCat("nghỉ cuối tuần; ", d.name_vi);
      break;
    case DayReason::kCompensatory:
      reason = ReasonWithName("nghỉ bù", d.name_vi);
      break;
    case DayReason::kSwapped:
      reason = ReasonWithName("nghỉ hoán đổi", d.name_vi);
      break;
    case DayReason::kOtherOff:
      reason = d.in_working_week ? absl::StrCat("ngày nghỉ: ", d.name_vi)
                                 : absl::StrCat("nghỉ cuối tuần; ", d.name_vi);
      break;
    default:
      reason = "nghỉ cuối tuần";
      break;
  }
  if (d.provisional) absl::StrAppend(&reason, " – tạm tính");
  return absl::StrCat(FormatDayVi(d.day), " (", reason, ")");
}

std::string SkippedDayEn(const ExplainedDay& d) {
  std::string reason;
  switch (d.reason) {
    case DayReason::kHoliday:
      reason = d.in_working_week ? absl::StrCat("public holiday: ", d.name_en)
                                 : absl::StrCat("weekend; ", d.name_en);
      break;
    case DayReason::kCompensatory:
      reason = ReasonWithName("compensatory day off", d.name_en);
      break;
    case DayReason::kSwapped:
      reason = ReasonWithName("swapped day off", d.name_en);
      break;
    case DayReason::kOtherOff:
      reason = d.in_working_week ? absl::StrCat("day off: ", d.name_en)
                                 : absl::StrCat("weekend; ", d.name_en);
      break;
    default:
      reason = "weekend";
      break;
  }
  if (d.provisional) absl::StrAppend(&reason, " – provisional");
  return absl::StrCat(FormatDayEn(d.day), " (", reason, ")");
}

std::string MakeupDayVi(const ExplainedDay& d) {
  std::string text = d.replaces.has_value()
                         ? absl::StrCat("làm bù cho ", FormatDayVi(*d.replaces))
                         : d.name_vi;
  if (d.provisional) absl::StrAppend(&text, " – tạm tính");
  return absl::StrCat(FormatDayVi(d.day), " (", text, ")");
}

std::string MakeupDayEn(const ExplainedDay& d) {
  std::string text =
      d.replaces.has_value()
          ? absl::StrCat("worked in exchange for ", FormatDayEn(*d.replaces))
          : d.name_en;
  if (d.provisional) absl::StrAppend(&text, " – provisional");
  return absl::StrCat(FormatDayEn(d.day), " (", text, ")");
}

std::string YearsVi(const std::vector<YearVersion>& years) {
  return absl::StrJoin(years, "; ", [](std::string* out, const YearVersion& y) {
    absl::StrAppend(out, "năm ", y.year, ": bản ", y.revision,
                    y.provisional ? ", tạm tính" : ", chính thức");
  });
}

std::string YearsEn(const std::vector<YearVersion>& years) {
  return absl::StrJoin(years, "; ", [](std::string* out, const YearVersion& y) {
    absl::StrAppend(out, y.year, ": revision ", y.revision,
                    y.provisional ? ", provisional" : ", official");
  });
}

std::string StartVi(const DeadlineExplanation& e) {
  const std::string start = FormatInstantVi(e.counting_start);
  switch (e.start_adjustment) {
    case StartAdjustment::kNone:
      return "bắt đầu tính ngay từ thời điểm tiếp nhận";
    case StartAdjustment::kBeforeOpening:
      return absl::StrCat("tiếp nhận trước giờ làm việc nên bắt đầu tính từ ",
                          start);
    case StartAdjustment::kBreak:
      return absl::StrCat("tiếp nhận trong giờ nghỉ trưa nên bắt đầu tính từ ",
                          start);
    case StartAdjustment::kAfterClosing:
      return absl::StrCat(
          "tiếp nhận sau giờ làm việc nên bắt đầu tính từ đầu ngày làm việc "
          "tiếp theo, ",
          start);
    case StartAdjustment::kNonWorkingDay:
      return absl::StrCat(
          "tiếp nhận vào ngày nghỉ nên bắt đầu tính từ đầu ngày làm việc "
          "tiếp theo, ",
          start);
    case StartAdjustment::kAfterCutoff:
      return absl::StrCat("tiếp nhận sau ", CutoffText(e.start_policy),
                          " (giờ chốt cuối ngày, Nghị định 61/2018/NĐ-CP, "
                          "Điều 18) nên bắt đầu tính từ đầu ngày làm việc "
                          "tiếp theo, ",
                          start);
    case StartAdjustment::kAcceptanceDayExcluded:
      return absl::StrCat(
          "ngày tiếp nhận không được tính, ngày làm việc đầu tiên được tính "
          "là ",
          FormatDayVi(VietnamDay(e.counting_start)));
  }
  return "";
}

std::string StartEn(const DeadlineExplanation& e) {
  const std::string start = FormatInstantEn(e.counting_start);
  switch (e.start_adjustment) {
    case StartAdjustment::kNone:
      return "the clock starts at acceptance";
    case StartAdjustment::kBeforeOpening:
      return absl::StrCat(
          "accepted before office hours, so the clock starts at ", start);
    case StartAdjustment::kBreak:
      return absl::StrCat(
          "accepted during the lunch break, so the clock starts at ", start);
    case StartAdjustment::kAfterClosing:
      return absl::StrCat(
          "accepted after office hours, so the clock starts at the opening of "
          "the next working day, ",
          start);
    case StartAdjustment::kNonWorkingDay:
      return absl::StrCat(
          "accepted on a day off, so the clock starts at the opening of the "
          "next working day, ",
          start);
    case StartAdjustment::kAfterCutoff:
      return absl::StrCat("accepted after the ", CutoffText(e.start_policy),
                          " late-day cut-off (Decree 61/2018/ND-CP art. 18), "
                          "so the clock starts at the opening of the next "
                          "working day, ",
                          start);
    case StartAdjustment::kAcceptanceDayExcluded:
      return absl::StrCat(
          "the acceptance day is not counted, so counting starts on ",
          FormatDayEn(VietnamDay(e.counting_start)));
  }
  return "";
}

std::string LimitVi(const DeadlineExplanation& e) {
  if (e.limit.in_days()) {
    return absl::StrCat(e.limit.days(), " ngày làm việc");
  }
  return absl::StrCat(FormatWorkingDurationVi(e.limit.duration()), " làm việc");
}

std::string LimitEn(const DeadlineExplanation& e) {
  if (e.limit.in_days()) {
    return absl::StrCat(e.limit.days(), " working day",
                        e.limit.days() == 1 ? "" : "s");
  }
  return absl::StrCat(FormatWorkingDurationEn(e.limit.duration()),
                      " of working time");
}

}  // namespace

std::string FormatDayVi(absl::CivilDay day) {
  return absl::StrCat(WeekdayVi(absl::GetWeekday(day)), " ", DateDigits(day));
}

std::string FormatDayEn(absl::CivilDay day) {
  return absl::StrCat(WeekdayEn(absl::GetWeekday(day)), " ", DateDigits(day));
}

std::string FormatInstantVi(absl::Time t) {
  return absl::StrCat(ClockOf(t), " ", FormatDayVi(VietnamDay(t)));
}

std::string FormatInstantEn(absl::Time t) {
  return absl::StrCat(FormatDayEn(VietnamDay(t)), " ", ClockOf(t));
}

std::string FormatWorkingDurationVi(absl::Duration d) {
  const int64_t minutes = absl::ToInt64Minutes(d);
  const int64_t hours = minutes / 60;
  const int64_t rest = minutes % 60;
  if (rest == 0) return absl::StrCat(hours, " giờ");
  if (hours == 0) return absl::StrCat(rest, " phút");
  return absl::StrCat(hours, " giờ ", rest, " phút");
}

std::string FormatWorkingDurationEn(absl::Duration d) {
  const int64_t minutes = absl::ToInt64Minutes(d);
  const int64_t hours = minutes / 60;
  const int64_t rest = minutes % 60;
  if (rest == 0) return absl::StrCat(hours, " h");
  if (hours == 0) return absl::StrCat(rest, " min");
  return absl::StrCat(hours, " h ", rest, " min");
}

std::string RenderVi(const DeadlineExplanation& e) {
  std::string out;
  if (e.mode == CountingMode::kDays && e.limit.days() == 0) {
    absl::StrAppend(&out,
                    "Thời hạn trong ngày (0 ngày làm việc): hạn là cuối giờ "
                    "làm việc của ngày có thời điểm làm việc đầu tiên kể từ "
                    "khi tiếp nhận. ");
  } else if (e.mode == CountingMode::kDays) {
    absl::StrAppend(
        &out, "Thời hạn ", LimitVi(e),
        ", tính theo ngày (Bộ luật Dân sự 2015, Điều 147–148: không tính ngày "
        "tiếp nhận; hạn là cuối giờ làm việc của ngày làm việc thứ ",
        e.limit.days(), " sau ngày tiếp nhận). ");
  } else {
    const std::string total = FormatWorkingDurationVi(e.total_working_time);
    absl::StrAppend(
        &out, "Thời hạn ", LimitVi(e), ", tính theo giờ làm việc (", total,
        e.limit.in_days()
            ? absl::StrCat(
                  " = ", e.limit.days(), " ngày × ",
                  FormatWorkingDurationVi(
                      e.limit.days() > 0 ? e.total_working_time / e.limit.days()
                                         : absl::ZeroDuration()))
            : "",
        " làm việc kể từ thời điểm bắt đầu, theo giờ hành chính ",
        e.office_hours, e.seasonal_hours ? " (có giờ theo mùa)" : "",
        ", không tính giờ nghỉ trưa và ngày nghỉ). ");
  }
  absl::StrAppend(&out, "Tiếp nhận lúc ", FormatInstantVi(e.accepted), "; ",
                  StartVi(e));
  if (e.cutoff_ignored_in_days_mode) {
    absl::StrAppend(&out, " (tiếp nhận sau ", CutoffText(e.start_policy),
                    " không làm thay đổi kết quả vì ngày tiếp nhận vốn không "
                    "được tính)");
  }
  absl::StrAppend(&out, ". ");
  if (e.skipped_days.empty()) {
    absl::StrAppend(&out, "Không có ngày nghỉ nào trong khoảng tính. ");
  } else {
    std::vector<std::string> days;
    for (const ExplainedDay& d : e.skipped_days)
      days.push_back(SkippedDayVi(d));
    absl::StrAppend(&out, "Không tính ", e.skipped_days.size(),
                    " ngày nghỉ: ", JoinList(days, " và "), ". ");
  }
  if (!e.makeup_days.empty()) {
    std::vector<std::string> days;
    for (const ExplainedDay& d : e.makeup_days) days.push_back(MakeupDayVi(d));
    absl::StrAppend(&out, "Có tính ", e.makeup_days.size(),
                    " ngày làm bù: ", JoinList(days, " và "), ". ");
  }
  absl::StrAppend(&out, "Hạn xử lý: ", FormatInstantVi(e.due), ". ");
  if (e.provisional) {
    absl::StrAppend(&out,
                    "Lưu ý: kết quả dựa trên dữ liệu lịch tạm tính, chưa có "
                    "văn bản chính thức; hạn có thể thay đổi. ");
  }
  absl::StrAppend(&out, "Lịch áp dụng: ", e.calendar_id, " (", YearsVi(e.years),
                  ")");
  if (!e.sources.empty()) {
    absl::StrAppend(&out, "; căn cứ: ", absl::StrJoin(e.sources, "; "));
  }
  absl::StrAppend(&out, ".");
  return out;
}

std::string RenderEn(const DeadlineExplanation& e) {
  std::string out;
  if (e.mode == CountingMode::kDays && e.limit.days() == 0) {
    absl::StrAppend(&out,
                    "Same-day limit (0 working days): due at close of "
                    "business of the day of the first working instant after "
                    "acceptance. ");
  } else if (e.mode == CountingMode::kDays) {
    absl::StrAppend(
        &out, "Limit of ", LimitEn(e),
        ", counted in days (Civil Code 2015, art. 147-148: the acceptance day "
        "is not counted; due at close of business of working day ",
        e.limit.days(), " after it). ");
  } else {
    const std::string total = FormatWorkingDurationEn(e.total_working_time);
    absl::StrAppend(
        &out, "Limit of ", LimitEn(e), ", counted in working hours (", total,
        e.limit.in_days()
            ? absl::StrCat(
                  " = ", e.limit.days(), " days × ",
                  FormatWorkingDurationEn(
                      e.limit.days() > 0 ? e.total_working_time / e.limit.days()
                                         : absl::ZeroDuration()))
            : "",
        " of working time from the start, during office hours ", e.office_hours,
        e.seasonal_hours ? " (seasonal hours apply)" : "",
        ", skipping the lunch break and days off). ");
  }
  absl::StrAppend(&out, "Accepted ", FormatInstantEn(e.accepted), "; ",
                  StartEn(e));
  if (e.cutoff_ignored_in_days_mode) {
    absl::StrAppend(&out, " (acceptance after ", CutoffText(e.start_policy),
                    " changes nothing, since the acceptance day is not "
                    "counted anyway)");
  }
  absl::StrAppend(&out, ". ");
  if (e.skipped_days.empty()) {
    absl::StrAppend(&out, "No day off falls in the period. ");
  } else {
    std::vector<std::string> days;
    for (const ExplainedDay& d : e.skipped_days)
      days.push_back(SkippedDayEn(d));
    absl::StrAppend(&out, "Skipped ", e.skipped_days.size(), " day",
                    e.skipped_days.size() == 1 ? "" : "s",
                    " off: ", JoinList(days, " and "), ". ");
  }
  if (!e.makeup_days.empty()) {
    std::vector<std::string> days;
    for (const ExplainedDay& d : e.makeup_days) days.push_back(MakeupDayEn(d));
    absl::StrAppend(&out, "Counted ", e.makeup_days.size(),
                    " make-up working day",
                    e.makeup_days.size() == 1 ? "" : "s", ": ",
                    JoinList(days, " and "), ". ");
  }
  absl::StrAppend(&out, "Due: ", FormatInstantEn(e.due), ". ");
  if (e.provisional) {
    absl::StrAppend(&out,
                    "Note: this relies on provisional calendar data not yet "
                    "officially published; the due time may change. ");
  }
  absl::StrAppend(&out, "Calendar: ", e.calendar_id, " (", YearsEn(e.years),
                  ")");
  if (!e.sources.empty()) {
    absl::StrAppend(&out, "; sources: ", absl::StrJoin(e.sources, "; "));
  }
  absl::StrAppend(&out, ".");
  return out;
}

std::string RenderVi(const TimelinessVerdict& v) {
  const std::string finished = FormatInstantVi(v.finished);
  const std::string due = FormatInstantVi(v.due);
  switch (v.verdict) {
    case Timeliness::kEarly:
      return absl::StrCat("Hoàn thành lúc ", finished, ", trước ngày hạn (hạn ",
                          due, "; sớm ", v.working_days_early,
                          " ngày làm việc): trước hạn, 2 điểm theo Thông tư "
                          "01/2018/TT-VPCP, Điều 13.");
    case Timeliness::kOnTime:
      return absl::StrCat("Hoàn thành lúc ", finished,
                          ", đúng ngày hạn và không muộn hơn hạn ", due,
                          ": đúng hạn, 1 điểm theo Thông tư 01/2018/TT-VPCP, "
                          "Điều 13.");
    case Timeliness::kLate: {
      std::string by =
          v.late_by_working_time > absl::ZeroDuration()
              ? absl::StrCat("muộn ",
                             FormatWorkingDurationVi(v.late_by_working_time),
                             " làm việc")
              : std::string("ngoài giờ làm việc");
      if (v.working_days_late > 0) {
        absl::StrAppend(&by, ", ", v.working_days_late,
                        " ngày làm việc sau ngày hạn");
      }
      return absl::StrCat("Hoàn thành lúc ", finished, ", sau hạn ", due, " (",
                          by,
                          "): trễ hạn, 0 điểm theo Thông tư 01/2018/TT-VPCP, "
                          "Điều 13.");
    }
  }
  return "";
}

std::string RenderEn(const TimelinessVerdict& v) {
  const std::string finished = FormatInstantEn(v.finished);
  const std::string due = FormatInstantEn(v.due);
  switch (v.verdict) {
    case Timeliness::kEarly:
      return absl::StrCat("Finished ", finished,
                          ", on a day before the due day (due ", due, "; ",
                          v.working_days_early, " working day",
                          v.working_days_early == 1 ? "" : "s",
                          " early): early, 2 points under Circular "
                          "01/2018/TT-VPCP art. 13.");
    case Timeliness::kOnTime:
      return absl::StrCat("Finished ", finished,
                          ", on the due day and not after the due time ", due,
                          ": on time, 1 point under Circular 01/2018/TT-VPCP "
                          "art. 13.");
    case Timeliness::kLate: {
      std::string by =
          v.late_by_working_time > absl::ZeroDuration()
              ? absl::StrCat(FormatWorkingDurationEn(v.late_by_working_time),
                             " of working time late")
              : std::string("outside office hours");
      if (v.working_days_late > 0) {
        absl::StrAppend(&by, ", ", v.working_days_late, " working day",
                        v.working_days_late == 1 ? "" : "s",
                        " after the due day");
      }
      return absl::StrCat("Finished ", finished, ", after the due time ", due,
                          " (", by,
                          "): late, 0 points under Circular 01/2018/TT-VPCP "
                          "art. 13.");
    }
  }
  return "";
}

}  // namespace giamsat::calendar
