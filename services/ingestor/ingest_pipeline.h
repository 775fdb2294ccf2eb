// IngestPipeline: admit, validate, deduplicate, then write to the event log;
// the common path of every entry point (gRPC, HTTP, file import).
//
// For one request (a list of decoded items):
//  1. Admission: when the log failed recently (LogHealth) or the request's
//     bytes do not fit the in-flight budget (InflightLimiter), every item
//     is answered Unavailable with a retry delay; nothing is written.
//  2. Each decoded item is validated (schema rules, reference data, clock).
//     An invalid one is answered with every problem and written to the
//     dead-letter topic; counted per reason.
//  3. Valid items claim their event ids in the DedupStore. An id already
//     written is answered accepted + duplicate (not written again); an id
//     whose earlier write is still in progress is answered Unavailable; an
//     id reused with different content is rejected (duplicate_conflict).
//     A second copy of an id within the request shares the first's outcome.
//  4. Claimed events are stamped with ingestedAt and handed to the
//     PublishQueue together with the dead letters, keyed by subject id.
//     The request waits for the log's acknowledgement up to
//     `request_timeout`: an acknowledged event is accepted (and its id
//     confirmed for the deduplication window); a failed one is Unavailable
//     (and its id released so a retry can pass); one not acknowledged in
//     time is Unavailable while its write goes on: its id stays pending
//     and is settled when the write finishes, so a retry is answered
//     duplicate or written then, never written twice.
// Safe for concurrent use. The destructor waits for writes in progress.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/core/clock.h"
#include "common/dedup/dedup_store.h"
#include "common/events/event_log.h"
#include "common/events/topics.h"
#include "giamsat/v1/ingest.pb.h"
#include "services/ingestor/inflight_limiter.h"
#include "services/ingestor/ingest_probe.h"
#include "services/ingestor/json_decoder.h"
#include "services/ingestor/log_health.h"
#include "services/ingestor/publish_queue.h"
#include "services/ingestor/reference_data.h"
#include "services/ingestor/validator.h"

namespace giamsat::ingestor {

struct PipelineOptions {
  ValidationConfig validation;
  // Bytes of events admitted and not yet settled (see InflightLimiter).
  int64_t max_inflight_bytes = 64 << 20;
  // Longest a request waits for the log's acknowledgement.
  absl::Duration request_timeout = absl::Seconds(10);
  // Delay asked of callers after a log failure or when overloaded.
  absl::Duration retry_after = absl::Seconds(5);
  // Most records in one write to the log (group commit).
  size_t max_publish_batch = 5000;
};

struct ItemOutcome {
  v1::IngestResult result;
  // Unavailable when the event was not written now (retry); OkStatus
  // otherwise (accepted, duplicate, or rejected with result.errors).
  absl::Status status;
};

struct IngestOutcome {
  // One per item, in order.
  std::vector<ItemOutcome> items;
  // When some item is Unavailable: how long the caller should wait.
  absl::Duration retry_after = absl::ZeroDuration();

  bool any_unavailable() const;
  // The counts of an IngestBatchResult plus its results (moved out).
  v1::IngestBatchResult TakeBatchResult();
};

class IngestPipeline {
 public:
  // `reference` may be null (no reference checks).
  IngestPipeline(events::EventPublisher& log, dedup::DedupStore& dedup,
                 ReferenceCatalog* reference, const core::Clock& clock,
                 events::Topics topics, PipelineOptions options,
                 IngestProbe& probe);
  ~IngestPipeline();

  // `entry_point`: "grpc", "http" or "import".
  IngestOutcome Ingest(std::vector<DecodedItem> items,
                       const std::string& entry_point);

  const PipelineOptions& options() const { return options_; }

 private:
  struct Request;
  void Settle(Request& request, std::vector<absl::Status> statuses);

  events::EventPublisher& log_;
  dedup::DedupStore& dedup_;
  ReferenceCatalog* const reference_;
  const core::Clock& clock_;
  const events::Topics topics_;
  const PipelineOptions options_;
  IngestProbe& probe_;
  InflightLimiter limiter_;
  LogHealth health_;
  // Last: destroyed first, so pending callbacks still see the members above.
  std::unique_ptr<PublishQueue> queue_;
};

// An item for an event that arrived as protobuf, without a PII policy.
DecodedItem ItemFromProto(const v1::Event& event);

}  // namespace giamsat::ingestor
