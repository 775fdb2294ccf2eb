#include "common/calendar/internal/day_table.h"

#include <algorithm>
#include <utility>

#include "common/calendar/vietnam_time.h"

namespace giamsat::calendar::internal {
namespace {

constexpr int64_t kOffsetNanos = kVietnamUtcOffsetSeconds * kNanosPerSecond;

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

}  // namespace

DayTable::DayTable(absl::CivilDay first, const std::vector<DayInput>& days,
                   std::vector<DaySchedule> schedules)
    : first_epoch_day_(EpochDayNumber(first)),
      schedules_(std::move(schedules)) {
  slots_.resize(days.size());
  provisional_before_.assign(days.size() + 1, 0);
  int64_t nanos = 0;
  int64_t uniform = -1;
  for (size_t i = 0; i < days.size(); ++i) {
    slots_[i].working_before = static_cast<int32_t>(working_.size());
    slots_[i].schedule = days[i].schedule;
    provisional_before_[i + 1] =
        provisional_before_[i] + (days[i].provisional ? 1 : 0);
    if (days[i].schedule < 0) continue;
    working_.push_back(
        WorkingDay{static_cast<int64_t>(i), nanos, days[i].schedule});
    const int64_t length = schedules_[days[i].schedule].working_nanos();
    nanos += length;
    if (uniform == -1) {
      uniform = length;
    } else if (uniform != length) {
      uniform = 0;
    }
  }
  total_nanos_ = nanos;
  uniform_day_nanos_ = uniform > 0 ? uniform : 0;
}

absl::CivilDay DayTable::first_day() const {
  return CivilDayFromEpochDay(first_epoch_day_);
}

absl::CivilDay DayTable::last_day() const {
  return CivilDayFromEpochDay(first_epoch_day_ + num_days() - 1);
}

absl::CivilDay DayTable::DayAt(int64_t index) const {
  return CivilDayFromEpochDay(first_epoch_day_ + index);
}

TablePosition DayTable::Split(absl::Time t) {
  const int64_t local = absl::ToUnixNanos(t) + kOffsetNanos;
  const int64_t epoch_day = FloorDiv(local, kNanosPerDay);
  return TablePosition{epoch_day, local - epoch_day * kNanosPerDay};
}

absl::Time DayTable::InstantAt(int64_t index, int64_t nanos) const {
  return absl::FromUnixNanos((first_epoch_day_ + index) * kNanosPerDay + nanos -
                             kOffsetNanos);
}

int64_t DayTable::Prefix(int64_t index, int64_t nanos) const {
  const Slot& slot = slots_[index];
  if (slot.schedule < 0) {
    return slot.working_before < total_working_days()
               ? working_[slot.working_before].nanos_before
               : total_nanos_;
  }
  return working_[slot.working_before].nanos_before +
         schedules_[slot.schedule].WorkedBefore(nanos);
}

int32_t DayTable::FindWorkingDay(int64_t target, bool inclusive_end) const {
  if (uniform_day_nanos_ > 0) {
    return static_cast<int32_t>(inclusive_end
                                    ? (target - 1) / uniform_day_nanos_
                                    : target / uniform_day_nanos_);
  }
  auto by_nanos = [](const WorkingDay& w, int64_t value) {
    return w.nanos_before < value;
  };
  // Earliest: last day whose start is < target. Latest: last day whose start
  // is <= target.
  auto it = inclusive_end ? std::lower_bound(working_.begin(), working_.end(),
                                             target, by_nanos)
                          : std::lower_bound(working_.begin(), working_.end(),
                                             target + 1, by_nanos);
  return static_cast<int32_t>(it - working_.begin()) - 1;
}

TablePosition DayTable::EarliestWithPrefix(int64_t target) const {
  const WorkingDay& w = working_[FindWorkingDay(target, true)];
  return TablePosition{w.day, schedules_[w.schedule].EarliestWithWorked(
                                  target - w.nanos_before)};
}

TablePosition DayTable::LatestWithPrefix(int64_t target) const {
  const WorkingDay& w = working_[FindWorkingDay(target, false)];
  return TablePosition{
      w.day, schedules_[w.schedule].LatestWithWorked(target - w.nanos_before)};
}

}  // namespace giamsat::calendar::internal
