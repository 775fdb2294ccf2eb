#include "common/calendar/calendar_yaml.h"

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "yaml-cpp/yaml.h"

namespace giamsat::calendar {
namespace {

constexpr int kSchemaVersion = 1;

// Error helper: "years[2].off[0].date (line 40): ...".
absl::Status Bad(const YAML::Node& node, absl::string_view path,
                 absl::string_view what) {
  const int line = node.Mark().line;
  return absl::InvalidArgumentError(
      line >= 0 ? absl::StrCat(path, " (line ", line + 1, "): ", what)
                : absl::StrCat(path, ": ", what));
}

absl::Status CheckMap(const YAML::Node& node, absl::string_view path,
                      std::initializer_list<absl::string_view> allowed) {
  if (!node.IsMap()) return Bad(node, path, "expected a mapping");
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    bool known = false;
    for (absl::string_view a : allowed) known = known || key == a;
    if (!known)
      return Bad(kv.first, path, absl::StrCat("unknown key '", key, "'"));
  }
  return absl::OkStatus();
}

std::string Child(absl::string_view path, absl::string_view key) {
  return path.empty() ? std::string(key) : absl::StrCat(path, ".", key);
}

std::string Item(absl::string_view path, size_t i) {
  return absl::StrCat(path, "[", i, "]");
}

absl::StatusOr<std::string> GetString(const YAML::Node& map,
                                      absl::string_view key,
                                      absl::string_view path, bool required) {
  const YAML::Node node = map[std::string(key)];
  if (!node.IsDefined() || node.IsNull()) {
    if (required) return Bad(map, Child(path, key), "is required");
    return std::string();
  }
  if (!node.IsScalar()) return Bad(node, Child(path, key), "expected a string");
  return node.Scalar();
}

absl::StatusOr<bool> GetBool(const YAML::Node& map, absl::string_view key,
                             absl::string_view path, bool fallback) {
  const YAML::Node node = map[std::string(key)];
  if (!node.IsDefined() || node.IsNull()) return fallback;
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
    return Bad(node, Child(path, key), "expected true or false");
  }
  return value;
}

absl::StatusOr<int> GetInt(const YAML::Node& map, absl::string_view key,
                           absl::string_view path) {
  const YAML::Node node = map[std::string(key)];
  int value = 0;
  if (!node.IsDefined() || !node.IsScalar() ||
      !absl::SimpleAtoi(node.Scalar(), &value)) {
    return Bad(node.IsDefined() ? node : map, Child(path, key),
               "expected an integer");
  }
  return value;
}

absl::StatusOr<absl::CivilDay> ParseDay(const YAML::Node& node,
                                        absl::string_view path) {
  absl::CivilDay day;
  if (!node.IsScalar() || node.Scalar().size() != 10 ||
      !absl::ParseCivilTime(node.Scalar(), &day)) {
    return Bad(node, path, "expected a date YYYY-MM-DD");
  }
  return day;
}

absl::StatusOr<std::vector<std::string>> GetStringList(const YAML::Node& node,
                                                       absl::string_view path) {
  if (!node.IsSequence()) return Bad(node, path, "expected a list");
  std::vector<std::string> out;
  for (size_t i = 0; i < node.size(); ++i) {
    if (!node[i].IsScalar())
      return Bad(node[i], Item(path, i), "expected a string");
    out.push_back(node[i].Scalar());
  }
  return out;
}

absl::StatusOr<std::pair<int, int>> ParseMonthDay(const YAML::Node& node,
                                                  absl::string_view path) {
  std::vector<std::string> parts;
  int month = 0;
  int day = 0;
  if (node.IsScalar()) parts = absl::StrSplit(node.Scalar(), '-');
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &month) ||
      !absl::SimpleAtoi(parts[1], &day) || month < 1 || month > 12 || day < 1 ||
      day > 31) {
    return Bad(node, path, "expected a month-day MM-DD");
  }
  return std::make_pair(month, day);
}

absl::StatusOr<OfficeHours> ParseOfficeHours(const YAML::Node& node,
                                             absl::string_view path) {
  if (absl::Status s =
          CheckMap(node, path, {"standard", "source", "note", "seasonal"});
      !s.ok()) {
    return s;
  }
  OfficeHours hours;
  absl::StatusOr<std::vector<std::string>> standard =
      GetStringList(node["standard"], Child(path, "standard"));
  if (!standard.ok()) return standard.status();
  absl::StatusOr<DaySchedule> schedule = DaySchedule::Parse(*standard);
  if (!schedule.ok()) {
    return Bad(node["standard"], Child(path, "standard"),
               schedule.status().message());
  }
  hours.standard = *std::move(schedule);
  absl::StatusOr<std::string> source = GetString(node, "source", path, false);
  if (!source.ok()) return source.status();
  hours.source = *source;
  const YAML::Node seasonal = node["seasonal"];
  if (seasonal.IsDefined() && !seasonal.IsNull()) {
    const std::string spath = Child(path, "seasonal");
    if (!seasonal.IsSequence()) return Bad(seasonal, spath, "expected a list");
    for (size_t i = 0; i < seasonal.size(); ++i) {
      const YAML::Node item = seasonal[i];
      const std::string ipath = Item(spath, i);
      if (absl::Status s =
              CheckMap(item, ipath, {"name", "from", "to", "hours"});
          !s.ok()) {
        return s;
      }
      SeasonalHours season;
      absl::StatusOr<std::string> name = GetString(item, "name", ipath, true);
      if (!name.ok()) return name.status();
      season.name = *name;
      absl::StatusOr<std::pair<int, int>> from =
          ParseMonthDay(item["from"], Child(ipath, "from"));
      if (!from.ok()) return from.status();
      absl::StatusOr<std::pair<int, int>> to =
          ParseMonthDay(item["to"], Child(ipath, "to"));
      if (!to.ok()) return to.status();
      season.from_month = from->first;
      season.from_day = from->second;
      season.to_month = to->first;
      season.to_day = to->second;
      absl::StatusOr<std::vector<std::string>> list =
          GetStringList(item["hours"], Child(ipath, "hours"));
      if (!list.ok()) return list.status();
      absl::StatusOr<DaySchedule> s = DaySchedule::Parse(*list);
      if (!s.ok())
        return Bad(item["hours"], Child(ipath, "hours"), s.status().message());
      season.hours = *std::move(s);
      hours.seasonal.push_back(std::move(season));
    }
  }
  return hours;
}

absl::StatusOr<StartPolicy> ParseStartRule(const YAML::Node& node,
                                           absl::string_view path) {
  if (absl::Status s = CheckMap(
          node, path, {"late_day_cutoff", "late_day_policy", "source", "note"});
      !s.ok()) {
    return s;
  }
  StartPolicy policy;
  absl::StatusOr<std::string> cutoff =
      GetString(node, "late_day_cutoff", path, true);
  if (!cutoff.ok()) return cutoff.status();
  absl::StatusOr<int32_t> seconds = ParseTimeOfDay(*cutoff);
  if (!seconds.ok()) {
    return Bad(node["late_day_cutoff"], Child(path, "late_day_cutoff"),
               seconds.status().message());
  }
  policy.cutoff = absl::Seconds(*seconds);
  absl::StatusOr<std::string> name =
      GetString(node, "late_day_policy", path, true);
  if (!name.ok()) return name.status();
  absl::StatusOr<LateDayPolicy> p = ParseLateDayPolicy(*name);
  if (!p.ok()) {
    return Bad(node["late_day_policy"], Child(path, "late_day_policy"),
               p.status().message());
  }
  policy.late_day_policy = *p;
  return policy;
}

absl::StatusOr<std::map<std::string, Source>> ParseSources(
    const YAML::Node& node, absl::string_view path) {
  std::map<std::string, Source> out;
  if (!node.IsDefined() || node.IsNull()) return out;
  if (!node.IsMap()) return Bad(node, path, "expected a mapping");
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    const std::string ipath = Child(path, key);
    const YAML::Node item = kv.second;
    if (absl::Status s =
            CheckMap(item, ipath, {"title", "kind", "url", "verified", "note"});
        !s.ok()) {
      return s;
    }
    Source source;
    absl::StatusOr<std::string> title = GetString(item, "title", ipath, true);
    if (!title.ok()) return title.status();
    absl::StatusOr<std::string> kind = GetString(item, "kind", ipath, true);
    if (!kind.ok()) return kind.status();
    absl::StatusOr<std::string> url = GetString(item, "url", ipath, false);
    if (!url.ok()) return url.status();
    absl::StatusOr<bool> verified = GetBool(item, "verified", ipath, true);
    if (!verified.ok()) return verified.status();
    if (*kind != "law" && *kind != "official" && *kind != "press" &&
        *kind != "computed" && *kind != "local") {
      return Bad(item["kind"], Child(ipath, "kind"),
                 "expected law, official, press, computed or local");
    }
    source.title = *title;
    source.kind = *kind;
    source.url = *url;
    source.verified = *verified;
    out[key] = std::move(source);
  }
  return out;
}

absl::StatusOr<OffKind> ParseOffKind(const YAML::Node& node,
                                     absl::string_view path) {
  const std::string text = node.IsScalar() ? node.Scalar() : "";
  if (text == "holiday") return OffKind::kHoliday;
  if (text == "compensatory") return OffKind::kCompensatory;
  if (text == "swapped") return OffKind::kSwapped;
  if (text == "other") return OffKind::kOther;
  return Bad(node, path, "expected holiday, compensatory, swapped or other");
}

absl::StatusOr<OffEntry> ParseOffEntry(const YAML::Node& node,
                                       absl::string_view path) {
  if (absl::Status s = CheckMap(node, path,
                                {"date", "from", "to", "kind", "name_vi",
                                 "name_en", "source", "provisional", "note"});
      !s.ok()) {
    return s;
  }
  OffEntry e;
  const bool single = node["date"].IsDefined();
  if (single == (node["from"].IsDefined() || node["to"].IsDefined())) {
    return Bad(node, path, "give either date, or from and to");
  }
  if (single) {
    absl::StatusOr<absl::CivilDay> day =
        ParseDay(node["date"], Child(path, "date"));
    if (!day.ok()) return day.status();
    e.first = e.last = *day;
  } else {
    absl::StatusOr<absl::CivilDay> from =
        ParseDay(node["from"], Child(path, "from"));
    if (!from.ok()) return from.status();
    absl::StatusOr<absl::CivilDay> to = ParseDay(node["to"], Child(path, "to"));
    if (!to.ok()) return to.status();
    e.first = *from;
    e.last = *to;
  }
  absl::StatusOr<OffKind> kind =
      ParseOffKind(node["kind"], Child(path, "kind"));
  if (!kind.ok()) return kind.status();
  e.kind = *kind;
  absl::StatusOr<std::string> vi = GetString(node, "name_vi", path, true);
  if (!vi.ok()) return vi.status();
  absl::StatusOr<std::string> en = GetString(node, "name_en", path, true);
  if (!en.ok()) return en.status();
  absl::StatusOr<std::string> source = GetString(node, "source", path, true);
  if (!source.ok()) return source.status();
  absl::StatusOr<bool> provisional = GetBool(node, "provisional", path, false);
  if (!provisional.ok()) return provisional.status();
  absl::StatusOr<std::string> note = GetString(node, "note", path, false);
  if (!note.ok()) return note.status();
  e.name_vi = *vi;
  e.name_en = *en;
  e.source = *source;
  e.provisional = *provisional;
  e.note = *note;
  return e;
}

absl::StatusOr<WorkedEntry> ParseWorkedEntry(const YAML::Node& node,
                                             absl::string_view path) {
  if (absl::Status s = CheckMap(node, path,
                                {"date", "replaces", "name_vi", "name_en",
                                 "source", "provisional", "note"});
      !s.ok()) {
    return s;
  }
  WorkedEntry e;
  absl::StatusOr<absl::CivilDay> day =
      ParseDay(node["date"], Child(path, "date"));
  if (!day.ok()) return day.status();
  e.day = *day;
  if (node["replaces"].IsDefined()) {
    absl::StatusOr<absl::CivilDay> replaces =
        ParseDay(node["replaces"], Child(path, "replaces"));
    if (!replaces.ok()) return replaces.status();
    e.replaces = *replaces;
  }
  absl::StatusOr<std::string> vi = GetString(node, "name_vi", path, true);
  if (!vi.ok()) return vi.status();
  absl::StatusOr<std::string> en = GetString(node, "name_en", path, true);
  if (!en.ok()) return en.status();
  absl::StatusOr<std::string> source = GetString(node, "source", path, true);
  if (!source.ok()) return source.status();
  absl::StatusOr<bool> provisional = GetBool(node, "provisional", path, false);
  if (!provisional.ok()) return provisional.status();
  absl::StatusOr<std::string> note = GetString(node, "note", path, false);
  if (!note.ok()) return note.status();
  e.name_vi = *vi;
  e.name_en = *en;
  e.source = *source;
  e.provisional = *provisional;
  e.note = *note;
  return e;
}

template <typename T, typename F>
absl::StatusOr<std::vector<T>> ParseList(const YAML::Node& node,
                                         absl::string_view path, F parse_item) {
  std::vector<T> out;
  if (!node.IsDefined() || node.IsNull()) return out;
  if (!node.IsSequence()) return Bad(node, path, "expected a list");
  for (size_t i = 0; i < node.size(); ++i) {
    absl::StatusOr<T> item = parse_item(node[i], Item(path, i));
    if (!item.ok()) return item.status();
    out.push_back(*std::move(item));
  }
  return out;
}

absl::StatusOr<std::vector<absl::Weekday>> ParseWeek(const YAML::Node& node,
                                                     absl::string_view path) {
  absl::StatusOr<std::vector<std::string>> names = GetStringList(node, path);
  if (!names.ok()) return names.status();
  static constexpr std::pair<absl::string_view, absl::Weekday> kNames[] = {
      {"mon", absl::Weekday::monday},    {"tue", absl::Weekday::tuesday},
      {"wed", absl::Weekday::wednesday}, {"thu", absl::Weekday::thursday},
      {"fri", absl::Weekday::friday},    {"sat", absl::Weekday::saturday},
      {"sun", absl::Weekday::sunday}};
  std::vector<absl::Weekday> week;
  for (const std::string& name : *names) {
    bool found = false;
    for (const auto& [text, day] : kNames) {
      if (name == text) {
        week.push_back(day);
        found = true;
      }
    }
    if (!found)
      return Bad(node, path, absl::StrCat("unknown weekday '", name, "'"));
  }
  return week;
}

absl::Status CheckHeader(const YAML::Node& root, absl::string_view kind) {
  absl::StatusOr<std::string> k = GetString(root, "kind", "", true);
  if (!k.ok()) return k.status();
  if (*k != kind) {
    return Bad(root["kind"], "kind", absl::StrCat("expected '", kind, "'"));
  }
  absl::StatusOr<int> version = GetInt(root, "schema_version", "");
  if (!version.ok()) return version.status();
  if (*version != kSchemaVersion) {
    return Bad(
        root["schema_version"], "schema_version",
        absl::StrCat("unsupported version; this build reads ", kSchemaVersion));
  }
  return absl::OkStatus();
}

absl::StatusOr<YearSpec> ParseYear(const YAML::Node& node,
                                   absl::string_view path) {
  if (absl::Status s = CheckMap(
          node, path,
          {"year", "revision", "provisional", "note", "off", "worked"});
      !s.ok()) {
    return s;
  }
  YearSpec y;
  absl::StatusOr<int> year = GetInt(node, "year", path);
  if (!year.ok()) return year.status();
  absl::StatusOr<std::string> revision =
      GetString(node, "revision", path, true);
  if (!revision.ok()) return revision.status();
  absl::StatusOr<bool> provisional = GetBool(node, "provisional", path, false);
  if (!provisional.ok()) return provisional.status();
  absl::StatusOr<std::string> note = GetString(node, "note", path, false);
  if (!note.ok()) return note.status();
  absl::StatusOr<std::vector<OffEntry>> off =
      ParseList<OffEntry>(node["off"], Child(path, "off"), ParseOffEntry);
  if (!off.ok()) return off.status();
  absl::StatusOr<std::vector<WorkedEntry>> worked = ParseList<WorkedEntry>(
      node["worked"], Child(path, "worked"), ParseWorkedEntry);
  if (!worked.ok()) return worked.status();
  y.year = *year;
  y.revision = *revision;
  y.provisional = *provisional;
  y.note = *note;
  y.off = *std::move(off);
  y.worked = *std::move(worked);
  return y;
}

absl::StatusOr<YearOverride> ParseYearOverride(const YAML::Node& node,
                                               absl::string_view path) {
  if (absl::Status s = CheckMap(node, path,
                                {"year", "revision", "note", "add_off",
                                 "remove_off", "add_worked", "remove_worked"});
      !s.ok()) {
    return s;
  }
  YearOverride y;
  absl::StatusOr<int> year = GetInt(node, "year", path);
  if (!year.ok()) return year.status();
  absl::StatusOr<std::string> revision =
      GetString(node, "revision", path, false);
  if (!revision.ok()) return revision.status();
  absl::StatusOr<std::vector<OffEntry>> add_off = ParseList<OffEntry>(
      node["add_off"], Child(path, "add_off"), ParseOffEntry);
  if (!add_off.ok()) return add_off.status();
  absl::StatusOr<std::vector<WorkedEntry>> add_worked = ParseList<WorkedEntry>(
      node["add_worked"], Child(path, "add_worked"), ParseWorkedEntry);
  if (!add_worked.ok()) return add_worked.status();
  absl::StatusOr<std::vector<absl::CivilDay>> remove_off =
      ParseList<absl::CivilDay>(node["remove_off"], Child(path, "remove_off"),
                                ParseDay);
  if (!remove_off.ok()) return remove_off.status();
  absl::StatusOr<std::vector<absl::CivilDay>> remove_worked =
      ParseList<absl::CivilDay>(node["remove_worked"],
                                Child(path, "remove_worked"), ParseDay);
  if (!remove_worked.ok()) return remove_worked.status();
  y.year = *year;
  y.revision = *revision;
  y.add_off = *std::move(add_off);
  y.add_worked = *std::move(add_worked);
  y.remove_off = *std::move(remove_off);
  y.remove_worked = *std::move(remove_worked);
  return y;
}

absl::StatusOr<CalendarSpec> ParseSpec(const YAML::Node& root) {
  if (absl::Status s =
          CheckMap(root, "(root)",
                   {"kind", "schema_version", "id", "name_vi", "name_en",
                    "note", "working_week", "working_week_source",
                    "office_hours", "start_rule", "sources", "years"});
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckHeader(root, "calendar"); !s.ok()) return s;
  CalendarSpec spec;
  absl::StatusOr<std::string> id = GetString(root, "id", "", true);
  if (!id.ok()) return id.status();
  absl::StatusOr<std::string> vi = GetString(root, "name_vi", "", false);
  if (!vi.ok()) return vi.status();
  absl::StatusOr<std::string> en = GetString(root, "name_en", "", false);
  if (!en.ok()) return en.status();
  spec.id = *id;
  spec.name_vi = *vi;
  spec.name_en = *en;
  if (root["working_week"].IsDefined()) {
    absl::StatusOr<std::vector<absl::Weekday>> week =
        ParseWeek(root["working_week"], "working_week");
    if (!week.ok()) return week.status();
    spec.working_week = *std::move(week);
  }
  absl::StatusOr<std::string> week_source =
      GetString(root, "working_week_source", "", false);
  if (!week_source.ok()) return week_source.status();
  spec.working_week_source = *week_source;
  if (root["office_hours"].IsDefined()) {
    absl::StatusOr<OfficeHours> hours =
        ParseOfficeHours(root["office_hours"], "office_hours");
    if (!hours.ok()) return hours.status();
    spec.office_hours = *std::move(hours);
  }
  if (root["start_rule"].IsDefined()) {
    absl::StatusOr<StartPolicy> policy =
        ParseStartRule(root["start_rule"], "start_rule");
    if (!policy.ok()) return policy.status();
    spec.start_policy = *policy;
  }
  absl::StatusOr<std::map<std::string, Source>> sources =
      ParseSources(root["sources"], "sources");
  if (!sources.ok()) return sources.status();
  spec.sources = *std::move(sources);
  absl::StatusOr<std::vector<YearSpec>> years =
      ParseList<YearSpec>(root["years"], "years", ParseYear);
  if (!years.ok()) return years.status();
  spec.years = *std::move(years);
  return spec;
}

absl::StatusOr<CalendarOverride> ParseOverride(const YAML::Node& root) {
  if (absl::Status s =
          CheckMap(root, "(root)",
                   {"kind", "schema_version", "id", "extends", "scope",
                    "name_vi", "name_en", "note", "office_hours", "start_rule",
                    "sources", "years"});
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckHeader(root, "override"); !s.ok()) return s;
  CalendarOverride o;
  absl::StatusOr<std::string> id = GetString(root, "id", "", true);
  if (!id.ok()) return id.status();
  absl::StatusOr<std::string> extends = GetString(root, "extends", "", true);
  if (!extends.ok()) return extends.status();
  absl::StatusOr<std::string> scope = GetString(root, "scope", "", true);
  if (!scope.ok()) return scope.status();
  absl::StatusOr<std::string> vi = GetString(root, "name_vi", "", false);
  if (!vi.ok()) return vi.status();
  absl::StatusOr<std::string> en = GetString(root, "name_en", "", false);
  if (!en.ok()) return en.status();
  if (*scope != "national" && !scope->starts_with("province:") &&
      !scope->starts_with("unit:")) {
    return Bad(root["scope"], "scope",
               "expected national, province:<code> or unit:<id>");
  }
  o.id = *id;
  o.extends = *extends;
  o.scope = *scope;
  o.name_vi = *vi;
  o.name_en = *en;
  if (root["office_hours"].IsDefined()) {
    absl::StatusOr<OfficeHours> hours =
        ParseOfficeHours(root["office_hours"], "office_hours");
    if (!hours.ok()) return hours.status();
    o.office_hours = *std::move(hours);
  }
  if (root["start_rule"].IsDefined()) {
    absl::StatusOr<StartPolicy> policy =
        ParseStartRule(root["start_rule"], "start_rule");
    if (!policy.ok()) return policy.status();
    o.start_policy = *policy;
  }
  absl::StatusOr<std::map<std::string, Source>> sources =
      ParseSources(root["sources"], "sources");
  if (!sources.ok()) return sources.status();
  o.sources = *std::move(sources);
  absl::StatusOr<std::vector<YearOverride>> years =
      ParseList<YearOverride>(root["years"], "years", ParseYearOverride);
  if (!years.ok()) return years.status();
  o.years = *std::move(years);
  return o;
}

absl::StatusOr<YAML::Node> Load(absl::string_view text) {
  try {
    YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsMap()) {
      return absl::InvalidArgumentError("calendar file: expected a mapping");
    }
    return root;
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("calendar file is not valid YAML: ", e.what()));
  }
}

// Runs a parse step, converting any yaml-cpp exception into a status.
template <typename T, typename F>
absl::StatusOr<T> Guard(absl::string_view text, F parse) {
  absl::StatusOr<YAML::Node> root = Load(text);
  if (!root.ok()) return root.status();
  try {
    return parse(*root);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("calendar file: ", e.what()));
  }
}

}  // namespace

absl::StatusOr<CalendarSpec> ParseCalendarYaml(absl::string_view text) {
  return Guard<CalendarSpec>(text, ParseSpec);
}

absl::StatusOr<CalendarOverride> ParseCalendarOverrideYaml(
    absl::string_view text) {
  return Guard<CalendarOverride>(text, ParseOverride);
}

absl::StatusOr<CalendarFile> ParseCalendarFile(absl::string_view text) {
  absl::StatusOr<YAML::Node> root = Load(text);
  if (!root.ok()) return root.status();
  absl::StatusOr<std::string> kind = GetString(*root, "kind", "", true);
  if (!kind.ok()) return kind.status();
  if (*kind == "calendar") {
    absl::StatusOr<CalendarSpec> spec = ParseCalendarYaml(text);
    if (!spec.ok()) return spec.status();
    return CalendarFile(*std::move(spec));
  }
  if (*kind == "override") {
    absl::StatusOr<CalendarOverride> o = ParseCalendarOverrideYaml(text);
    if (!o.ok()) return o.status();
    return CalendarFile(*std::move(o));
  }
  return Bad((*root)["kind"], "kind", "expected 'calendar' or 'override'");
}

}  // namespace giamsat::calendar
