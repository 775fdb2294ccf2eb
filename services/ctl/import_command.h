// `giamsatctl import FILE`: streams the records of a JSONL or CSV export
// file to the ingestor's Import RPC in chunks, retries what could not be
// written (UNAVAILABLE: Kafka down, overload) until it is, shows progress on
// `err`, and prints a summary on `out`: records, accepted, duplicates
// (already accepted earlier, e.g. the file imported twice), rejected by
// reason, and anything not delivered before --retry-for ran out.
//
// Re-sending is always safe (the ingestor writes an event id once), so a
// chunk whose answer was lost is sent again whole; an event first answered
// "unavailable" and then "duplicate" was written by the first attempt and
// counts as accepted. Chunks are sent one after the other, so the file's
// order is kept (apart from retried events). A chunk the ingestor refuses
// as too large (RESOURCE_EXHAUSTED) is split in halves. Exit code: 0 when every
// record was accepted or a duplicate, 1 when some were rejected or not
// delivered, 2 for a file that cannot be read or a bad CSV header.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

#include "absl/time/clock.h"  // absl::Now, used by common/core/clock.h
#include "absl/time/time.h"
#include "common/core/clock.h"
#include "giamsat/v1/ingest.grpc.pb.h"

namespace giamsat::ctl {

struct ImportOptions {
  std::string file;
  // "jsonl", "csv", or "" to choose by the file name (.csv: CSV).
  std::string format;
  // Records and bytes per Import call (the ingestor's default
  // limits.max_batch_events and well under limits.max_request_bytes; a
  // call the ingestor finds too large is split in halves and sent again).
  int batch_records = 1000;
  int64_t batch_bytes = 1 << 20;
  // How long unavailable records are retried before giving up.
  absl::Duration retry_for = absl::Minutes(10);
  // Deadline of one Import call.
  absl::Duration call_timeout = absl::Seconds(120);
  // Rejections printed one per line on `err` (the rest are only counted).
  int max_printed_rejects = 20;
  // Progress: a redrawn bar (a terminal) or a line every 5 s (a log).
  bool progress_tty = false;
  bool json = false;
};

// How the command waits between retries (absl::SleepFor in production).
using SleepFn = std::function<void(absl::Duration)>;

int Import(v1::IngestService::StubInterface& stub, const ImportOptions& options,
           std::ostream& out, std::ostream& err, const core::Clock& clock,
           const SleepFn& sleep);

}  // namespace giamsat::ctl
