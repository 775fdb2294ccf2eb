#include "services/ingestor/grpc_ingest_service.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace giamsat::ingestor {
namespace {

std::string DescribeErrors(const v1::IngestResult& result) {
  return absl::StrJoin(result.errors(), "; ",
                       [](std::string* out, const v1::FieldError& e) {
                         absl::StrAppend(out, e.field(), ": ", e.message(),
                                         " (", e.reason(), ")");
                       });
}

grpc::StatusCode ToGrpcCode(absl::StatusCode code) {
  return static_cast<grpc::StatusCode>(static_cast<int>(code));
}

}  // namespace

grpc::Status GrpcIngestService::Ingest(grpc::ServerContext*,
                                       const v1::Event* request,
                                       v1::IngestResult* response) {
  std::vector<ItemOutcome> out =
      pipeline_.Ingest({ItemFromProto(*request)}, "grpc");
  *response = out[0].result;
  if (!out[0].status.ok()) {
    return grpc::Status(ToGrpcCode(out[0].status.code()),
                        std::string(out[0].status.message()));
  }
  if (!response->accepted()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("invalid event ", response->event_id(),
                                     ": ", DescribeErrors(*response)),
                        response->SerializeAsString());
  }
  return grpc::Status::OK;
}

grpc::Status GrpcIngestService::IngestBatch(
    grpc::ServerContext*, grpc::ServerReader<v1::Event>* reader,
    v1::IngestBatchResult* response) {
  std::vector<DecodedItem> items;
  v1::Event event;
  while (reader->Read(&event)) {
    if (static_cast<int>(items.size()) >= max_batch_events_) {
      return grpc::Status(
          grpc::StatusCode::RESOURCE_EXHAUSTED,
          absl::StrCat("batch larger than ", max_batch_events_, " events"));
    }
    items.push_back(ItemFromProto(event));
  }
  std::vector<ItemOutcome> out = pipeline_.Ingest(std::move(items), "grpc");
  for (auto& o : out) {
    if (!o.status.ok()) {
      return grpc::Status(ToGrpcCode(o.status.code()),
                          std::string(o.status.message()));
    }
  }
  for (auto& o : out) {
    if (o.result.accepted()) {
      response->set_accepted(response->accepted() + 1);
    } else {
      response->set_rejected(response->rejected() + 1);
    }
    *response->add_results() = std::move(o.result);
  }
  return grpc::Status::OK;
}

}  // namespace giamsat::ingestor
