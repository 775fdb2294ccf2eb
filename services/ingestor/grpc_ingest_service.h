// The gRPC IngestService: unary Ingest and client-streaming IngestBatch over
// IngestPipeline. INVALID_ARGUMENT carries the field errors in its message
// and a serialized IngestResult in the status details; UNAVAILABLE means the
// event log could not take the event now (retry).
#pragma once

#include "giamsat/v1/ingest.grpc.pb.h"
#include "services/ingestor/ingest_pipeline.h"

namespace giamsat::ingestor {

class GrpcIngestService final : public v1::IngestService::Service {
 public:
  GrpcIngestService(IngestPipeline& pipeline, int max_batch_events)
      : pipeline_(pipeline), max_batch_events_(max_batch_events) {}

  grpc::Status Ingest(grpc::ServerContext* context, const v1::Event* request,
                      v1::IngestResult* response) override;
  grpc::Status IngestBatch(grpc::ServerContext* context,
                           grpc::ServerReader<v1::Event>* reader,
                           v1::IngestBatchResult* response) override;

 private:
  IngestPipeline& pipeline_;
  const int max_batch_events_;
};

}  // namespace giamsat::ingestor
