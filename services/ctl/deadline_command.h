// `giamsatctl deadline`: computes a dossier's legal due time on the shipped
// calendar and explains it in words (issue 3: support staff answering "why
// is this dossier late?"). With --finished it also gives the verdict (early
// / on time / late, TT 01/2018); with --pause (supplement waiting periods)
// it gives both clocks of domain.md section 3: the legal one, where the
// limit restarts from zero at the end of the last pause (ND 61/2018 art.
// 19(4)), and the Decision 766 one, where the calendar time spent waiting is
// subtracted from the end time and a second supplement request is late.
//
// Deadline() is the whole command as a function: it reads only the calendar
// files named in the options, never the wall clock or the network, writes
// the result (text, or JSON with `json`) to `out` and problems to `err`, and
// returns the exit code: 0 success, 1 the computation failed (e.g. a date
// outside the calendar's years), 2 bad usage (bad option value, unreadable
// or invalid calendar file).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace giamsat::ctl {

// Shipped base calendar, relative to the repository root.
inline constexpr char kDefaultCalendarPath[] =
    "deploy/config/calendars/vn-public-sector.yaml";

struct DeadlineOptions {
  // Required: acceptance instant, RFC 3339 ("2026-04-24T16:00:00+07:00");
  // without an offset it is read as Vietnam time (UTC+07:00).
  std::string accepted = {};
  // Exactly one: the limit in working days or in working hours.
  std::optional<int64_t> days = {};
  std::optional<int64_t> hours = {};
  // "days" | "hours"; empty: hours for --hours, else the rules' configured
  // default (DossierRulesConfig::default_mode, DAYS).
  std::string mode = {};
  // Late-day cut-off "HH:MM" and policy ("next_working_day" | "no_effect");
  // empty: the calendar's start rule.
  std::string cutoff = {};
  std::string late_day_policy = {};
  // Base calendar file; empty: kDefaultCalendarPath found from the current
  // directory or one of its parents (the CLI fills it from
  // $GIAMSAT_CALENDAR first).
  std::string calendar_file = {};
  // Override files applied in order (e.g. vn-culture-day.yaml).
  std::vector<std::string> override_files = {};
  // Optional: when the dossier finished (same format as `accepted`).
  std::string finished = {};
  // Supplement waiting periods "FROM,TO" (same format as `accepted`).
  std::vector<std::string> pauses = {};
  // "vi" | "en" | "both".
  std::string lang = "both";
  bool json = false;
};

int Deadline(const DeadlineOptions& options, std::ostream& out,
             std::ostream& err);

// kDefaultCalendarPath under `start_dir` or the nearest parent holding it;
// empty when none does.
std::string FindDefaultCalendar(const std::string& start_dir);

}  // namespace giamsat::ctl
