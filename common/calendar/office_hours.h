// Contract: office hours of one working day as a sorted list of disjoint
// half-open segments [open, close) of local time of day (e.g. 08:00-12:00 and
// 13:00-17:00; the gap is the lunch break), plus the seasonal variants a
// province may use. Values are immutable after Create(); all queries are
// O(number of segments) and thread-safe. Positions inside a day are local
// nanoseconds since midnight (0 .. kNanosPerDay).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace giamsat::calendar {

struct OfficeSegment {
  int32_t open_second = 0;   // seconds after local midnight, inclusive
  int32_t close_second = 0;  // exclusive; at most 86400

  friend bool operator==(const OfficeSegment&, const OfficeSegment&) = default;
};

class DaySchedule {
 public:
  // InvalidArgument unless segments are non-empty, each non-empty, sorted,
  // disjoint and inside [00:00, 24:00].
  static absl::StatusOr<DaySchedule> Create(std::vector<OfficeSegment> segs);
  // Parses "08:00-12:00" items.
  static absl::StatusOr<DaySchedule> Parse(
      const std::vector<std::string>& items);
  // 08:00-12:00, 13:00-17:00.
  static DaySchedule Default();

  const std::vector<OfficeSegment>& segments() const { return segments_; }
  int64_t working_nanos() const { return cum_nanos_.back(); }
  int64_t open_nanos() const;   // opening of the first segment
  int64_t close_nanos() const;  // close of business (end of last segment)

  // Working nanos in [00:00, t) for t in [0, kNanosPerDay].
  int64_t WorkedBefore(int64_t t) const;
  // Earliest t with WorkedBefore(t) == worked, for worked in (0, total].
  int64_t EarliestWithWorked(int64_t worked) const;
  // Latest t with WorkedBefore(t) == worked, for worked in [0, total).
  int64_t LatestWithWorked(int64_t worked) const;
  // First working position >= t within the day, or nullopt if none remains.
  std::optional<int64_t> NextWorkingPosition(int64_t t) const;
  // True when t lies inside a segment.
  bool IsWorkingPosition(int64_t t) const;

  // "08:00–12:00, 13:00–17:00".
  std::string ToString() const;

  friend bool operator==(const DaySchedule& a, const DaySchedule& b) {
    return a.segments_ == b.segments_;
  }

 private:
  explicit DaySchedule(std::vector<OfficeSegment> segments);

  std::vector<OfficeSegment> segments_;
  std::vector<int64_t> cum_nanos_;  // cum_nanos_[i] = work before segment i
};

// Office hours that apply each year between two month-days (inclusive, may
// wrap over New Year), e.g. summer hours from 15/04 to 14/10.
struct SeasonalHours {
  std::string name = {};
  int from_month = 1;
  int from_day = 1;
  int to_month = 12;
  int to_day = 31;
  DaySchedule hours = DaySchedule::Default();

  bool Contains(absl::CivilDay day) const;
};

struct OfficeHours {
  DaySchedule standard = DaySchedule::Default();
  std::vector<SeasonalHours> seasonal = {};  // first match wins
  std::string source = {};                   // key into the calendar's sources

  // The schedule in force on `day`.
  const DaySchedule& For(absl::CivilDay day) const;
};

// Parses "HH:MM" (00:00..24:00) into seconds after midnight.
absl::StatusOr<int32_t> ParseTimeOfDay(absl::string_view text);
// Formats seconds after midnight as "HH:MM" (or "HH:MM:SS" if needed).
std::string FormatTimeOfDay(int64_t seconds);

}  // namespace giamsat::calendar
