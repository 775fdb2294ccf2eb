#include "common/calendar/calendar_loader.h"

#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/calendar/calendar_yaml.h"
#include "common/calendar/vietnam_time.h"

namespace giamsat::calendar {
namespace {

absl::Status InFile(const std::string& path, const absl::Status& status) {
  return absl::Status(status.code(),
                      absl::StrCat(path, ": ", status.message()));
}

}  // namespace

absl::StatusOr<std::string> ReadFileToString(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat("cannot read ", path));
  return buffer.str();
}

absl::StatusOr<Calendar> LoadCalendar(
    const std::string& base_path,
    const std::vector<std::string>& override_paths) {
  absl::StatusOr<std::string> text = ReadFileToString(base_path);
  if (!text.ok()) return text.status();
  absl::StatusOr<CalendarSpec> spec = ParseCalendarYaml(*text);
  if (!spec.ok()) return InFile(base_path, spec.status());
  std::vector<CalendarOverride> overrides;
  for (const std::string& path : override_paths) {
    absl::StatusOr<std::string> o_text = ReadFileToString(path);
    if (!o_text.ok()) return o_text.status();
    absl::StatusOr<CalendarOverride> o = ParseCalendarOverrideYaml(*o_text);
    if (!o.ok()) return InFile(path, o.status());
    overrides.push_back(*std::move(o));
  }
  absl::StatusOr<Calendar> cal = Calendar::Build(*spec, overrides);
  if (!cal.ok()) return InFile(base_path, cal.status());
  return cal;
}

absl::Status CheckTimeZone(const std::string& name) {
  if (name == "UTC+07:00") return absl::OkStatus();
  absl::TimeZone tz;
  if (!absl::LoadTimeZone(name, &tz)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown time zone \"", name,
        "\" (not in the system's time-zone database; install tzdata or use "
        "\"UTC+07:00\")"));
  }
  const absl::Time first = absl::FromCivil(absl::CivilSecond(2000, 1, 1), tz);
  const absl::Time last = absl::FromCivil(absl::CivilSecond(2100, 1, 1), tz);
  auto wrong = [&](absl::Time t) {
    return tz.At(t).offset != kVietnamUtcOffsetSeconds;
  };
  if (wrong(first)) {
    return absl::InvalidArgumentError(
        absl::StrCat("time zone \"", name,
                     "\" is not UTC+07:00; the legal calendar "
                     "counts in Vietnam time (Asia/Ho_Chi_Minh)"));
  }
  absl::TimeZone::CivilTransition tr;
  absl::Time t = first;
  while (tz.NextTransition(t, &tr)) {
    t = absl::FromCivil(tr.to, tz);
    if (t >= last) break;
    if (wrong(t)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "time zone \"", name, "\" leaves UTC+07:00 at ",
          absl::FormatCivilTime(tr.from),
          "; the legal calendar counts in Vietnam time (Asia/Ho_Chi_Minh)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace giamsat::calendar
