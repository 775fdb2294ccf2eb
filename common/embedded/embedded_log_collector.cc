#include "common/embedded/embedded_log_collector.h"

#include <string>

#include "prometheus/client_metric.h"

namespace giamsat::embedded {
namespace {

prometheus::MetricFamily Gauges(
    const std::string& name, const std::string& help,
    const std::map<std::pair<std::string, int32_t>, int64_t>& values) {
  prometheus::MetricFamily family;
  family.name = name;
  family.help = help;
  family.type = prometheus::MetricType::Gauge;
  for (const auto& [tp, value] : values) {
    prometheus::ClientMetric metric;
    metric.label = {{"topic", tp.first},
                    {"partition", std::to_string(tp.second)}};
    metric.gauge.value = static_cast<double>(value);
    family.metric.push_back(std::move(metric));
  }
  return family;
}

}  // namespace

std::vector<prometheus::MetricFamily> EmbeddedLogCollector::Collect() const {
  return {Gauges("giamsat_standalone_log_end_offset",
                 "Next offset to be written, per partition of the embedded "
                 "event log.",
                 log_.EndOffsets()),
          Gauges("giamsat_standalone_consumer_lag_records",
                 "Records written but not yet processed by the consumer of "
                 "the partition.",
                 log_.Lag())};
}

}  // namespace giamsat::embedded
