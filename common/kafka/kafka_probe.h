// KafkaProbe: the metrics of the Kafka adapters (producer and consumer).
// The registry is passed in; one probe per client.
//   giamsat_kafka_produced_total{topic, outcome}     acked | failed | refused
//   giamsat_kafka_produce_seconds{topic}             produce -> broker ack
//   giamsat_kafka_consumed_total{topic}              records read
//   giamsat_kafka_consume_latency_seconds{topic}     record timestamp (set
//       by the producer) -> read by the consumer
//   giamsat_kafka_consumer_lag_records{topic, partition}  high watermark
//       minus the consumer's position, per assigned partition
//   giamsat_kafka_rebalances_total{kind}             assign | revoke
// Safe for concurrent use.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace giamsat::kafka {

class KafkaProbe {
 public:
  explicit KafkaProbe(prometheus::Registry& registry);

  void Produced(const std::string& topic, const std::string& outcome);
  void Acknowledged(const std::string& topic, absl::Duration latency);
  void Consumed(const std::string& topic, absl::Duration latency);
  void Rebalanced(const std::string& kind);
  void Lag(const std::string& topic, int32_t partition, int64_t records);
  // Drops the lag series of every partition (after a revocation).
  void ForgetLag();

 private:
  prometheus::Family<prometheus::Counter>& produced_;
  prometheus::Family<prometheus::Histogram>& produce_seconds_;
  prometheus::Family<prometheus::Counter>& consumed_;
  prometheus::Family<prometheus::Histogram>& consume_seconds_;
  prometheus::Family<prometheus::Counter>& rebalances_;
  prometheus::Family<prometheus::Gauge>& lag_;
  absl::Mutex mu_;
  std::map<std::pair<std::string, int32_t>, prometheus::Gauge*> lag_series_
      ABSL_GUARDED_BY(mu_);
  // Each topic's consumed series, found once (Consumed() runs per record;
  // a family's Add() builds and hashes a label map under its own lock).
  struct ConsumedSeries {
    prometheus::Counter* count;
    prometheus::Histogram* latency;
  };
  absl::flat_hash_map<std::string, ConsumedSeries> consumed_series_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace giamsat::kafka
