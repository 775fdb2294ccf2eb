// IngestProbe: the ingestor's metrics. Registry passed in.
//   giamsat_ingestor_events_total{entry_point, outcome}
//   accepted/rejected/unavailable giamsat_ingestor_rejects_total{reason} one
//   per field error reason giamsat_ingestor_dead_letter_failures_total DLQ
//   writes that failed
#pragma once

#include <string>

#include "prometheus/counter.h"
#include "prometheus/registry.h"

namespace giamsat::ingestor {

class IngestProbe {
 public:
  explicit IngestProbe(prometheus::Registry& registry);
  void Accepted(const std::string& entry_point);
  void Rejected(const std::string& entry_point);
  void Unavailable(const std::string& entry_point);
  void RejectReason(const std::string& reason);
  void DeadLetterFailed();

 private:
  prometheus::Family<prometheus::Counter>& events_;
  prometheus::Family<prometheus::Counter>& rejects_;
  prometheus::Counter& dead_letter_failures_;
};

}  // namespace giamsat::ingestor
