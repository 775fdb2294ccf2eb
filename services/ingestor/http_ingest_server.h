// HTTP entry point for systems that can only call webhooks.
//
//   POST /v1/events   body: one event object or a JSON array of them (proto3
//                     JSON, Content-Type application/json), or JSON lines
//                     (application/x-ndjson). 200: all accepted (duplicates
//                     included). 400: some or all rejected, the body lists
//                     every problem per event (accepted ones are written).
//                     413: body larger than limits.max_request_bytes or more
//                     than limits.max_batch_events events. 503 with
//                     Retry-After: Kafka (or the deduplication store) cannot
//                     take events now; retry the events marked unavailable
//                     (re-sending accepted ones is harmless: duplicates).
//   GET  /healthz     200 "ok".
// Responses are an IngestBatchResult in proto3 JSON (or {"errors": [...]}
// when the body itself is unusable). HandleEventsPost() is the handler
// without the socket, for tests.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "services/ingestor/ingest_pipeline.h"
#include "services/ingestor/json_decoder.h"

namespace httplib {
class Server;
}

namespace giamsat::ingestor {

struct HttpAnswer {
  int status = 200;
  std::string body;
  // Seconds for the Retry-After header (0: no header).
  int64_t retry_after_seconds = 0;
};

HttpAnswer HandleEventsPost(IngestPipeline& pipeline,
                            const EventDecoder& decoder,
                            const std::string& body,
                            const std::string& content_type,
                            int max_batch_events);

class HttpIngestServer {
 public:
  // Binds `listen` (host:port, port 0 picks one) and serves with at most
  // `threads` requests at a time.
  static absl::StatusOr<std::unique_ptr<HttpIngestServer>> Start(
      const std::string& listen, IngestPipeline& pipeline,
      const EventDecoder& decoder, int max_request_bytes, int max_batch_events,
      int threads);
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
