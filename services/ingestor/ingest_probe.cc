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
      dead_letter_failures_(
          prometheus::BuildCounter()
              .Name("giamsat_ingestor_dead_letter_failures_total")
              .Help("Rejected events that could not be written to the "
                    "dead-letter topic (logged in full).")
              .Register(registry)
              .Add({})) {}

void IngestProbe::Accepted(const std::string& entry_point) {
  events_.Add({{"entry_point", entry_point}, {"outcome", "accepted"}})
      .Increment();
}
void IngestProbe::Rejected(const std::string& entry_point) {
  events_.Add({{"entry_point", entry_point}, {"outcome", "rejected"}})
      .Increment();
}
void IngestProbe::Unavailable(const std::string& entry_point) {
  events_.Add({{"entry_point", entry_point}, {"outcome", "unavailable"}})
      .Increment();
}
void IngestProbe::RejectReason(const std::string& reason) {
  rejects_.Add({{"reason", reason}}).Increment();
}
void IngestProbe::DeadLetterFailed() { dead_letter_failures_.Increment(); }

}  // namespace giamsat::ingestor
