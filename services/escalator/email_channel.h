// EmailChannel: sends each notification as a plain-text UTF-8 e-mail over
// SMTP (libcurl), with the notification id as Message-ID so mail systems
// and readers can de-duplicate. STARTTLS when configured; credentials from
// environment variables named in config. Connection failures, timeouts and
// 4xx replies are Unavailable (retry); rejected recipients and failed
// logins are FailedPrecondition.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/escalator/channel.h"

namespace giamsat::escalator {

struct EmailConfig {
  // smtp://host:port; empty disables the channel.
  std::string smtp_url = "";
  std::string from = "giamsat@localhost";
  // Require STARTTLS before sending.
  bool starttls = false;
  // Names of environment variables holding the SMTP login, if any.
  std::string username_env = "";
  std::string password_env = "";
  int timeout_ms = 10000;
};

// The message (headers and body) sent for a notification.
std::string EmailMessage(const EmailConfig& config,
                         const v1::Notification& notification,
                         const escalation::Contact& contact);

class EmailChannel final : public Channel {
 public:
  static absl::StatusOr<std::unique_ptr<EmailChannel>> Create(
      const EmailConfig& config);

  const std::string& name() const override { return name_; }
  bool Reaches(const escalation::Contact& contact) const override {
    return !contact.email.empty();
  }
  absl::Status Deliver(const v1::Notification& notification,
                       const escalation::Contact& contact) override;

 private:
  EmailChannel(EmailConfig config, std::string username, std::string password)
      : config_(std::move(config)),
        username_(std::move(username)),
        password_(std::move(password)) {}
  const std::string name_ = "email";
  const EmailConfig config_;
  const std::string username_;
  const std::string password_;
};

}  // namespace giamsat::escalator
