// WebhookChannel: POSTs each notification as JSON to one URL, signed with
// HMAC-SHA256 over the body: header `<signature_header>: sha256=<hex>`, and
// the notification id in `X-Giamsat-Notification-Id`. The secret comes
// from an environment variable (never from config files).
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/escalator/channel.h"

namespace giamsat::escalator {

struct WebhookConfig {
  // http://host:port/path; empty disables the channel.
  std::string url = "";
  // Name of the environment variable holding the HMAC secret.
  std::string secret_env = "GIAMSAT_WEBHOOK_SECRET";
  std::string signature_header = "X-Giamsat-Signature";
  int timeout_ms = 5000;
};

// Hex HMAC-SHA256 of `body` under `secret`.
std::string HmacSha256Hex(const std::string& secret, const std::string& body);

class WebhookChannel final : public Channel {
 public:
  // FailedPrecondition when the secret variable is unset or empty,
  // InvalidArgument for a URL that is not http://host[:port][/path].
  static absl::StatusOr<std::unique_ptr<WebhookChannel>> Create(
      const WebhookConfig& config);
  ~WebhookChannel() override;

  const std::string& name() const override { return name_; }
  bool Reaches(const escalation::Contact& contact) const override {
    return contact.webhook;
  }
  absl::Status Deliver(const v1::Notification& notification,
                       const escalation::Contact& contact) override;

 private:
  struct Impl;
  explicit WebhookChannel(std::unique_ptr<Impl> impl);
  const std::string name_ = "webhook";
  std::unique_ptr<Impl> impl_;
};

// Splits "http://host:port/path" into ("http://host:port", "/path").
absl::StatusOr<std::pair<std::string, std::string>> SplitHttpUrl(
    const std::string& url);

}  // namespace giamsat::escalator
