// The public-sector calendar shipped in deploy/config/calendars/, loaded
// once per test binary (tests run against the real data, not a copy).
#pragma once

#include <memory>

#include "common/calendar/calendar.h"

namespace giamsat::testing {

std::shared_ptr<const calendar::Calendar> ShippedCalendar();
// Absolute path of the shipped base calendar file.
const char* ShippedCalendarPath();

}  // namespace giamsat::testing
