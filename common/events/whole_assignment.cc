#include "common/events/whole_assignment.h"

namespace giamsat::events {

absl::StatusOr<ReadPositions> AssignAllPartitions(
    const std::vector<std::string>& topics, int32_t partitions,
    const StartOffsetFn& start, const AssignmentFn& on_assign) {
  ReadPositions positions;
  std::vector<TopicPartition> owned;
  for (const std::string& t : topics) {
    for (int32_t p = 0; p < partitions; ++p) {
      absl::StatusOr<std::optional<int64_t>> next = start({t, p});
      if (!next.ok()) return next.status();
      owned.push_back({t, p});
      positions[{t, p}] = next->value_or(0);
    }
  }
  if (on_assign) on_assign(owned);
  return positions;
}

}  // namespace giamsat::events
