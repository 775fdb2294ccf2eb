// AlertmanagerChannel: forwards notifications to Prometheus Alertmanager
// through its HTTP API v2 (POST /api/v2/alerts) with the labels alertname
// (the rule id), unit, rule and severity; level, recipient, the summary and
// the notification id are annotations. A resolved notice sets endsAt, so
// Alertmanager resolves the alert too. Alertmanager merges repeated posts
// of the same labels, so repeats and retries do not multiply alerts.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/escalator/channel.h"

namespace giamsat::escalator {

struct AlertmanagerConfig {
  // Base URL, e.g. http://127.0.0.1:9093; empty disables the channel.
  std::string url = "";
  int timeout_ms = 5000;
};

// The request body for one notification (a JSON array of one alert).
std::string AlertmanagerBody(const v1::Notification& notification);

class AlertmanagerChannel final : public Channel {
 public:
  static absl::StatusOr<std::unique_ptr<AlertmanagerChannel>> Create(
      const AlertmanagerConfig& config);

  const std::string& name() const override { return name_; }
  bool Reaches(const escalation::Contact& contact) const override {
    return contact.alertmanager;
  }
  absl::Status Deliver(const v1::Notification& notification,
                       const escalation::Contact& contact) override;

 private:
  AlertmanagerChannel(AlertmanagerConfig config, std::string base)
      : config_(std::move(config)), base_(std::move(base)) {}
  const std::string name_ = "alertmanager";
  const AlertmanagerConfig config_;
  const std::string base_;
};

}  // namespace giamsat::escalator
