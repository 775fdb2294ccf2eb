#include "common/kafka/kafka_probe.h"

#include <gtest/gtest.h>

#include "tests/support/metric_samples.h"

namespace giamsat::kafka {
namespace {

using ::giamsat::testing::Samples;

TEST(KafkaProbeTest, LagPerPartitionAndForgottenOnRevocation) {
  prometheus::Registry registry;
  KafkaProbe probe(registry);
  probe.Lag("t", 0, 12);
  probe.Lag("t", 1, 0);
  probe.Lag("t", 0, 5);  // the same series, updated
  auto s = Samples(registry);
  EXPECT_EQ(s.at("giamsat_kafka_consumer_lag_records{partition=0,topic=t,}"),
            5);
  EXPECT_EQ(s.at("giamsat_kafka_consumer_lag_records{partition=1,topic=t,}"),
            0);
  probe.ForgetLag();
  s = Samples(registry);
  EXPECT_EQ(s.count("giamsat_kafka_consumer_lag_records{partition=0,topic=t,}"),
            0u);
}

TEST(KafkaProbeTest, LatenciesByTopic) {
  prometheus::Registry registry;
  KafkaProbe probe(registry);
  probe.Produced("a", "acked");
  probe.Acknowledged("a", absl::Milliseconds(3));
  probe.Consumed("b", absl::Milliseconds(40));
  probe.Consumed("b", -absl::Seconds(1));  // clock skew: counted as 0
  const auto s = Samples(registry);
  EXPECT_EQ(s.at("giamsat_kafka_produced_total{outcome=acked,topic=a,}"), 1);
  EXPECT_EQ(s.at("giamsat_kafka_produce_seconds{topic=a,}"), 1);
  EXPECT_EQ(s.at("giamsat_kafka_consumed_total{topic=b,}"), 2);
  EXPECT_EQ(s.at("giamsat_kafka_consume_latency_seconds{topic=b,}"), 2);
}

}  // namespace
}  // namespace giamsat::kafka
