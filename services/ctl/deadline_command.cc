#include "services/ctl/deadline_command.h"

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/calendar/calendar.h"
#include "common/calendar/calendar_loader.h"
#include "common/calendar/deadline.h"
#include "common/calendar/explanation.h"
#include "common/calendar/explanation_text.h"
#include "common/calendar/office_hours.h"
#include "common/calendar/start_policy.h"
#include "common/calendar/timeliness.h"
#include "common/calendar/vietnam_time.h"
#include "common/domain/dossier_rules.h"

namespace giamsat::ctl {
namespace {

constexpr char kUsagePrefix[] = "giamsatctl deadline: ";

struct Pause {
  absl::Time from;
  absl::Time to;
};

struct Languages {
  bool vi = true;
  bool en = true;
};

// RFC 3339 with an offset, or a local Vietnam time without one.
absl::StatusOr<absl::Time> ParseInstant(absl::string_view text,
                                        absl::string_view what) {
  const std::string s(absl::StripAsciiWhitespace(text));
  absl::Time t;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, s, &t, &error)) return t;
  for (const char* format : {"%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
                             "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"}) {
    if (absl::ParseTime(format, s, core::VietnamZone(), &t, &error)) {
      return t;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat(
      what, " '", s,
      "' is not a time like 2026-04-24T16:00:00+07:00 (RFC 3339; without an "
      "offset it is read as Vietnam time)"));
}

std::string Iso(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", t, core::VietnamZone());
}

// Calendar (not working) time, "4 ngày 19 giờ" / "4 d 19 h".
std::string CalendarDurationVi(absl::Duration d) {
  const int64_t minutes = absl::ToInt64Minutes(d);
  std::string s;
  if (minutes / 1440 > 0) absl::StrAppend(&s, minutes / 1440, " ngày ");
  if (minutes / 60 % 24 > 0) absl::StrAppend(&s, minutes / 60 % 24, " giờ ");
  if (minutes % 60 > 0 || s.empty()) {
    absl::StrAppend(&s, minutes % 60, " phút ");
  }
  s.pop_back();
  return s;
}

std::string CalendarDurationEn(absl::Duration d) {
  const int64_t minutes = absl::ToInt64Minutes(d);
  std::string s;
  if (minutes / 1440 > 0) absl::StrAppend(&s, minutes / 1440, " d ");
  if (minutes / 60 % 24 > 0) absl::StrAppend(&s, minutes / 60 % 24, " h ");
  if (minutes % 60 > 0 || s.empty()) absl::StrAppend(&s, minutes % 60, " min ");
  s.pop_back();
  return s;
}

std::string JsonQuote(absl::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", static_cast<int>(c));
        } else {
          out += c;
        }
    }
  }
  out += "\"";
  return out;
}

// {"vi": ..., "en": ...} with the requested languages.
std::string JsonTexts(const Languages& lang, absl::string_view vi,
                      absl::string_view en) {
  std::string out = "{";
  if (lang.vi) absl::StrAppend(&out, "\"vi\":", JsonQuote(vi));
  if (lang.vi && lang.en) out += ",";
  if (lang.en) absl::StrAppend(&out, "\"en\":", JsonQuote(en));
  out += "}";
  return out;
}

std::string JsonDeadline(const calendar::Deadline& d,
                         const calendar::DeadlineExplanation& e,
                         const Languages& lang) {
  std::string out = absl::StrCat(
      "{\"due\":", JsonQuote(Iso(d.due)),
      ",\"accepted\":", JsonQuote(Iso(d.accepted)),
      ",\"countingStart\":", JsonQuote(Iso(d.counting_start)),
      ",\"startAdjustment\":",
      JsonQuote(calendar::StartAdjustmentName(d.start_adjustment)),
      ",\"totalWorkingSeconds\":", absl::ToInt64Seconds(d.total_working_time),
      ",\"provisional\":", d.provisional ? "true" : "false",
      ",\"skippedDays\":[");
  for (size_t i = 0; i < e.skipped_days.size(); ++i) {
    const calendar::ExplainedDay& day = e.skipped_days[i];
    absl::StrAppend(
        &out, i == 0 ? "" : ",",
        "{\"day\":", JsonQuote(absl::FormatCivilTime(day.day)),
        ",\"reason\":", JsonQuote(calendar::DayReasonName(day.reason)),
        ",\"nameVi\":", JsonQuote(day.name_vi),
        ",\"nameEn\":", JsonQuote(day.name_en), "}");
  }
  absl::StrAppend(&out, "],\"makeupDays\":[");
  for (size_t i = 0; i < e.makeup_days.size(); ++i) {
    absl::StrAppend(&out, i == 0 ? "" : ",",
                    JsonQuote(absl::FormatCivilTime(e.makeup_days[i].day)));
  }
  absl::StrAppend(&out, "],\"explanation\":",
                  JsonTexts(lang, calendar::RenderVi(e), calendar::RenderEn(e)),
                  "}");
  return out;
}

std::string JsonVerdict(const calendar::TimelinessVerdict& v,
                        const Languages& lang) {
  return absl::StrCat(
      "{\"verdict\":", JsonQuote(calendar::TimelinessName(v.verdict)),
      ",\"score\":", v.score, ",\"finished\":", JsonQuote(Iso(v.finished)),
      ",\"due\":", JsonQuote(Iso(v.due)), ",\"text\":",
      JsonTexts(lang, calendar::RenderVi(v), calendar::RenderEn(v)), "}");
}

class Printer {
 public:
  Printer(std::ostream& out, Languages lang) : out_(out), lang_(lang) {}
  void Line(absl::string_view vi, absl::string_view en) {
    if (lang_.vi) out_ << vi << "\n";
    if (lang_.en) out_ << en << "\n";
  }
  void Blank() { out_ << "\n"; }

 private:
  std::ostream& out_;
  Languages lang_;
};

int Usage(std::ostream& err, absl::string_view message) {
  err << kUsagePrefix << message << "\n";
  return 2;
}

int Failed(std::ostream& err, absl::string_view what,
           const absl::Status& status) {
  err << kUsagePrefix << what << ": " << status.message() << "\n";
  return 1;
}

}  // namespace

std::string FindDefaultCalendar(const std::string& start_dir) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(start_dir, ec);
  if (ec) return "";
  while (true) {
    const std::filesystem::path candidate = dir / kDefaultCalendarPath;
    if (std::filesystem::is_regular_file(candidate, ec)) {
      return candidate.string();
    }
    if (!dir.has_parent_path() || dir.parent_path() == dir) return "";
    dir = dir.parent_path();
  }
}

int Deadline(const DeadlineOptions& options, std::ostream& out,
             std::ostream& err) {
  // --- options ---------------------------------------------------------------
  Languages lang;
  if (options.lang == "vi") {
    lang.en = false;
  } else if (options.lang == "en") {
    lang.vi = false;
  } else if (options.lang != "both") {
    return Usage(err, absl::StrCat("--lang '", options.lang,
                                   "' is not one of vi, en, both"));
  }
  if (options.accepted.empty()) return Usage(err, "--accepted is required");
  absl::StatusOr<absl::Time> accepted =
      ParseInstant(options.accepted, "--accepted");
  if (!accepted.ok()) return Usage(err, accepted.status().message());
  if (options.days.has_value() == options.hours.has_value()) {
    return Usage(err, "give exactly one of --days and --hours");
  }
  const int64_t amount = options.days.value_or(options.hours.value_or(0));
  if (amount < 0) return Usage(err, "the limit must not be negative");
  const calendar::Limit limit = options.days.has_value()
                                    ? calendar::Limit::WorkingDays(amount)
                                    : calendar::Limit::WorkingHours(amount);
  calendar::CountingMode mode = options.hours.has_value()
                                    ? calendar::CountingMode::kHours
                                    : domain::DossierRulesConfig{}.default_mode;
  if (!options.mode.empty()) {
    absl::StatusOr<calendar::CountingMode> parsed =
        calendar::ParseCountingMode(options.mode);
    if (!parsed.ok()) {
      return Usage(err, absl::StrCat("--mode '", options.mode,
                                     "' is not one of days, hours"));
    }
    mode = *parsed;
  }
  if (options.hours.has_value() && mode == calendar::CountingMode::kDays) {
    return Usage(err,
                 "--hours needs --mode hours (DAYS mode counts whole "
                 "working days)");
  }
  std::optional<absl::Time> finished;
  if (!options.finished.empty()) {
    absl::StatusOr<absl::Time> t = ParseInstant(options.finished, "--finished");
    if (!t.ok()) return Usage(err, t.status().message());
    if (*t < *accepted) return Usage(err, "--finished is before --accepted");
    finished = *t;
  }
  std::vector<Pause> pauses;
  for (const std::string& text : options.pauses) {
    const std::vector<absl::string_view> parts =
        absl::StrSplit(text, absl::MaxSplits(',', 1));
    if (parts.size() != 2) {
      return Usage(err, absl::StrCat("--pause '", text, "' is not FROM,TO"));
    }
    absl::StatusOr<absl::Time> from = ParseInstant(parts[0], "--pause FROM");
    if (!from.ok()) return Usage(err, from.status().message());
    absl::StatusOr<absl::Time> to = ParseInstant(parts[1], "--pause TO");
    if (!to.ok()) return Usage(err, to.status().message());
    if (*to <= *from) {
      return Usage(err,
                   absl::StrCat("--pause '", text, "' ends before it starts"));
    }
    if (*from < *accepted) {
      return Usage(
          err, absl::StrCat("--pause '", text, "' starts before --accepted"));
    }
    if (finished.has_value() && *to > *finished) {
      return Usage(err,
                   absl::StrCat("--pause '", text, "' ends after --finished"));
    }
    pauses.push_back({*from, *to});
  }
  std::sort(pauses.begin(), pauses.end(),
            [](const Pause& a, const Pause& b) { return a.from < b.from; });
  for (size_t i = 1; i < pauses.size(); ++i) {
    if (pauses[i].from < pauses[i - 1].to) {
      return Usage(err, "--pause periods overlap");
    }
  }

  // --- calendar --------------------------------------------------------------
  std::string calendar_path = options.calendar_file;
  if (calendar_path.empty()) {
    std::error_code ec;
    calendar_path =
        FindDefaultCalendar(std::filesystem::current_path(ec).string());
    if (calendar_path.empty()) {
      return Usage(
          err, absl::StrCat("no --calendar given and ", kDefaultCalendarPath,
                            " not found from the current directory "
                            "(set GIAMSAT_CALENDAR)"));
    }
  }
  absl::StatusOr<calendar::Calendar> cal =
      calendar::LoadCalendar(calendar_path, options.override_files);
  if (!cal.ok()) return Usage(err, cal.status().message());

  calendar::StartPolicy policy = cal->default_start_policy();
  if (!options.cutoff.empty()) {
    absl::StatusOr<int32_t> seconds = calendar::ParseTimeOfDay(options.cutoff);
    if (!seconds.ok()) {
      return Usage(err, absl::StrCat("--cutoff: ", seconds.status().message()));
    }
    policy.cutoff = absl::Seconds(*seconds);
  }
  if (!options.late_day_policy.empty()) {
    absl::StatusOr<calendar::LateDayPolicy> p =
        calendar::ParseLateDayPolicy(options.late_day_policy);
    if (!p.ok()) return Usage(err, p.status().message());
    policy.late_day_policy = *p;
  }

  // --- computation -----------------------------------------------------------
  absl::StatusOr<calendar::Deadline> original =
      calendar::DueTime(*cal, *accepted, limit, mode, policy);
  if (!original.ok()) return Failed(err, "due time", original.status());
  absl::StatusOr<calendar::DeadlineExplanation> original_text =
      calendar::ExplainDeadline(*cal, *original);
  if (!original_text.ok()) {
    return Failed(err, "explanation", original_text.status());
  }
  // Legal clock: the limit restarts from zero when the complete supplement
  // is received, i.e. at the end of the last pause (ND 61/2018 art. 19(4)).
  std::optional<calendar::Deadline> legal;
  std::optional<calendar::DeadlineExplanation> legal_text;
  absl::Duration waiting;
  if (!pauses.empty()) {
    for (const Pause& p : pauses) waiting += p.to - p.from;
    absl::StatusOr<calendar::Deadline> d =
        calendar::DueTime(*cal, pauses.back().to, limit, mode, policy);
    if (!d.ok()) return Failed(err, "restarted due time", d.status());
    absl::StatusOr<calendar::DeadlineExplanation> e =
        calendar::ExplainDeadline(*cal, *d);
    if (!e.ok()) return Failed(err, "explanation", e.status());
    legal = *d;
    legal_text = std::move(*e);
  }
  const calendar::Deadline& due = legal.has_value() ? *legal : *original;

  std::optional<calendar::TimelinessVerdict> verdict;
  std::optional<calendar::TimelinessVerdict> verdict_766;
  absl::Time end_766;
  bool late_766 = false;
  if (finished.has_value()) {
    absl::StatusOr<calendar::TimelinessVerdict> v =
        calendar::Classify(*cal, due, *finished);
    if (!v.ok()) return Failed(err, "verdict", v.status());
    verdict = *v;
    if (!pauses.empty()) {
      // Decision 766 clock: the end time minus the calendar time spent
      // waiting, against the original due time; a second supplement request
      // is late whatever the times.
      end_766 = *finished - waiting;
      absl::StatusOr<calendar::TimelinessVerdict> v766 =
          calendar::Classify(*cal, original->due, end_766);
      if (!v766.ok()) return Failed(err, "Decision 766 verdict", v766.status());
      verdict_766 = *v766;
      late_766 =
          pauses.size() >= 2 || v766->verdict == calendar::Timeliness::kLate;
    }
  }

  // --- output ----------------------------------------------------------------
  if (options.json) {
    std::string json = absl::StrCat(
        "{\"calendar\":{\"id\":", JsonQuote(cal->id()),
        ",\"version\":", JsonQuote(cal->VersionLabel()), ",\"fingerprint\":",
        JsonQuote(absl::StrFormat("%016x", cal->fingerprint())),
        ",\"file\":", JsonQuote(calendar_path), "}",
        ",\"accepted\":", JsonQuote(Iso(*accepted)), ",\"limit\":{",
        options.days.has_value() ? "\"workingDays\":" : "\"workingHours\":",
        amount, "},\"mode\":", JsonQuote(calendar::CountingModeName(mode)),
        ",\"startPolicy\":{\"cutoff\":",
        JsonQuote(
            calendar::FormatTimeOfDay(absl::ToInt64Seconds(policy.cutoff))),
        ",\"lateDayPolicy\":",
        JsonQuote(calendar::LateDayPolicyName(policy.late_day_policy)), "}",
        ",\"due\":", JsonQuote(Iso(due.due)),
        ",\"original\":", JsonDeadline(*original, *original_text, lang));
    if (legal.has_value()) {
      absl::StrAppend(&json, ",\"pauses\":[");
      for (size_t i = 0; i < pauses.size(); ++i) {
        absl::StrAppend(&json, i == 0 ? "" : ",",
                        "{\"from\":", JsonQuote(Iso(pauses[i].from)),
                        ",\"to\":", JsonQuote(Iso(pauses[i].to)), "}");
      }
      absl::StrAppend(&json,
                      "],\"waitingSeconds\":", absl::ToInt64Seconds(waiting),
                      ",\"legal\":", JsonDeadline(*legal, *legal_text, lang));
    }
    if (verdict.has_value()) {
      absl::StrAppend(&json, ",\"verdict\":", JsonVerdict(*verdict, lang));
    }
    if (verdict_766.has_value()) {
      absl::StrAppend(&json,
                      ",\"verdict766\":{\"late\":", late_766 ? "true" : "false",
                      ",\"end\":", JsonQuote(Iso(end_766)),
                      ",\"supplementRequests\":", pauses.size(),
                      ",\"classified\":", JsonVerdict(*verdict_766, lang), "}");
    }
    out << json << "}\n";
    return 0;
  }

  Printer p(out, lang);
  if (legal.has_value()) {
    p.Line(
        absl::StrCat(
            "Hạn xử lý theo luật: ", calendar::FormatInstantVi(legal->due),
            " (", Iso(legal->due), ")"),
        absl::StrCat("Legal due time: ", calendar::FormatInstantEn(legal->due),
                     " (", Iso(legal->due), ")"));
    p.Line(absl::StrCat(
               "Thời hạn tính lại từ đầu khi nhận đủ hồ sơ bổ sung lúc ",
               calendar::FormatInstantVi(pauses.back().to),
               " (Nghị định 61/2018/NĐ-CP, Điều 19 khoản 4); hạn ban đầu: ",
               calendar::FormatInstantVi(original->due), "."),
           absl::StrCat(
               "The limit restarts from zero when the complete supplement was "
               "received at ",
               calendar::FormatInstantEn(pauses.back().to),
               " (Decree 61/2018/ND-CP art. 19(4)); original due time: ",
               calendar::FormatInstantEn(original->due), "."));
  } else {
    p.Line(absl::StrCat("Hạn xử lý: ", calendar::FormatInstantVi(due.due), " (",
                        Iso(due.due), ")"),
           absl::StrCat("Due time: ", calendar::FormatInstantEn(due.due), " (",
                        Iso(due.due), ")"));
  }
  p.Blank();
  p.Line(calendar::RenderVi(*original_text),
         calendar::RenderEn(*original_text));
  if (legal_text.has_value()) {
    p.Blank();
    p.Line(absl::StrCat("Sau khi bổ sung: ", calendar::RenderVi(*legal_text)),
           absl::StrCat("After the supplement: ",
                        calendar::RenderEn(*legal_text)));
  }
  if (verdict.has_value()) {
    p.Blank();
    p.Line(absl::StrCat("Kết luận: ", calendar::RenderVi(*verdict)),
           absl::StrCat("Verdict: ", calendar::RenderEn(*verdict)));
  }
  if (verdict_766.has_value()) {
    const std::string vi_second =
        pauses.size() >= 2 ? absl::StrCat(" Yêu cầu bổ sung ", pauses.size(),
                                          " lần: trễ hạn theo Quyết định 766.")
                           : "";
    const std::string en_second =
        pauses.size() >= 2
            ? absl::StrCat(" Supplement requested ", pauses.size(),
                           " times: late for Decision 766.")
            : "";
    p.Line(
        absl::StrCat("Theo Quyết định 766/QĐ-TTg: thời điểm kết thúc ",
                     calendar::FormatInstantVi(*finished),
                     " trừ thời gian chờ bổ sung ", CalendarDurationVi(waiting),
                     " là ", calendar::FormatInstantVi(end_766),
                     ", so với hạn ban đầu ",
                     calendar::FormatInstantVi(original->due), ": ",
                     late_766 ? "trễ hạn." : "đúng hạn (trước hoặc đúng hạn).",
                     vi_second,
                     " So sánh thời gian: ", calendar::RenderVi(*verdict_766)),
        absl::StrCat(
            "Decision 766/QD-TTg clock: the end ",
            calendar::FormatInstantEn(*finished), " minus ",
            CalendarDurationEn(waiting), " waiting for the supplement is ",
            calendar::FormatInstantEn(end_766), ", against the original due ",
            calendar::FormatInstantEn(original->due), ": ",
            late_766 ? "late." : "on time (early or on time).", en_second,
            " Time comparison: ", calendar::RenderEn(*verdict_766)));
  }
  return 0;
}

}  // namespace giamsat::ctl
