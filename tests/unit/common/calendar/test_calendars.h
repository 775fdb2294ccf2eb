// Contract: test-only helpers: Vietnamese-time literals and the calendars
// shipped in deploy/config/calendars/, parsed once per test binary. Requires
// the GIAMSAT_SOURCE_DIR compile definition (repository root).
#pragma once

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/calendar/calendar.h"
#include "common/calendar/calendar_loader.h"
#include "common/calendar/calendar_spec.h"
#include "common/calendar/calendar_yaml.h"
#include "common/calendar/vietnam_time.h"

#ifndef GIAMSAT_SOURCE_DIR
#error "GIAMSAT_SOURCE_DIR must name the repository root"
#endif

namespace giamsat::calendar::testing {

// An instant given in Vietnamese civil time.
inline absl::Time Vn(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  return FromVietnamCivil(absl::CivilSecond(y, m, d, hh, mm, ss));
}

inline absl::CivilDay Day(int y, int m, int d) {
  return absl::CivilDay(y, m, d);
}

inline std::string ShippedCalendarPath(const std::string& file) {
  return std::string(GIAMSAT_SOURCE_DIR) + "/deploy/config/calendars/" + file;
}

inline CalendarSpec ShippedSpec() {
  auto text = ReadFileToString(ShippedCalendarPath("vn-public-sector.yaml"));
  auto spec = ParseCalendarYaml(text.value());
  return spec.value();
}

inline CalendarOverride CultureDayOverride() {
  auto text = ReadFileToString(ShippedCalendarPath("vn-culture-day.yaml"));
  auto o = ParseCalendarOverrideYaml(text.value());
  return o.value();
}

// vn-public-sector.yaml, the 2024-2027 public-sector calendar.
inline const Calendar& PublicSector() {
  static const Calendar* const cal =
      new Calendar(Calendar::Build(ShippedSpec()).value());
  return *cal;
}

// vn-public-sector.yaml + vn-culture-day.yaml (24/11 as a holiday).
inline const Calendar& PublicSectorWithCultureDay() {
  static const Calendar* const cal = new Calendar(
      Calendar::Build(ShippedSpec(), {CultureDayOverride()}).value());
  return *cal;
}

}  // namespace giamsat::calendar::testing
