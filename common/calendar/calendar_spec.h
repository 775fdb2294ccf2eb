// Contract: the calendar as data, exactly as a calendar file states it,
// before resolution into a Calendar. A CalendarSpec is a base calendar (e.g.
// the national public-sector schedule); a CalendarOverride adds or removes
// days and may replace office hours for a province, a unit, or a pending
// decision (e.g. 24/11 Vietnamese Culture Day). Every entry names its source
// and may be provisional. Plain value types; no validation happens here (see
// Calendar::Build).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/calendar/office_hours.h"
#include "common/calendar/start_policy.h"

namespace giamsat::calendar {

// Why a listed day is off work.
enum class OffKind {
  kHoliday,       // statutory holiday (Labour Code 2019 art. 112), incl. Tết
  kCompensatory,  // nghỉ bù: a holiday fell on a weekend (art. 111(3))
  kSwapped,       // hoán đổi: weekday off in exchange for a worked Saturday
  kOther,         // any other decided day off (local decision, extra day)
};

// Where an entry comes from: a legal act, an official notice, the press, or
// our own computation.
struct Source {
  std::string title = {};
  std::string kind = {};  // "law" | "official" | "press" | "computed" | "local"
  std::string url = {};   // optional
  bool verified = true;   // false: citation not checked against the text
};

// One day off, or a contiguous run of days off sharing one label.
struct OffEntry {
  absl::CivilDay first = {};
  absl::CivilDay last = {};  // == first for a single day
  OffKind kind = OffKind::kHoliday;
  std::string name_vi = {};
  std::string name_en = {};
  std::string source = {};  // key into the calendar's sources
  bool provisional = false;
  std::string note = {};
};

// A day outside the working week that is worked (ngày làm bù).
struct WorkedEntry {
  absl::CivilDay day = {};
  std::optional<absl::CivilDay> replaces = {};  // the swapped day off, if any
  std::string name_vi = {};
  std::string name_en = {};
  std::string source = {};
  bool provisional = false;
  std::string note = {};
};

struct YearSpec {
  int year = 0;
  std::string revision = {};  // label of this year's data, e.g. "2025-11-10"
  bool provisional = false;   // whole year not yet officially published
  std::string note = {};
  std::vector<OffEntry> off = {};
  std::vector<WorkedEntry> worked = {};
};

struct CalendarSpec {
  std::string id = {};  // stable identifier, e.g. "vn-public-sector"
  std::string name_vi = {};
  std::string name_en = {};
  // Days of the working week; Monday to Friday by default (QĐ 188/1999).
  std::vector<absl::Weekday> working_week = {
      absl::Weekday::monday, absl::Weekday::tuesday, absl::Weekday::wednesday,
      absl::Weekday::thursday, absl::Weekday::friday};
  std::string working_week_source = {};
  OfficeHours office_hours = {};
  StartPolicy start_policy = {};  // default late-day rule for callers
  std::map<std::string, Source> sources = {};
  std::vector<YearSpec> years = {};  // contiguous years, any order
};

// Changes one override makes to one year of its base.
struct YearOverride {
  int year = 0;
  std::string revision = {};
  std::vector<OffEntry> add_off = {};
  std::vector<absl::CivilDay> remove_off = {};  // dates of listed off days
  std::vector<WorkedEntry> add_worked = {};
  std::vector<absl::CivilDay> remove_worked = {};
};

struct CalendarOverride {
  std::string id = {};       // e.g. "vn-culture-day"
  std::string extends = {};  // id of the base calendar it applies to
  std::string scope = {};    // "national", "province:<code>" or "unit:<id>"
  std::string name_vi = {};
  std::string name_en = {};
  std::optional<OfficeHours> office_hours = {};  // replaces the base hours
  std::optional<StartPolicy> start_policy = {};  // replaces the base default
  std::map<std::string, Source> sources = {};    // merged into the base sources
  std::vector<YearOverride> years = {};
};

}  // namespace giamsat::calendar
