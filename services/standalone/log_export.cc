#include "services/standalone/log_export.h"

#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/kafka/kafka_admin.h"
#include "common/kafka/kafka_publisher.h"

namespace giamsat::standalone {

absl::StatusOr<ExportSummary> ExportLog(const embedded::EmbeddedEventLog& log,
                                        events::EventPublisher& out,
                                        size_t batch_size) {
  if (batch_size == 0) return absl::InvalidArgumentError("batch size 0");
  ExportSummary summary;
  for (const auto& [tp, end] : log.EndOffsets()) {
    const events::TopicPartition partition{tp.first, tp.second};
    for (int64_t offset = 0; offset < end;) {
      absl::StatusOr<std::vector<events::InRecord>> records =
          log.Read(partition, offset, batch_size);
      if (!records.ok()) return records.status();
      if (records->empty()) break;
      std::vector<events::OutRecord> batch;
      batch.reserve(records->size());
      for (auto& r : *records) {
        batch.push_back({r.topic, std::move(r.key), std::move(r.value)});
      }
      const std::vector<absl::Status> written = out.PublishBatch(batch);
      for (size_t i = 0; i < written.size(); ++i) {
        if (!written[i].ok()) {
          return absl::Status(
              written[i].code(),
              absl::StrCat("export of ", tp.first, "/", tp.second,
                           " stopped at offset ", (*records)[i].offset, ": ",
                           written[i].message()));
        }
      }
      offset = records->back().offset + 1;
      summary[tp.first] += static_cast<int64_t>(records->size());
    }
  }
  return summary;
}

absl::StatusOr<ExportSummary> ExportLogToKafka(
    const embedded::EmbeddedEventLog& log, const std::string& bootstrap,
    int partitions) {
  config::KafkaConfig kafka;
  kafka.bootstrap = bootstrap;
  kafka.partitions = partitions;
  std::set<std::string> topics;
  for (const auto& [tp, end] : log.EndOffsets()) topics.insert(tp.first);
  if (absl::Status s = kafka::EnsureTopics(
          kafka, std::vector<std::string>(topics.begin(), topics.end()));
      !s.ok()) {
    return s;
  }
  prometheus::Registry registry;
  auto out =
      kafka::KafkaPublisher::Create(kafka, "giamsat-standalone", registry);
  if (!out.ok()) return out.status();
  return ExportLog(log, **out, 1000);
}

}  // namespace giamsat::standalone
