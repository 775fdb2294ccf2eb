// Contract: parses calendar files (YAML, format in docs/calendar.md) handed in
// as text. A file with `kind: calendar` is a base CalendarSpec; `kind:
// override` is a CalendarOverride. Unknown keys are rejected so that typos do
// not silently drop a holiday. Errors are InvalidArgument naming the key path
// and line. No I/O; never throws (yaml-cpp exceptions are converted).
#pragma once

#include <variant>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/calendar/calendar_spec.h"

namespace giamsat::calendar {

absl::StatusOr<CalendarSpec> ParseCalendarYaml(absl::string_view text);
absl::StatusOr<CalendarOverride> ParseCalendarOverrideYaml(
    absl::string_view text);

// Either kind, decided by the file's `kind` key.
using CalendarFile = std::variant<CalendarSpec, CalendarOverride>;
absl::StatusOr<CalendarFile> ParseCalendarFile(absl::string_view text);

}  // namespace giamsat::calendar
