#include "common/metrics/metrics_server.h"

#include <exception>

#include "absl/strings/str_cat.h"
#include "prometheus/exposer.h"
#include "prometheus/gauge.h"

#ifndef GIAMSAT_VERSION
#define GIAMSAT_VERSION "dev"
#endif

namespace giamsat::metrics {

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(
    const std::string& listen, std::shared_ptr<prometheus::Registry> registry,
    const std::string& service) {
  std::unique_ptr<MetricsServer> server(new MetricsServer());
  try {
    server->exposer_ = std::make_unique<prometheus::Exposer>(listen);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", listen, ": ", e.what()));
  }
  prometheus::BuildGauge()
      .Name("giamsat_build_info")
      .Help("Build of the running service; the value is always 1.")
      .Register(*registry)
      .Add({{"version", GIAMSAT_VERSION}, {"service", service}})
      .Set(1);
  server->exposer_->RegisterCollectable(registry);
  const std::string host = listen.substr(0, listen.rfind(':'));
  const auto ports = server->exposer_->GetListeningPorts();
  server->address_ = absl::StrCat(host, ":", ports.empty() ? 0 : ports.front());
  return server;
}

void MetricsServer::Add(
    const std::weak_ptr<prometheus::Collectable>& collectable) {
  exposer_->RegisterCollectable(collectable);
}

MetricsServer::~MetricsServer() = default;

}  // namespace giamsat::metrics
