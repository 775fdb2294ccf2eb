#include "common/events/whole_assignment.h"

#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace giamsat::events {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(AssignAllPartitionsTest, StartsEachPartitionWhereTheStoreSaysOrAtZero) {
  std::vector<TopicPartition> told;
  absl::StatusOr<ReadPositions> positions = AssignAllPartitions(
      {"a", "b"}, 2,
      [](const TopicPartition& tp) -> absl::StatusOr<std::optional<int64_t>> {
        if (tp.topic == "b" && tp.partition == 1) return 7;
        return std::nullopt;
      },
      [&](const std::vector<TopicPartition>& owned) { told = owned; });
  ASSERT_TRUE(positions.ok()) << positions.status();
  EXPECT_THAT(*positions,
              ElementsAre(Pair(Pair("a", 0), 0), Pair(Pair("a", 1), 0),
                          Pair(Pair("b", 0), 0), Pair(Pair("b", 1), 7)));
  EXPECT_EQ(told, (std::vector<TopicPartition>{
                      {"a", 0}, {"a", 1}, {"b", 0}, {"b", 1}}));
}

TEST(AssignAllPartitionsTest, AStartErrorIsReturnedAndNothingIsAssigned) {
  bool told = false;
  absl::StatusOr<ReadPositions> positions = AssignAllPartitions(
      {"a"}, 3,
      [](const TopicPartition& tp) -> absl::StatusOr<std::optional<int64_t>> {
        if (tp.partition == 2) return absl::UnavailableError("store down");
        return 1;
      },
      [&](const std::vector<TopicPartition>&) { told = true; });
  EXPECT_EQ(positions.status(), absl::UnavailableError("store down"));
  EXPECT_FALSE(told);
}

TEST(AssignAllPartitionsTest, WorksWithoutAnAssignmentCallback) {
  absl::StatusOr<ReadPositions> positions = AssignAllPartitions(
      {"a"}, 1,
      [](const TopicPartition&) -> absl::StatusOr<std::optional<int64_t>> {
        return 3;
      },
      nullptr);
  ASSERT_TRUE(positions.ok());
  EXPECT_THAT(*positions, ElementsAre(Pair(Pair("a", 0), 3)));
}

}  // namespace
}  // namespace giamsat::events
