#include "tests/support/metric_samples.h"

#include "prometheus/metric_family.h"

namespace giamsat::testing {

std::map<std::string, double> Samples(const prometheus::Collectable& c) {
  std::map<std::string, double> out;
  for (const prometheus::MetricFamily& f : c.Collect()) {
    for (const prometheus::ClientMetric& m : f.metric) {
      std::string key = f.name + "{";
      for (const auto& l : m.label) key += l.name + "=" + l.value + ",";
      key += "}";
      switch (f.type) {
        case prometheus::MetricType::Counter:
          out[key] = m.counter.value;
          break;
        case prometheus::MetricType::Histogram:
          out[key] = static_cast<double>(m.histogram.sample_count);
          break;
        default:
          out[key] = m.gauge.value;
      }
    }
  }
  return out;
}

}  // namespace giamsat::testing
