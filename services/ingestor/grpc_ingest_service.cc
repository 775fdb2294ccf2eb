#include "services/ingestor/grpc_ingest_service.h"

#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/ingestor/csv_codec.h"

namespace giamsat::ingestor {
namespace {

std::string DescribeErrors(const v1::IngestResult& result) {
  return absl::StrJoin(result.errors(), "; ",
                       [](std::string* out, const v1::FieldError& e) {
                         absl::StrAppend(out, e.field(), ": ", e.message(),
                                         " (", e.reason(), ")");
                       });
}

void AddRetryTrailers(grpc::ServerContext* context, absl::Duration after) {
  const int64_t seconds = std::max<int64_t>(
      1, absl::ToInt64Seconds(absl::Ceil(after, absl::Seconds(1))));
  context->AddTrailingMetadata("retry-after", absl::StrCat(seconds));
  context->AddTrailingMetadata("grpc-retry-pushback-ms",
                               absl::StrCat(seconds * 1000));
}

}  // namespace

grpc::Status GrpcIngestService::Ingest(grpc::ServerContext* context,
                                       const v1::Event* request,
                                       v1::IngestResult* response) {
  std::vector<DecodedItem> items;
  items.push_back(decoder_.FromProto(*request));
  IngestOutcome out = pipeline_.Ingest(std::move(items), "grpc");
  *response = out.items[0].result;
  if (!out.items[0].status.ok()) {
    AddRetryTrailers(context, out.retry_after);
    return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        std::string(out.items[0].status.message()),
                        response->SerializeAsString());
  }
  if (!response->accepted()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("invalid event ", response->event_id(),
                                     ": ", DescribeErrors(*response)),
                        response->SerializeAsString());
  }
  return grpc::Status::OK;
}

grpc::Status GrpcIngestService::TooLarge(size_t events, int64_t bytes) const {
  return grpc::Status(
      grpc::StatusCode::RESOURCE_EXHAUSTED,
      absl::StrCat("batch larger than ", max_batch_events_, " events or ",
                   max_batch_bytes_, " bytes (got at least ", events,
                   " events, ", bytes, " bytes): split it"));
}

grpc::Status GrpcIngestService::Answer(grpc::ServerContext* context,
                                       IngestOutcome out,
                                       v1::IngestBatchResult* response) {
  const bool unavailable = out.any_unavailable();
  const absl::Duration retry_after = out.retry_after;
  *response = out.TakeBatchResult();
  if (!unavailable) return grpc::Status::OK;
  AddRetryTrailers(context, retry_after);
  return grpc::Status(
      grpc::StatusCode::UNAVAILABLE,
      absl::StrCat(response->unavailable(), " of ", response->results_size(),
                   " events could not be written now; retry them (the "
                   "IngestBatchResult is in the status details)"),
      response->SerializeAsString());
}

grpc::Status GrpcIngestService::IngestBatch(
    grpc::ServerContext* context, grpc::ServerReader<v1::Event>* reader,
    v1::IngestBatchResult* response) {
  std::vector<DecodedItem> items;
  int64_t bytes = 0;
  v1::Event event;
  while (reader->Read(&event)) {
    bytes += static_cast<int64_t>(event.ByteSizeLong());
    if (static_cast<int>(items.size()) >= max_batch_events_ ||
        bytes > max_batch_bytes_) {
      return TooLarge(items.size() + 1, bytes);
    }
    items.push_back(decoder_.FromProto(std::move(event)));
    event.Clear();
  }
  if (items.empty()) return grpc::Status::OK;
  return Answer(context, pipeline_.Ingest(std::move(items), "grpc"), response);
}

grpc::Status GrpcIngestService::Import(
    grpc::ServerContext* context, grpc::ServerReader<v1::ImportRecord>* reader,
    v1::IngestBatchResult* response) {
  std::vector<DecodedItem> items;
  int64_t bytes = 0;
  std::string header_text;
  std::unique_ptr<CsvHeader> header;
  v1::ImportRecord record;
  while (reader->Read(&record)) {
    bytes += static_cast<int64_t>(record.ByteSizeLong());
    if (static_cast<int>(items.size()) >= max_batch_events_ ||
        bytes > max_batch_bytes_) {
      return TooLarge(items.size() + 1, bytes);
    }
    DecodedItem item;
    if (record.format() == v1::ImportRecord::FORMAT_CSV) {
      if (!record.csv_header().empty() && record.csv_header() != header_text) {
        absl::StatusOr<CsvHeader> parsed =
            CsvHeader::Parse(record.csv_header());
        if (!parsed.ok()) {
          return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                              std::string(parsed.status().message()));
        }
        header = std::make_unique<CsvHeader>(std::move(*parsed));
        header_text = record.csv_header();
      }
      if (header == nullptr) {
        return grpc::Status(
            grpc::StatusCode::INVALID_ARGUMENT,
            "csv_header is required on the first CSV record of a call");
      }
      item = decoder_.DecodeCsv(*header, record.text());
    } else {
      item = decoder_.DecodeJson(record.text());
    }
    item.origin = record.origin();
    items.push_back(std::move(item));
  }
  if (items.empty()) return grpc::Status::OK;
  return Answer(context, pipeline_.Ingest(std::move(items), "import"),
                response);
}

}  // namespace giamsat::ingestor
