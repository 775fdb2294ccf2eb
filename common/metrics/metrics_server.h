// MetricsServer: serves a prometheus::Registry on /metrics over HTTP.
//
// The registry is created by main() and passed to every component's probe;
// nothing in the project uses a global registry. Also registers the
// `giamsat_build_info` gauge (version, service). Collectables computed at
// scrape time can be added.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "prometheus/registry.h"

namespace prometheus {
class Collectable;
class Exposer;
}  // namespace prometheus

namespace giamsat::metrics {

class MetricsServer {
 public:
  // Listens on `listen` (host:port; port 0 picks a free one). Unavailable
  // when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(
      const std::string& listen, std::shared_ptr<prometheus::Registry> registry,
      const std::string& service);
  ~MetricsServer();

  // Also serves `collectable` (computed at scrape time) on /metrics, for as
  // long as the caller keeps it alive.
  void Add(const std::weak_ptr<prometheus::Collectable>& collectable);

  // The bound "host:port".
  std::string address() const { return address_; }

 private:
  MetricsServer() = default;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::string address_;
};

}  // namespace giamsat::metrics
