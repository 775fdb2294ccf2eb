// Contract (internal to common/calendar): the precomputed working-time table
// of one resolved calendar. Over a contiguous range of civil days it stores,
// per day, whether it is worked and with which office hours, the number of
// working days before it, and, per working day, the working nanoseconds
// before it. That makes the working-time prefix P(t) ("working time from the
// table start to t") O(1) and its inverse O(1) when every working day has the
// same length, O(log n) otherwise. Immutable after construction; thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/calendar/office_hours.h"

namespace giamsat::calendar::internal {

// A position in the table: a day index and local nanoseconds into that day.
struct TablePosition {
  int64_t day = 0;    // index into the table
  int64_t nanos = 0;  // 0 .. kNanosPerDay
};

class DayTable {
 public:
  struct DayInput {
    int schedule = -1;  // index into schedules, -1 when not a working day
    bool provisional = false;
  };

  DayTable() = default;
  DayTable(absl::CivilDay first, const std::vector<DayInput>& days,
           std::vector<DaySchedule> schedules);

  int64_t num_days() const { return static_cast<int64_t>(slots_.size()); }
  absl::CivilDay first_day() const;
  absl::CivilDay last_day() const;  // inclusive
  int64_t first_epoch_day() const { return first_epoch_day_; }

  // Table index of an epoch day, or -1 when outside the table.
  int64_t IndexOfEpochDay(int64_t epoch_day) const {
    const int64_t i = epoch_day - first_epoch_day_;
    return (i >= 0 && i < num_days()) ? i : -1;
  }
  absl::CivilDay DayAt(int64_t index) const;
  // Splits an instant into (epoch day, nanos into the local day).
  static TablePosition Split(absl::Time t);  // .day is an *epoch* day here
  absl::Time InstantAt(int64_t index, int64_t nanos) const;

  bool IsWorking(int64_t index) const { return slots_[index].schedule >= 0; }
  const DaySchedule& ScheduleOf(int64_t index) const {
    return schedules_[slots_[index].schedule];
  }
  // Working days strictly before day `index` (index may equal num_days()).
  int32_t WorkingBefore(int64_t index) const {
    return index == num_days() ? total_working_days()
                               : slots_[index].working_before;
  }
  int32_t total_working_days() const {
    return static_cast<int32_t>(working_.size());
  }
  // Day index of the k-th working day (0-based).
  int64_t WorkingDayIndex(int32_t k) const { return working_[k].day; }
  // Provisional days in [from, to] (table indices, inclusive).
  int32_t ProvisionalBetween(int64_t from, int64_t to) const {
    return provisional_before_[to + 1] - provisional_before_[from];
  }

  // P(position): working nanos from the table start to the position.
  int64_t Prefix(int64_t index, int64_t nanos) const;
  int64_t total_working_nanos() const { return total_nanos_; }

  // Earliest position with Prefix == target, for 0 < target <= total.
  TablePosition EarliestWithPrefix(int64_t target) const;
  // Latest position with Prefix == target, for 0 <= target < total.
  TablePosition LatestWithPrefix(int64_t target) const;

  const std::vector<DaySchedule>& schedules() const { return schedules_; }

 private:
  struct Slot {
    int32_t working_before = 0;
    int32_t schedule = -1;
  };
  struct WorkingDay {
    int64_t day = 0;           // table index
    int64_t nanos_before = 0;  // working nanos before this day
    int32_t schedule = 0;
  };

  // Index k of the working day holding `target`: the first with
  // nanos_before + length >= target (earliest) or > target (latest).
  int32_t FindWorkingDay(int64_t target, bool inclusive_end) const;

  int64_t first_epoch_day_ = 0;
  std::vector<Slot> slots_;
  std::vector<WorkingDay> working_;
  std::vector<int32_t> provisional_before_;
  std::vector<DaySchedule> schedules_;
  int64_t uniform_day_nanos_ = 0;  // > 0 when all working days are equal
  int64_t total_nanos_ = 0;
};

}  // namespace giamsat::calendar::internal
