#include "services/ingestor/ingest_pipeline.h"

#include "google/protobuf/util/time_util.h"
#include "spdlog/spdlog.h"

namespace giamsat::ingestor {
namespace {

google::protobuf::Timestamp ToProto(absl::Time t) {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
      absl::ToUnixNanos(t));
}

}  // namespace

DecodedItem ItemFromProto(const v1::Event& event) {
  DecodedItem item;
  item.decoded = true;
  item.event = event;
  item.raw = event.SerializeAsString();
  return item;
}

IngestPipeline::IngestPipeline(events::EventPublisher& log,
                               const core::Clock& clock, events::Topics topics,
                               ValidationConfig validation, IngestProbe& probe)
    : log_(log),
      clock_(clock),
      topics_(std::move(topics)),
      validation_(validation),
      probe_(probe) {}

std::vector<ItemOutcome> IngestPipeline::Ingest(
    std::vector<DecodedItem> items, const std::string& entry_point) {
  const absl::Time now = clock_.Now();
  std::vector<ItemOutcome> outcomes(items.size());
  std::vector<events::OutRecord> accepted;
  std::vector<size_t> accepted_index;
  std::vector<events::OutRecord> dead;
  for (size_t i = 0; i < items.size(); ++i) {
    DecodedItem& item = items[i];
    v1::IngestResult& result = outcomes[i].result;
    result.set_event_id(item.event.event_id());
    if (item.decoded) item.errors = Validate(item.event, now, validation_);
    if (item.errors.empty()) {
      *item.event.mutable_ingested_at() = ToProto(now);
      accepted.push_back({topics_.ForEvent(item.event),
                          std::string(events::SubjectId(item.event)),
                          item.event.SerializeAsString()});
      accepted_index.push_back(i);
      continue;
    }
    probe_.Rejected(entry_point);
    v1::DeadLetter letter;
    letter.set_raw(item.raw);
    letter.set_encoding(entry_point == "grpc" ? "protobuf" : "json");
    letter.set_entry_point(entry_point);
    *letter.mutable_rejected_at() = ToProto(now);
    for (auto& e : item.errors) {
      probe_.RejectReason(e.reason());
      *letter.add_errors() = e;
      *result.add_errors() = std::move(e);
    }
    dead.push_back({topics_.DeadLetter(), item.event.event_id(),
                    letter.SerializeAsString()});
  }
  if (!dead.empty()) {
    std::vector<absl::Status> written = log_.PublishBatch(dead);
    for (size_t i = 0; i < written.size(); ++i) {
      if (!written[i].ok()) {
        probe_.DeadLetterFailed();
        spdlog::error("dead-letter write failed ({}); record: {}",
                      written[i].ToString(), dead[i].value);
      }
    }
  }
  if (!accepted.empty()) {
    std::vector<absl::Status> written = log_.PublishBatch(accepted);
    for (size_t k = 0; k < written.size(); ++k) {
      ItemOutcome& out = outcomes[accepted_index[k]];
      if (written[k].ok()) {
        out.result.set_accepted(true);
        probe_.Accepted(entry_point);
      } else {
        out.status = written[k];
        probe_.Unavailable(entry_point);
      }
    }
  }
  return outcomes;
}

}  // namespace giamsat::ingestor
