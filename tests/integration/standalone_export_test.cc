// giamsat-standalone's migration path against the real broker: the
// embedded event log exported to Kafka topics of the same names holds every
// record, with the records of each key in their order.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "absl/time/clock.h"
#include "common/core/clock.h"
#include "common/embedded/embedded_db.h"
#include "common/embedded/embedded_event_log.h"
#include "common/kafka/kafka_source.h"
#include "services/standalone/log_export.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_env.h"

namespace giamsat::standalone {
namespace {

TEST(StandaloneExportTest, EveryRecordReachesKafkaInKeyOrder) {
  const std::string dir = testing::MakeTempDir();
  auto db = embedded::EmbeddedDb::Open(dir, {});
  ASSERT_TRUE(db.ok()) << db.status();
  core::SystemClock clock;
  auto log = embedded::EmbeddedEventLog::Open(*db, 3, clock);
  ASSERT_TRUE(log.ok()) << log.status();
  const std::string prefix = testing::UniquePrefix();
  const std::string events = prefix + "giamsat.dossier-events.v1";
  const std::string alerts = prefix + "giamsat.alerts.v1";
  std::vector<events::OutRecord> out;
  for (int i = 0; i < 2500; ++i) {
    out.push_back({i % 5 == 0 ? alerts : events, "D" + std::to_string(i % 40),
                   std::to_string(i)});
  }
  for (const auto& s : (*log)->PublishBatch(out)) ASSERT_TRUE(s.ok()) << s;

  auto summary = ExportLogToKafka(**log, testing::KafkaBootstrap(), 3);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(*summary, (ExportSummary{{alerts, 500}, {events, 2000}}));

  config::KafkaConfig kafka;
  kafka.bootstrap = testing::KafkaBootstrap();
  kafka.group_id = prefix + "check";
  prometheus::Registry registry;
  auto source = kafka::KafkaSource::Create(
      kafka, "test", {events, alerts},
      [](const events::TopicPartition&)
          -> absl::StatusOr<std::optional<int64_t>> { return std::nullopt; },
      nullptr, registry);
  ASSERT_TRUE(source.ok()) << source.status();
  std::vector<events::InRecord> read;
  ASSERT_TRUE(testing::Eventually(
      [&] {
        auto batch = (*source)->Poll(500, absl::Milliseconds(200));
        EXPECT_TRUE(batch.ok()) << batch.status();
        if (batch.ok()) read.insert(read.end(), batch->begin(), batch->end());
        return read.size() >= out.size();
      },
      absl::Seconds(60)));
  (*source)->Close();
  ASSERT_EQ(read.size(), out.size());
  // Per topic and key, the values in the order they were written.
  std::map<std::pair<std::string, std::string>, std::vector<std::string>>
      written, exported;
  for (const auto& r : out) written[{r.topic, r.key}].push_back(r.value);
  for (const auto& r : read) exported[{r.topic, r.key}].push_back(r.value);
  EXPECT_EQ(exported, written);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace giamsat::standalone
