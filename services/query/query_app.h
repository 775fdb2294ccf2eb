// QueryApp: giamsat-query between its state store and main(): reference
// data, access policy, calendar and TLS files (Load: config errors only,
// before any server is contacted), then the readers over a state store and
// the gRPC server (Start). Used by giamsat-query (Redis) and
// giamsat-standalone (the embedded store).
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/core/clock.h"
#include "common/store/state_store.h"
#include "prometheus/collectable.h"
#include "prometheus/registry.h"
#include "services/query/query_config.h"

namespace giamsat::query {

class QueryApp {
 public:
  static absl::StatusOr<std::unique_ptr<QueryApp>> Load(const QueryConfig& cfg);
  ~QueryApp();

  // Logs the degraded modes, builds the readers and starts serving.
  absl::Status Start(store::StateStore& store, const core::Clock& clock,
                     prometheus::Registry& registry);
  // Per-unit supervision figures for the metrics endpoint (after Start).
  std::shared_ptr<prometheus::Collectable> supervision() const;
  // The bound gRPC address (after Start), and what is served.
  const std::string& address() const { return address_; }
  std::string Describe() const;

  // Open watch streams are cancelled after a grace period.
  void Stop();

 private:
  struct Parts;
  explicit QueryApp(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
  std::string address_;
};

}  // namespace giamsat::query
