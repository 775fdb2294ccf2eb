// ExportLog: the migration path from the standalone to the distributed mode
// (docs/standalone.md): copies every record of the embedded event log to
// another event log (Kafka), topic by topic and partition by partition in
// offset order, in batches each acknowledged before the next, so the
// records of a key keep their order. Topic names are kept.
// Stops at the first batch that cannot be written and returns its error
// (the batches before it are written: a second run writes them again, so
// export into empty topics, once).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "common/embedded/embedded_event_log.h"
#include "common/events/event_log.h"

namespace giamsat::standalone {

// Records exported per topic.
using ExportSummary = std::map<std::string, int64_t>;

absl::StatusOr<ExportSummary> ExportLog(const embedded::EmbeddedEventLog& log,
                                        events::EventPublisher& out,
                                        size_t batch_size);

// ExportLog to the Kafka brokers at `bootstrap`, creating the missing
// topics with `partitions` partitions first.
absl::StatusOr<ExportSummary> ExportLogToKafka(
    const embedded::EmbeddedEventLog& log, const std::string& bootstrap,
    int partitions);

}  // namespace giamsat::standalone
