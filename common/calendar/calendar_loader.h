// Contract: the one place this library touches the file system: reads
// calendar files and builds a Calendar from a base file plus override files
// applied in the given order. Intended for start-up and for tests; errors are
// NotFound (missing file), InvalidArgument (bad content, naming the file).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/calendar/calendar.h"

namespace giamsat::calendar {

absl::StatusOr<std::string> ReadFileToString(const std::string& path);

absl::StatusOr<Calendar> LoadCalendar(
    const std::string& base_path,
    const std::vector<std::string>& override_paths = {});

}  // namespace giamsat::calendar
