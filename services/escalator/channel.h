// Channel port: one way of delivering a notification to a contact (e-mail,
// webhook, Alertmanager). Implementations sort their errors: Unavailable
// for failures worth retrying (network, timeouts, 5xx, 429), other codes
// for deliveries that can never succeed (a 4xx, a bad address). Each
// notification carries a stable id the receiver de-duplicates by, so a
// retry after a lost reply is harmless. Implementations are safe for use
// from one delivering thread.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "common/escalation/policy.h"
#include "giamsat/v1/escalation.pb.h"

namespace giamsat::escalator {

class Channel {
 public:
  virtual ~Channel() = default;
  // "email", "webhook", "alertmanager".
  virtual const std::string& name() const = 0;
  // True when this channel should reach `contact` at all.
  virtual bool Reaches(const escalation::Contact& contact) const = 0;
  virtual absl::Status Deliver(const v1::Notification& notification,
                               const escalation::Contact& contact) = 0;
};

// The JSON form of a notification (proto3 JSON, camelCase field names).
std::string NotificationJson(const v1::Notification& notification);

// Status for an HTTP answer or a transport failure (`status` <= 0).
absl::Status HttpOutcome(const std::string& what, int status,
                         const std::string& error);

}  // namespace giamsat::escalator
