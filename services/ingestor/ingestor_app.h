// IngestorApp: giamsat-ingestor between its adapters and main(): reference
// data, decoder, pipeline and the gRPC and HTTP servers, over any event log
// (Kafka in giamsat-ingestor, the embedded log in giamsat-standalone) and
// any dedup store. Start() logs the degraded modes of the config (no
// reference data, no PII hash key) and fails with the first start-up error.
// Stop() (also run by the destructor) stops accepting, then waits for
// writes in progress so their event ids are settled.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/core/clock.h"
#include "common/dedup/dedup_store.h"
#include "common/events/event_log.h"
#include "prometheus/registry.h"
#include "services/ingestor/ingestor_config.h"

namespace giamsat::ingestor {

class IngestorApp {
 public:
  static absl::StatusOr<std::unique_ptr<IngestorApp>> Start(
      const IngestorConfig& cfg, events::EventPublisher& log,
      dedup::DedupStore& dedup, const core::Clock& clock,
      prometheus::Registry& registry);
  ~IngestorApp();

  // Bound addresses (host:port).
  const std::string& grpc_address() const { return grpc_address_; }
  std::string http_address() const;

  void Stop();

 private:
  struct Parts;
  explicit IngestorApp(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
  std::string grpc_address_;
};

}  // namespace giamsat::ingestor
