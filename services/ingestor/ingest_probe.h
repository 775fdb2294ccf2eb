// IngestProbe: the ingestor's metrics. The registry is passed in.
//   giamsat_ingestor_events_total{entry_point, outcome}    accepted |
//       duplicate | rejected | unavailable, one per event
//   giamsat_ingestor_rejects_total{reason}                 one per problem
//   giamsat_ingestor_unavailable_total{cause}              kafka_down |
//       kafka_timeout | kafka_error | overloaded | dedup | in_progress
//   giamsat_ingestor_dead_letter_failures_total            DLQ writes failed
//   giamsat_ingestor_pii_fields_total{field, action}       dropped | hashed |
//       redacted (field names come from the configured lists)
//   giamsat_ingestor_dedup_errors_total{op}                claim | confirm |
//       release calls that failed
//   giamsat_ingestor_inflight_bytes                        admitted, not done
//   giamsat_ingestor_kafka_writable                        1, or 0 after a
//       failed write until the next success
//   giamsat_ingestor_reference_reloads_total{outcome}      ok | failed
//   giamsat_ingestor_reference_entries{kind}               units | procedures
//   giamsat_ingestor_request_seconds{entry_point}          request latency
// Safe for concurrent use.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "services/ingestor/reference_data.h"

namespace giamsat::ingestor {

class IngestProbe : public ReferenceListener {
 public:
  explicit IngestProbe(prometheus::Registry& registry);
  void Accepted(const std::string& entry_point);
  void Duplicate(const std::string& entry_point);
  void Rejected(const std::string& entry_point);
  void Unavailable(const std::string& entry_point, const std::string& cause);
  void RejectReason(const std::string& reason);
  void DeadLetterFailed();
  void PiiField(const std::string& field, const std::string& action);
  void DedupError(const std::string& op);
  void InflightBytes(int64_t bytes);
  void KafkaWritable(bool writable);
  void Request(const std::string& entry_point, absl::Duration latency);
  void ReferenceSizes(const ReferenceData& data);
  void Reloaded(const absl::Status& status,
                const ReferenceData& current) override;

 private:
  prometheus::Family<prometheus::Counter>& events_;
  prometheus::Family<prometheus::Counter>& rejects_;
  prometheus::Family<prometheus::Counter>& unavailable_;
  prometheus::Counter& dead_letter_failures_;
  prometheus::Family<prometheus::Counter>& pii_;
  prometheus::Family<prometheus::Counter>& dedup_errors_;
  prometheus::Gauge& inflight_bytes_;
  prometheus::Gauge& kafka_writable_;
  prometheus::Family<prometheus::Counter>& reloads_;
  prometheus::Family<prometheus::Gauge>& reference_entries_;
  prometheus::Family<prometheus::Histogram>& request_seconds_;
};

}  // namespace giamsat::ingestor
