// Contract: the Vietnamese lunisolar calendar computed with Hồ Ngọc Đức's
// published algorithm (astronomical new moons and solar terms after Meeus,
// evaluated at the UTC+07:00 meridian). Intended for proposing the dates of
// Tết and Hùng Kings' day in years whose schedule is not yet published; such
// proposals must be marked provisional. Valid for Gregorian years 1800-2199.
// Pure functions, thread-safe.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace giamsat::calendar {

struct LunarDate {
  int day = 1;    // 1..30
  int month = 1;  // 1..12
  int year = 0;   // lunar year, numbered like the Gregorian year it starts in
  bool leap = false;  // true for the intercalary (nhuận) month

  friend bool operator==(const LunarDate&, const LunarDate&) = default;
};

// Lunar date of a Gregorian day.
LunarDate SolarToLunar(absl::CivilDay day);

// Gregorian day of a lunar date. InvalidArgument when the date does not exist
// (a leap month that year does not have, a month out of range, or day 30 of a
// 29-day month).
absl::StatusOr<absl::CivilDay> LunarToSolar(const LunarDate& date);

// 1st day of the 1st lunar month (mùng 1 Tết) of lunar year `year`.
absl::CivilDay LunarNewYear(int year);

// 10th day of the 3rd lunar month (Giỗ Tổ Hùng Vương) of lunar year `year`.
absl::CivilDay HungKingsDay(int year);

}  // namespace giamsat::calendar
