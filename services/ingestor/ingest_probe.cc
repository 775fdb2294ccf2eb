#include "services/ingestor/ingest_probe.h"

namespace giamsat::ingestor {

IngestProbe::IngestProbe(prometheus::Registry& registry)
    : events_(prometheus::BuildCounter()
                  .Name("giamsat_ingestor_events_total")
                  .Help("Events submitted, by entry point and outcome.")
                  .Register(registry)),
      rejects_(prometheus::BuildCounter()
                   .Name("giamsat_ingestor_rejects_total")
                   .Help("Validation problems found, by reason.")
                   .Register(registry)),
      unavailable_(prometheus::BuildCounter()
                       .Name("giamsat_ingestor_unavailable_total")
                       .Help("Events answered UNAVAILABLE / 503, by cause.")
                       .Register(registry)),
      dead_letter_failures_(
          prometheus::BuildCounter()
              .Name("giamsat_ingestor_dead_letter_failures_total")
              .Help("Rejected events that could not be written to the "
                    "dead-letter topic (logged in full).")
              .Register(registry)
              .Add({})),
      pii_(prometheus::BuildCounter()
               .Name("giamsat_ingestor_pii_fields_total")
               .Help("Personal-data fields removed from input, by field and "
                     "action (dropped, hashed, redacted).")
               .Register(registry)),
      dedup_errors_(prometheus::BuildCounter()
                        .Name("giamsat_ingestor_dedup_errors_total")
                        .Help("Failed calls to the deduplication store.")
                        .Register(registry)),
      inflight_bytes_(prometheus::BuildGauge()
                          .Name("giamsat_ingestor_inflight_bytes")
                          .Help("Bytes of events admitted whose Kafka write "
                                "has not finished.")
                          .Register(registry)
                          .Add({})),
      kafka_writable_(prometheus::BuildGauge()
                          .Name("giamsat_ingestor_kafka_writable")
                          .Help("1 while Kafka takes writes, 0 from a failed "
                                "write until the next success.")
                          .Register(registry)
                          .Add({})),
      reloads_(prometheus::BuildCounter()
                   .Name("giamsat_ingestor_reference_reloads_total")
                   .Help("Reloads of changed reference data files.")
                   .Register(registry)),
      reference_entries_(prometheus::BuildGauge()
                             .Name("giamsat_ingestor_reference_entries")
                             .Help("Units and procedures in the reference "
                                   "data in use (0: not configured).")
                             .Register(registry)),
      request_seconds_(prometheus::BuildHistogram()
                           .Name("giamsat_ingestor_request_seconds")
                           .Help("Time to answer one request.")
                           .Register(registry)) {
  kafka_writable_.Set(1);
}

void IngestProbe::Accepted(const std::string& entry_point) {
  events_.Add({{"entry_point", entry_point}, {"outcome", "accepted"}})
      .Increment();
}
void IngestProbe::Duplicate(const std::string& entry_point) {
  events_.Add({{"entry_point", entry_point}, {"outcome", "duplicate"}})
      .Increment();
}
void IngestProbe::Rejected(const std::string& entry_point) {
  events_.Add({{"entry_point", entry_point}, {"outcome", "rejected"}})
      .Increment();
}
void IngestProbe::Unavailable(const std::string& entry_point,
                              const std::string& cause) {
  events_.Add({{"entry_point", entry_point}, {"outcome", "unavailable"}})
      .Increment();
  unavailable_.Add({{"cause", cause}}).Increment();
}
void IngestProbe::RejectReason(const std::string& reason) {
  rejects_.Add({{"reason", reason}}).Increment();
}
void IngestProbe::DeadLetterFailed() { dead_letter_failures_.Increment(); }
void IngestProbe::PiiField(const std::string& field,
                           const std::string& action) {
  pii_.Add({{"field", field}, {"action", action}}).Increment();
}
void IngestProbe::DedupError(const std::string& op) {
  dedup_errors_.Add({{"op", op}}).Increment();
}
void IngestProbe::InflightBytes(int64_t bytes) {
  inflight_bytes_.Set(static_cast<double>(bytes));
}
void IngestProbe::KafkaWritable(bool writable) {
  kafka_writable_.Set(writable ? 1 : 0);
}
void IngestProbe::Request(const std::string& entry_point,
                          absl::Duration latency) {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};
  request_seconds_.Add({{"entry_point", entry_point}}, kBuckets)
      .Observe(absl::ToDoubleSeconds(latency));
}
void IngestProbe::ReferenceSizes(const ReferenceData& data) {
  reference_entries_.Add({{"kind", "units"}})
      .Set(static_cast<double>(data.unit_count()));
  reference_entries_.Add({{"kind", "procedures"}})
      .Set(static_cast<double>(data.procedure_count()));
}
void IngestProbe::Reloaded(const absl::Status& status,
                           const ReferenceData& current) {
  reloads_.Add({{"outcome", status.ok() ? "ok" : "failed"}}).Increment();
  ReferenceSizes(current);
}

}  // namespace giamsat::ingestor
