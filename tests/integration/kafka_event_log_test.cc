// KafkaPublisher and KafkaSource against the real broker.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/kafka/kafka_admin.h"
#include "common/kafka/kafka_publisher.h"
#include "common/kafka/kafka_source.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_env.h"

namespace giamsat::kafka {
namespace {

using ::testing::HasSubstr;

class KafkaEventLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.bootstrap = testing::KafkaBootstrap();
    config_.partitions = 3;
    config_.group_id = testing::UniquePrefix() + "group";
    config_.delivery_timeout_ms = 10000;
    topic_ = testing::UniquePrefix() + "events";
    ASSERT_TRUE(EnsureTopics(config_, {topic_}).ok());
  }

  std::vector<events::InRecord> ReadAll(size_t expected,
                                        events::StartOffsetFn start) {
    auto source = KafkaSource::Create(config_, "test", {topic_},
                                      std::move(start), nullptr, registry_);
    EXPECT_TRUE(source.ok()) << source.status();
    std::vector<events::InRecord> all;
    testing::Eventually(
        [&] {
          auto batch = (*source)->Poll(100, absl::Milliseconds(200));
          EXPECT_TRUE(batch.ok()) << batch.status();
          if (batch.ok()) all.insert(all.end(), batch->begin(), batch->end());
          return all.size() >= expected;
        },
        absl::Seconds(60));
    (*source)->Close();
    return all;
  }

  config::KafkaConfig config_;
  std::string topic_;
  prometheus::Registry registry_;
};

TEST_F(KafkaEventLogTest, UnreachableBrokerIsUnavailableNamingTheAddress) {
  config::KafkaConfig config;
  config.bootstrap = "127.0.0.1:1";
  config.connect_timeout_ms = 1500;
  absl::Status s = CheckReachable(config);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(s.message(), HasSubstr("cannot reach Kafka at 127.0.0.1:1"));
}

TEST_F(KafkaEventLogTest, ReachableBrokerPassesTheCheck) {
  EXPECT_TRUE(CheckReachable(config_).ok());
}

TEST_F(KafkaEventLogTest, RecordsRoundTripKeyedAndOrderedPerKey) {
  auto publisher = KafkaPublisher::Create(config_, "test", registry_);
  ASSERT_TRUE(publisher.ok()) << publisher.status();
  std::vector<events::OutRecord> out;
  for (int i = 0; i < 60; ++i) {
    out.push_back({topic_, "D" + std::to_string(i % 6), std::to_string(i)});
  }
  for (const auto& s : (*publisher)->PublishBatch(out)) {
    ASSERT_TRUE(s.ok()) << s;
  }
  auto all = ReadAll(60, [](const events::TopicPartition&) {
    return absl::StatusOr<std::optional<int64_t>>(std::nullopt);
  });
  ASSERT_EQ(all.size(), 60u);
  std::map<std::string, std::set<int32_t>> partitions_of_key;
  std::map<std::string, int> last_value_of_key;
  for (const auto& r : all) {
    partitions_of_key[r.key].insert(r.partition);
    const int value = std::stoi(r.value);
    EXPECT_GT(value,
              last_value_of_key.count(r.key) ? last_value_of_key[r.key] : -1);
    last_value_of_key[r.key] = value;
  }
  EXPECT_EQ(partitions_of_key.size(), 6u);
  for (const auto& [key, parts] : partitions_of_key) {
    EXPECT_EQ(parts.size(), 1u) << key;
  }
}

TEST_F(KafkaEventLogTest, AssignedPartitionsStartAtTheGivenOffsets) {
  auto publisher = KafkaPublisher::Create(config_, "test", registry_);
  ASSERT_TRUE(publisher.ok());
  std::vector<events::OutRecord> out;
  for (int i = 0; i < 10; ++i)
    out.push_back({topic_, "same-key", std::to_string(i)});
  for (const auto& s : (*publisher)->PublishBatch(out)) ASSERT_TRUE(s.ok());
  // Every partition resumes at offset 7: only records 7, 8, 9 of the one
  // partition holding "same-key" are read.
  auto all = ReadAll(3, [](const events::TopicPartition&) {
    return absl::StatusOr<std::optional<int64_t>>(int64_t{7});
  });
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].value, "7");
  EXPECT_EQ(all[0].offset, 7);
  EXPECT_EQ(all[2].value, "9");
}

TEST_F(KafkaEventLogTest, EveryOwnedPartitionsEndBecomesKnownWithoutRecords) {
  auto publisher = KafkaPublisher::Create(config_, "test", registry_);
  ASSERT_TRUE(publisher.ok());
  std::vector<events::OutRecord> out;
  for (int i = 0; i < 10; ++i) {
    out.push_back({topic_, "same-key", std::to_string(i)});
  }
  for (const auto& s : (*publisher)->PublishBatch(out)) ASSERT_TRUE(s.ok());
  std::vector<events::TopicPartition> owned;
  auto source = KafkaSource::Create(
      config_, "test", {topic_},
      [](const events::TopicPartition&) {
        return absl::StatusOr<std::optional<int64_t>>(std::nullopt);
      },
      [&](const std::vector<events::TopicPartition>& now) { owned = now; },
      registry_);
  ASSERT_TRUE(source.ok()) << source.status();
  // The ten records read: the two idle partitions, which have no record to
  // fetch, come to be known to end at 0 as the log answers their fetches.
  size_t read = 0;
  std::multiset<int64_t> ends;
  ASSERT_TRUE(testing::Eventually(
      [&] {
        auto batch = (*source)->Poll(10, absl::Milliseconds(200));
        if (!batch.ok()) return false;
        read += batch->size();
        ends.clear();
        for (const events::TopicPartition& tp : owned) {
          const std::optional<int64_t> end = (*source)->EndOffset(tp);
          if (!end.has_value()) return false;
          ends.insert(*end);
        }
        return read == 10 && owned.size() == 3;
      },
      absl::Seconds(60)));
  EXPECT_EQ(ends, (std::multiset<int64_t>{0, 0, 10}));
  (*source)->Close();
}

}  // namespace
}  // namespace giamsat::kafka
