#include "common/calendar/lunar_calendar.h"

#include <cmath>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace giamsat::calendar {
namespace {

// Straight transcription of Hồ Ngọc Đức's "amlich" algorithm; names follow
// the original so the code can be checked against it line by line.
constexpr double kPi = 3.14159265358979323846;
constexpr double kTimeZoneHours = 7.0;
constexpr double kSynodicMonth = 29.530588853;

int64_t Int(double x) { return static_cast<int64_t>(std::floor(x)); }

int64_t JdFromDate(int64_t dd, int64_t mm, int64_t yy) {
  const int64_t a = (14 - mm) / 12;
  const int64_t y = yy + 4800 - a;
  const int64_t m = mm + 12 * a - 3;
  return dd + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045;
}

absl::CivilDay JdToDate(int64_t jd) {
  const int64_t a = jd + 32044;
  const int64_t b = (4 * a + 3) / 146097;
  const int64_t c = a - (b * 146097) / 4;
  const int64_t d = (4 * c + 3) / 1461;
  const int64_t e = c - (1461 * d) / 4;
  const int64_t m = (5 * e + 2) / 153;
  const int64_t day = e - (153 * m + 2) / 5 + 1;
  const int64_t month = m + 3 - 12 * (m / 10);
  const int64_t year = b * 100 + d - 4800 + m / 10;
  return absl::CivilDay(year, static_cast<int>(month), static_cast<int>(day));
}

// Julian day (fractional, UT) of the k-th new moon after 1900-01-01.
double NewMoon(int64_t k) {
  const double t = static_cast<double>(k) / 1236.85;
  const double t2 = t * t;
  const double t3 = t2 * t;
  const double dr = kPi / 180;
  double jd1 = 2415020.75933 + 29.53058868 * static_cast<double>(k) +
               0.0001178 * t2 - 0.000000155 * t3;
  jd1 += 0.00033 * std::sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
  const double m = 359.2242 + 29.10535608 * static_cast<double>(k) -
                   0.0000333 * t2 - 0.00000347 * t3;
  const double mpr = 306.0253 + 385.81691806 * static_cast<double>(k) +
                     0.0107306 * t2 + 0.00001236 * t3;
  const double f = 21.2964 + 390.67050646 * static_cast<double>(k) -
                   0.0016528 * t2 - 0.00000239 * t3;
  double c1 = (0.1734 - 0.000393 * t) * std::sin(m * dr) +
              0.0021 * std::sin(2 * dr * m);
  c1 = c1 - 0.4068 * std::sin(mpr * dr) + 0.0161 * std::sin(dr * 2 * mpr);
  c1 = c1 - 0.0004 * std::sin(dr * 3 * mpr);
  c1 = c1 + 0.0104 * std::sin(dr * 2 * f) - 0.0051 * std::sin(dr * (m + mpr));
  c1 = c1 - 0.0074 * std::sin(dr * (m - mpr)) +
       0.0004 * std::sin(dr * (2 * f + m));
  c1 = c1 - 0.0004 * std::sin(dr * (2 * f - m)) -
       0.0006 * std::sin(dr * (2 * f + mpr));
  c1 = c1 + 0.0010 * std::sin(dr * (2 * f - mpr)) +
       0.0005 * std::sin(dr * (2 * mpr + m));
  double deltat;
  if (t < -11) {
    deltat = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 -
             0.000000081 * t * t3;
  } else {
    deltat = -0.000278 + 0.000265 * t + 0.000262 * t2;
  }
  return jd1 + c1 - deltat;
}

// Solar longitude in radians, normalised to [0, 2*pi).
double SunLongitude(double jdn) {
  const double t = (jdn - 2451545.0) / 36525;
  const double t2 = t * t;
  const double dr = kPi / 180;
  const double m =
      357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * std::sin(dr * m);
  dl += (0.019993 - 0.000101 * t) * std::sin(dr * 2 * m) +
        0.000290 * std::sin(dr * 3 * m);
  double l = (l0 + dl) * dr;
  l = l - kPi * 2 * static_cast<double>(Int(l / (kPi * 2)));
  return l;
}

// Sector (0..11, 30 degrees each) of the sun at local midnight opening the
// given Julian day number.
int64_t GetSunLongitude(int64_t day_number) {
  return Int(SunLongitude(static_cast<double>(day_number) - 0.5 -
                          kTimeZoneHours / 24) /
             kPi * 6);
}

int64_t GetNewMoonDay(int64_t k) {
  return Int(NewMoon(k) + 0.5 + kTimeZoneHours / 24);
}

// Julian day number of the start of lunar month 11 (the month holding the
// winter solstice) that falls in Gregorian year `yy`.
int64_t GetLunarMonth11(int64_t yy) {
  const int64_t off = JdFromDate(31, 12, yy) - 2415021;
  const int64_t k = Int(static_cast<double>(off) / kSynodicMonth);
  int64_t nm = GetNewMoonDay(k);
  if (GetSunLongitude(nm) >= 9) nm = GetNewMoonDay(k - 1);
  return nm;
}

// Offset, counted from month 11 starting at a11, of the leap month.
int64_t GetLeapMonthOffset(int64_t a11) {
  const int64_t k =
      Int((static_cast<double>(a11) - 2415021.076998695) / kSynodicMonth + 0.5);
  int64_t i = 1;
  int64_t arc = GetSunLongitude(GetNewMoonDay(k + i));
  int64_t last = 0;
  do {
    last = arc;
    ++i;
    arc = GetSunLongitude(GetNewMoonDay(k + i));
  } while (arc != last && i < 14);
  return i - 1;
}

}  // namespace

LunarDate SolarToLunar(absl::CivilDay day) {
  const int64_t day_number =
      JdFromDate(day.day(), day.month(), static_cast<int64_t>(day.year()));
  const int64_t k = Int((static_cast<double>(day_number) - 2415021.076998695) /
                        kSynodicMonth);
  int64_t month_start = GetNewMoonDay(k + 1);
  if (month_start > day_number) month_start = GetNewMoonDay(k);
  int64_t a11 = GetLunarMonth11(day.year());
  int64_t b11 = a11;
  int64_t lunar_year;
  if (a11 >= month_start) {
    lunar_year = day.year();
    a11 = GetLunarMonth11(day.year() - 1);
  } else {
    lunar_year = day.year() + 1;
    b11 = GetLunarMonth11(day.year() + 1);
  }
  LunarDate out;
  out.day = static_cast<int>(day_number - month_start + 1);
  const int64_t diff = Int(static_cast<double>(month_start - a11) / 29);
  int64_t lunar_month = diff + 11;
  if (b11 - a11 > 365) {
    const int64_t leap_month_diff = GetLeapMonthOffset(a11);
    if (diff >= leap_month_diff) {
      lunar_month = diff + 10;
      if (diff == leap_month_diff) out.leap = true;
    }
  }
  if (lunar_month > 12) lunar_month -= 12;
  if (lunar_month >= 11 && diff < 4) lunar_year -= 1;
  out.month = static_cast<int>(lunar_month);
  out.year = static_cast<int>(lunar_year);
  return out;
}

absl::StatusOr<absl::CivilDay> LunarToSolar(const LunarDate& date) {
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 30) {
    return absl::InvalidArgumentError(
        absl::StrFormat("lunar date %d/%d/%d is out of range", date.day,
                        date.month, date.year));
  }
  int64_t a11;
  int64_t b11;
  if (date.month < 11) {
    a11 = GetLunarMonth11(date.year - 1);
    b11 = GetLunarMonth11(date.year);
  } else {
    a11 = GetLunarMonth11(date.year);
    b11 = GetLunarMonth11(date.year + 1);
  }
  const int64_t k =
      Int(0.5 + (static_cast<double>(a11) - 2415021.076998695) / kSynodicMonth);
  int64_t off = date.month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const int64_t leap_off = GetLeapMonthOffset(a11);
    int64_t leap_month = leap_off - 2;
    if (leap_month < 0) leap_month += 12;
    if (date.leap && date.month != leap_month) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "lunar year %d has no leap month %d", date.year, date.month));
    }
    if (date.leap || off >= leap_off) off += 1;
  } else if (date.leap) {
    return absl::InvalidArgumentError(
        absl::StrFormat("lunar year %d has no leap month", date.year));
  }
  const int64_t month_start = GetNewMoonDay(k + off);
  const absl::CivilDay result = JdToDate(month_start + date.day - 1);
  if (date.day == 30 && SolarToLunar(result).day != 30) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "lunar month %d/%d has only 29 days", date.month, date.year));
  }
  return result;
}

absl::CivilDay LunarNewYear(int year) {
  return *LunarToSolar(LunarDate{.day = 1, .month = 1, .year = year});
}

absl::CivilDay HungKingsDay(int year) {
  return *LunarToSolar(LunarDate{.day = 10, .month = 3, .year = year});
}

}  // namespace giamsat::calendar
