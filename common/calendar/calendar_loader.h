// Contract: the one place this library touches the file system: reads
// calendar files and builds a Calendar from a base file plus override files
// applied in the given order, and checks a configured time zone against the
// system's time-zone database. Intended for start-up and for tests; errors are
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

// The configured civil time zone must be the one the deadline engine
// computes in: UTC+07:00 at every instant from 2000 to 2100 (Vietnam has
// kept it since 1975; the O(1) arithmetic relies on a fixed offset). `name`
// is an IANA name looked up in the system's time-zone database (e.g.
// "Asia/Ho_Chi_Minh", the default; "Asia/Bangkok" also qualifies) or
// "UTC+07:00". InvalidArgument explains a zone that does not qualify.
absl::Status CheckTimeZone(const std::string& name);

}  // namespace giamsat::calendar
