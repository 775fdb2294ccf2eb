#include "common/calendar/office_hours.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/calendar/vietnam_time.h"

namespace giamsat::calendar {
namespace {

int64_t OpenNanos(const OfficeSegment& s) {
  return int64_t{s.open_second} * kNanosPerSecond;
}
int64_t CloseNanos(const OfficeSegment& s) {
  return int64_t{s.close_second} * kNanosPerSecond;
}

// Encodes a month-day as a comparable integer.
int MonthDayKey(int month, int day) { return month * 100 + day; }

}  // namespace

DaySchedule::DaySchedule(std::vector<OfficeSegment> segments)
    : segments_(std::move(segments)) {
  cum_nanos_.reserve(segments_.size() + 1);
  cum_nanos_.push_back(0);
  for (const OfficeSegment& s : segments_) {
    cum_nanos_.push_back(cum_nanos_.back() + CloseNanos(s) - OpenNanos(s));
  }
}

absl::StatusOr<DaySchedule> DaySchedule::Create(
    std::vector<OfficeSegment> segments) {
  if (segments.empty()) {
    return absl::InvalidArgumentError("office hours need at least one segment");
  }
  int32_t previous_close = 0;
  for (const OfficeSegment& s : segments) {
    if (s.open_second < previous_close || s.close_second <= s.open_second ||
        s.close_second > kSecondsPerDay) {
      return absl::InvalidArgumentError(absl::StrCat(
          "office hours segment ", FormatTimeOfDay(s.open_second), "-",
          FormatTimeOfDay(s.close_second),
          " is empty, overlaps the previous one, is out of order or leaves "
          "the day"));
    }
    previous_close = s.close_second;
  }
  return DaySchedule(std::move(segments));
}

absl::StatusOr<DaySchedule> DaySchedule::Parse(
    const std::vector<std::string>& items) {
  std::vector<OfficeSegment> segments;
  for (const std::string& item : items) {
    std::vector<std::string> parts = absl::StrSplit(item, '-');
    if (parts.size() != 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("office hours segment '", item, "' is not HH:MM-HH:MM"));
    }
    absl::StatusOr<int32_t> open = ParseTimeOfDay(parts[0]);
    if (!open.ok()) return open.status();
    absl::StatusOr<int32_t> close = ParseTimeOfDay(parts[1]);
    if (!close.ok()) return close.status();
    segments.push_back(OfficeSegment{*open, *close});
  }
  return Create(std::move(segments));
}

DaySchedule DaySchedule::Default() {
  return DaySchedule({OfficeSegment{8 * 3600, 12 * 3600},
                      OfficeSegment{13 * 3600, 17 * 3600}});
}

int64_t DaySchedule::open_nanos() const { return OpenNanos(segments_.front()); }

int64_t DaySchedule::close_nanos() const {
  return CloseNanos(segments_.back());
}

int64_t DaySchedule::WorkedBefore(int64_t t) const {
  int64_t worked = 0;
  for (const OfficeSegment& s : segments_) {
    const int64_t open = OpenNanos(s);
    if (t <= open) break;
    worked += std::min(t, CloseNanos(s)) - open;
  }
  return worked;
}

int64_t DaySchedule::EarliestWithWorked(int64_t worked) const {
  size_t i = 0;
  while (i + 1 < segments_.size() && cum_nanos_[i + 1] < worked) ++i;
  return OpenNanos(segments_[i]) + (worked - cum_nanos_[i]);
}

int64_t DaySchedule::LatestWithWorked(int64_t worked) const {
  size_t i = 0;
  while (i + 1 < segments_.size() && cum_nanos_[i + 1] <= worked) ++i;
  return OpenNanos(segments_[i]) + (worked - cum_nanos_[i]);
}

std::optional<int64_t> DaySchedule::NextWorkingPosition(int64_t t) const {
  for (const OfficeSegment& s : segments_) {
    if (t < OpenNanos(s)) return OpenNanos(s);
    if (t < CloseNanos(s)) return t;
  }
  return std::nullopt;
}

bool DaySchedule::IsWorkingPosition(int64_t t) const {
  for (const OfficeSegment& s : segments_) {
    if (t >= OpenNanos(s) && t < CloseNanos(s)) return true;
  }
  return false;
}

std::string DaySchedule::ToString() const {
  return absl::StrJoin(segments_, ", ",
                       [](std::string* out, const OfficeSegment& s) {
                         absl::StrAppend(out, FormatTimeOfDay(s.open_second),
                                         "–", FormatTimeOfDay(s.close_second));
                       });
}

bool SeasonalHours::Contains(absl::CivilDay day) const {
  const int key = MonthDayKey(day.month(), day.day());
  const int from = MonthDayKey(from_month, from_day);
  const int to = MonthDayKey(to_month, to_day);
  if (from <= to) return key >= from && key <= to;
  return key >= from || key <= to;  // wraps over New Year
}

const DaySchedule& OfficeHours::For(absl::CivilDay day) const {
  for (const SeasonalHours& season : seasonal) {
    if (season.Contains(day)) return season.hours;
  }
  return standard;
}

absl::StatusOr<int32_t> ParseTimeOfDay(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  std::vector<absl::string_view> parts = absl::StrSplit(text, ':');
  int hours = 0;
  int minutes = 0;
  if (parts.size() != 2 || parts[0].empty() || parts[0].size() > 2 ||
      parts[1].size() != 2 || !absl::SimpleAtoi(parts[0], &hours) ||
      !absl::SimpleAtoi(parts[1], &minutes) || hours < 0 || minutes < 0 ||
      minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not a time of day HH:MM"));
  }
  return hours * 3600 + minutes * 60;
}

std::string FormatTimeOfDay(int64_t seconds) {
  const int64_t h = seconds / 3600;
  const int64_t m = seconds / 60 % 60;
  const int64_t s = seconds % 60;
  if (s != 0) return absl::StrFormat("%02d:%02d:%02d", h, m, s);
  return absl::StrFormat("%02d:%02d", h, m);
}

}  // namespace giamsat::calendar
