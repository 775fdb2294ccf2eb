#include "tests/support/shipped_calendar.h"

#include <cstdlib>
#include <iostream>

#include "common/calendar/calendar_loader.h"

namespace giamsat::testing {

const char* ShippedCalendarPath() {
  return GIAMSAT_SOURCE_DIR "/deploy/config/calendars/vn-public-sector.yaml";
}

std::shared_ptr<const calendar::Calendar> ShippedCalendar() {
  static const auto* cal = [] {
    absl::StatusOr<calendar::Calendar> loaded =
        calendar::LoadCalendar(ShippedCalendarPath());
    if (!loaded.ok()) {
      std::cerr << "cannot load the shipped calendar: " << loaded.status()
                << "\n";
      std::abort();
    }
    return new std::shared_ptr<const calendar::Calendar>(
        std::make_shared<calendar::Calendar>(std::move(*loaded)));
  }();
  return *cal;
}

}  // namespace giamsat::testing
