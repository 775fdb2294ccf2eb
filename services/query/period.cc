#include "services/query/period.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/core/vietnam_time.h"

namespace giamsat::query {
namespace {

absl::StatusOr<std::pair<absl::CivilDay, absl::CivilDay>> FromMonth(
    const std::string& text) {
  absl::CivilMonth month;
  if (text.size() != 7 || !absl::ParseCivilTime(text, &month)) {
    return absl::InvalidArgumentError(
        absl::StrCat("period.month: expected YYYY-MM, got \"", text, "\""));
  }
  return std::make_pair(absl::CivilDay(month), absl::CivilDay(month + 1) - 1);
}

absl::StatusOr<std::pair<absl::CivilDay, absl::CivilDay>> FromQuarter(
    const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, "-Q");
  int year = 0;
  int quarter = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &year) ||
      !absl::SimpleAtoi(parts[1], &quarter) || quarter < 1 || quarter > 4 ||
      year < 1900 || year > 9999) {
    return absl::InvalidArgumentError(
        absl::StrCat("period.quarter: expected YYYY-Qn, got \"", text, "\""));
  }
  const absl::CivilMonth first(year, 3 * (quarter - 1) + 1);
  return std::make_pair(absl::CivilDay(first), absl::CivilDay(first + 3) - 1);
}

}  // namespace

absl::StatusOr<ResolvedPeriod> ResolvePeriod(const v1::Period& period,
                                             absl::CivilDay today) {
  const int forms =
      (period.month().empty() ? 0 : 1) + (period.quarter().empty() ? 0 : 1) +
      (period.year() == 0 ? 0 : 1) +
      (period.from_date().empty() && period.to_date().empty() ? 0 : 1);
  if (forms > 1) {
    return absl::InvalidArgumentError(
        "period: set only one of month, quarter, year and from_date/to_date");
  }
  ResolvedPeriod r;
  r.to = today;
  if (!period.month().empty()) {
    auto range = FromMonth(period.month());
    if (!range.ok()) return range.status();
    r.from = range->first;
    r.to = range->second;
  } else if (!period.quarter().empty()) {
    auto range = FromQuarter(period.quarter());
    if (!range.ok()) return range.status();
    r.from = range->first;
    r.to = range->second;
  } else if (period.year() != 0) {
    if (period.year() < 1900 || period.year() > 9999) {
      return absl::InvalidArgumentError("period.year: out of range");
    }
    r.from = absl::CivilDay(period.year(), 1, 1);
    r.to = absl::CivilDay(period.year(), 12, 31);
  } else if (period.from_date().empty()) {
    if (!period.to_date().empty()) {
      return absl::InvalidArgumentError(
          "period.from_date: required when period.to_date is set");
    }
  } else {
    absl::StatusOr<absl::CivilDay> from =
        core::ParseDate(period.from_date(), "period.from_date");
    if (!from.ok()) return from.status();
    r.from = *from;
    if (!period.to_date().empty()) {
      absl::StatusOr<absl::CivilDay> to =
          core::ParseDate(period.to_date(), "period.to_date");
      if (!to.ok()) return to.status();
      r.to = *to;
    }
  }
  if (r.from.has_value()) {
    if (r.to < *r.from) {
      return absl::InvalidArgumentError("period: to_date is before from_date");
    }
    if (r.to - *r.from > kMaxPeriodDays) {
      return absl::InvalidArgumentError(
          absl::StrCat("period: longer than ", kMaxPeriodDays, " days"));
    }
    r.echo.set_from_date(core::FormatDate(*r.from));
    r.echo.set_to_date(core::FormatDate(r.to));
  }
  r.echo.set_month(period.month());
  r.echo.set_quarter(period.quarter());
  r.echo.set_year(period.year());
  return r;
}

}  // namespace giamsat::query
