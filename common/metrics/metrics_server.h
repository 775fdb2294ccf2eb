// MetricsServer: serves a prometheus::Registry on /metrics over HTTP.
//
// The registry is created by main() and passed to every component's probe;
// nothing in the project uses a global registry. Also registers the
// `giamsat_build_info` gauge (version, service).
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "prometheus/registry.h"

namespace prometheus {
class Exposer;
}

namespace giamsat::metrics {

class MetricsServer {
 public:
  // Listens on `listen` (host:port; port 0 picks a free one). Unavailable
  // when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(
      const std::string& listen, std::shared_ptr<prometheus::Registry> registry,
      const std::string& service);
  ~MetricsServer();

  // The bound "host:port".
  std::string address() const { return address_; }

 private:
  MetricsServer() = default;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::string address_;
};

}  // namespace giamsat::metrics
