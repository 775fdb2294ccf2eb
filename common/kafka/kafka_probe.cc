#include "common/kafka/kafka_probe.h"

namespace giamsat::kafka {
namespace {

const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30};
  return kBuckets;
}

}  // namespace

KafkaProbe::KafkaProbe(prometheus::Registry& registry)
    : produced_(prometheus::BuildCounter()
                    .Name("giamsat_kafka_produced_total")
                    .Help("Records written to Kafka, by topic and outcome "
                          "(acked, failed, refused).")
                    .Register(registry)),
      produce_seconds_(prometheus::BuildHistogram()
                           .Name("giamsat_kafka_produce_seconds")
                           .Help("Time from produce to broker acknowledgement, "
                                 "by topic.")
                           .Register(registry)),
      consumed_(prometheus::BuildCounter()
                    .Name("giamsat_kafka_consumed_total")
                    .Help("Records read from Kafka, by topic.")
                    .Register(registry)),
      consume_seconds_(prometheus::BuildHistogram()
                           .Name("giamsat_kafka_consume_latency_seconds")
                           .Help("Time from a record's producer timestamp to "
                                 "its consumption, by topic.")
                           .Register(registry)),
      rebalances_(prometheus::BuildCounter()
                      .Name("giamsat_kafka_rebalances_total")
                      .Help("Partition assignments and revocations.")
                      .Register(registry)),
      lag_(prometheus::BuildGauge()
               .Name("giamsat_kafka_consumer_lag_records")
               .Help("Records in an assigned partition not yet read: high "
                     "watermark minus the consumer's position.")
               .Register(registry)) {}

void KafkaProbe::Produced(const std::string& topic,
                          const std::string& outcome) {
  produced_.Add({{"topic", topic}, {"outcome", outcome}}).Increment();
}

void KafkaProbe::Acknowledged(const std::string& topic,
                              absl::Duration latency) {
  produce_seconds_.Add({{"topic", topic}}, LatencyBuckets())
      .Observe(absl::ToDoubleSeconds(latency));
}

void KafkaProbe::Consumed(const std::string& topic, absl::Duration latency) {
  ConsumedSeries series;
  {
    absl::MutexLock lock(&mu_);
    auto it = consumed_series_.find(topic);
    if (it == consumed_series_.end()) {
      it = consumed_series_
               .try_emplace(
                   topic,
                   ConsumedSeries{&consumed_.Add({{"topic", topic}}),
                                  &consume_seconds_.Add({{"topic", topic}},
                                                        LatencyBuckets())})
               .first;
    }
    series = it->second;
  }
  series.count->Increment();
  series.latency->Observe(
      absl::ToDoubleSeconds(std::max(latency, absl::ZeroDuration())));
}

void KafkaProbe::Rebalanced(const std::string& kind) {
  rebalances_.Add({{"kind", kind}}).Increment();
}

void KafkaProbe::Lag(const std::string& topic, int32_t partition,
                     int64_t records) {
  absl::MutexLock lock(&mu_);
  prometheus::Gauge*& g = lag_series_[{topic, partition}];
  if (g == nullptr) {
    g = &lag_.Add({{"topic", topic}, {"partition", std::to_string(partition)}});
  }
  g->Set(static_cast<double>(std::max<int64_t>(records, 0)));
}

void KafkaProbe::ForgetLag() {
  absl::MutexLock lock(&mu_);
  for (auto& [tp, g] : lag_series_) lag_.Remove(g);
  lag_series_.clear();
}

}  // namespace giamsat::kafka
