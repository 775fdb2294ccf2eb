// The gRPC IngestService over IngestPipeline: unary Ingest, and the
// client-streaming IngestBatch (protobuf events) and Import (JSON lines or
// CSV records of an export file, decoded here like HTTP input).
//
// Status codes (see ingest.proto): INVALID_ARGUMENT for an invalid event
// (Ingest; the field errors in the message and a serialized IngestResult in
// the status details), UNAVAILABLE when something could not be written now
// (the result(s) in the details, trailers "retry-after" in seconds and
// "grpc-retry-pushback-ms"), RESOURCE_EXHAUSTED for a batch over
// limits.max_batch_events or limits.max_request_bytes. Batches answer OK
// when every event was accepted, duplicate or rejected. Safe for
// concurrent use.
#pragma once

#include "giamsat/v1/ingest.grpc.pb.h"
#include "services/ingestor/ingest_pipeline.h"
#include "services/ingestor/json_decoder.h"

namespace giamsat::ingestor {

class GrpcIngestService final : public v1::IngestService::Service {
 public:
  GrpcIngestService(IngestPipeline& pipeline, const EventDecoder& decoder,
                    int max_batch_events, int64_t max_batch_bytes)
      : pipeline_(pipeline),
        decoder_(decoder),
        max_batch_events_(max_batch_events),
        max_batch_bytes_(max_batch_bytes) {}

  grpc::Status Ingest(grpc::ServerContext* context, const v1::Event* request,
                      v1::IngestResult* response) override;
  grpc::Status IngestBatch(grpc::ServerContext* context,
                           grpc::ServerReader<v1::Event>* reader,
                           v1::IngestBatchResult* response) override;
  grpc::Status Import(grpc::ServerContext* context,
                      grpc::ServerReader<v1::ImportRecord>* reader,
                      v1::IngestBatchResult* response) override;

 private:
  grpc::Status Answer(grpc::ServerContext* context, IngestOutcome out,
                      v1::IngestBatchResult* response);
  grpc::Status TooLarge(size_t events, int64_t bytes) const;

  IngestPipeline& pipeline_;
  const EventDecoder& decoder_;
  const int max_batch_events_;
  const int64_t max_batch_bytes_;
};

}  // namespace giamsat::ingestor
