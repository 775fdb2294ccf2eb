#include "common/calendar/calendar_loader.h"

#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/calendar/calendar_yaml.h"

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

}  // namespace giamsat::calendar
