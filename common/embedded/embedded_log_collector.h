// EmbeddedLogCollector: the metrics of the embedded event log, computed at
// scrape time (so they are current even while the consumers are idle):
//   giamsat_standalone_log_end_offset{topic, partition}  next offset to write
//   giamsat_standalone_consumer_lag_records{topic, partition}  records
//       written but not yet processed (committed) by the partition's consumer
// Add it to the MetricsServer; it reads the log, which must outlive it.
#pragma once

#include <vector>

#include "common/embedded/embedded_event_log.h"
#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace giamsat::embedded {

class EmbeddedLogCollector : public prometheus::Collectable {
 public:
  explicit EmbeddedLogCollector(const EmbeddedEventLog& log) : log_(log) {}
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const EmbeddedEventLog& log_;
};

}  // namespace giamsat::embedded
