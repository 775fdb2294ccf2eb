// IngestPipeline: validate, then write to the event log; the common path of
// every entry point (gRPC, HTTP, file import).
//
// A valid event is stamped with ingestedAt and written to its topic keyed by
// its subject id; it counts as accepted only once the log acknowledged it.
// An invalid one is written to the dead-letter topic with every problem and
// reported back. Safe for concurrent use.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/core/clock.h"
#include "common/events/event_log.h"
#include "common/events/topics.h"
#include "giamsat/v1/ingest.pb.h"
#include "services/ingestor/ingest_probe.h"
#include "services/ingestor/json_decoder.h"
#include "services/ingestor/validator.h"

namespace giamsat::ingestor {

struct ItemOutcome {
  v1::IngestResult result;
  // Unavailable when a valid event could not be written now (retry);
  // OkStatus otherwise (accepted, or rejected with result.errors).
  absl::Status status;
};

class IngestPipeline {
 public:
  IngestPipeline(events::EventPublisher& log, const core::Clock& clock,
                 events::Topics topics, ValidationConfig validation,
                 IngestProbe& probe);

  // One outcome per item, in order. `entry_point`: "grpc", "http", "import".
  std::vector<ItemOutcome> Ingest(std::vector<DecodedItem> items,
                                  const std::string& entry_point);

 private:
  events::EventPublisher& log_;
  const core::Clock& clock_;
  const events::Topics topics_;
  const ValidationConfig validation_;
  IngestProbe& probe_;
};

// An item for an event that arrived as protobuf (gRPC).
DecodedItem ItemFromProto(const v1::Event& event);

}  // namespace giamsat::ingestor
