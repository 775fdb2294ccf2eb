// HTTP entry point for systems that can only call webhooks.
//
//   POST /v1/events   body: one event object or an array of them (proto3
//                     JSON). 200: all accepted. 400: some or all rejected,
//                     the body lists every problem per event (accepted ones
//                     are written). 413: too large. 503 + Retry-After: the
//                     event log cannot take events now; nothing in the
//                     answer was rejected, retry the unaccepted ones.
//   GET  /healthz     200 "ok".
// Responses are an IngestBatchResult in proto3 JSON.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "services/ingestor/ingest_pipeline.h"

namespace httplib {
class Server;
}

namespace giamsat::ingestor {

class HttpIngestServer {
 public:
  // Binds `listen` (host:port, port 0 picks one) and serves in a thread.
  static absl::StatusOr<std::unique_ptr<HttpIngestServer>> Start(
      const std::string& listen, IngestPipeline& pipeline,
      int max_request_bytes, int max_batch_events);
  ~HttpIngestServer();

  std::string address() const { return address_; }
  void Stop();

 private:
  HttpIngestServer() = default;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::string address_;
};

}  // namespace giamsat::ingestor
