#include "services/escalator/webhook_channel.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "httplib.h"

namespace giamsat::escalator {

std::string HmacSha256Hex(const std::string& secret, const std::string& body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest,
       &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

absl::StatusOr<std::pair<std::string, std::string>> SplitHttpUrl(
    const std::string& url) {
  if (!absl::StartsWith(url, "http://") && !absl::StartsWith(url, "https://")) {
    return absl::InvalidArgumentError("must start with http:// or https://");
  }
  const size_t host_start = url.find("://") + 3;
  const size_t slash = url.find('/', host_start);
  if (slash == host_start) return absl::InvalidArgumentError("no host");
  if (slash == std::string::npos) return std::make_pair(url, std::string("/"));
  return std::make_pair(url.substr(0, slash), url.substr(slash));
}

struct WebhookChannel::Impl {
  WebhookConfig config;
  std::string secret;
  std::string base;
  std::string path;
};

WebhookChannel::WebhookChannel(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
WebhookChannel::~WebhookChannel() = default;

absl::StatusOr<std::unique_ptr<WebhookChannel>> WebhookChannel::Create(
    const WebhookConfig& config) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  absl::StatusOr<std::pair<std::string, std::string>> parts =
      SplitHttpUrl(config.url);
  if (!parts.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("webhook.url: ", parts.status().message()));
  }
  impl->base = parts->first;
  impl->path = parts->second;
  const char* secret = std::getenv(config.secret_env.c_str());
  if (secret == nullptr || *secret == '\0') {
    return absl::FailedPreconditionError(
        absl::StrCat("webhook.secret_env: environment variable ",
                     config.secret_env, " is not set"));
  }
  impl->secret = secret;
  return std::unique_ptr<WebhookChannel>(new WebhookChannel(std::move(impl)));
}

absl::Status WebhookChannel::Deliver(const v1::Notification& notification,
                                     const escalation::Contact& contact) {
  const std::string body = NotificationJson(notification);
  httplib::Client client(impl_->base);
  const auto timeout = std::chrono::milliseconds(impl_->config.timeout_ms);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  httplib::Headers headers = {
      {impl_->config.signature_header,
       "sha256=" + HmacSha256Hex(impl_->secret, body)},
      {"X-Giamsat-Notification-Id", notification.notification_id()}};
  httplib::Result res =
      client.Post(impl_->path, headers, body, "application/json");
  if (!res) {
    return HttpOutcome("webhook", 0, httplib::to_string(res.error()));
  }
  return HttpOutcome("webhook", res->status, "");
}

}  // namespace giamsat::escalator
