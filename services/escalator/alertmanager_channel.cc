#include "services/escalator/alertmanager_channel.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "common/core/proto_time.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "services/escalator/webhook_channel.h"

namespace giamsat::escalator {

std::string AlertmanagerBody(const v1::Notification& n) {
  std::string severity(
      absl::StripPrefix(v1::Severity_Name(n.severity()), "SEVERITY_"));
  absl::AsciiStrToLower(&severity);
  const std::string at = absl::FormatTime(
      absl::RFC3339_full, core::FromProto(n.created_at()), absl::UTCTimeZone());
  nlohmann::json alert = {{"labels",
                           {{"alertname", n.rule_id()},
                            {"unit", n.unit_id()},
                            {"rule", n.rule_id()},
                            {"severity", severity}}},
                          {"annotations",
                           {{"summary", n.summary()},
                            {"level", std::to_string(n.level())},
                            {"recipient", n.recipient()},
                            {"notification_id", n.notification_id()},
                            {"subjects", n.subject_ids()}}},
                          {"startsAt", at}};
  if (n.kind() == v1::NOTIFICATION_RESOLVED) alert["endsAt"] = at;
  return nlohmann::json::array({alert}).dump();
}

absl::StatusOr<std::unique_ptr<AlertmanagerChannel>>
AlertmanagerChannel::Create(const AlertmanagerConfig& config) {
  absl::StatusOr<std::pair<std::string, std::string>> parts =
      SplitHttpUrl(config.url);
  if (!parts.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("alertmanager.url: ", parts.status().message()));
  }
  std::string base = parts->first;
  if (parts->second != "/") {
    base += std::string(absl::StripSuffix(parts->second, "/"));
  }
  return std::unique_ptr<AlertmanagerChannel>(
      new AlertmanagerChannel(config, base));
}

absl::Status AlertmanagerChannel::Deliver(const v1::Notification& notification,
                                          const escalation::Contact& contact) {
  absl::StatusOr<std::pair<std::string, std::string>> parts =
      SplitHttpUrl(base_);
  httplib::Client client(parts->first);
  const auto timeout = std::chrono::milliseconds(config_.timeout_ms);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  const std::string path =
      (parts->second == "/" ? "" : parts->second) + "/api/v2/alerts";
  httplib::Result res =
      client.Post(path, AlertmanagerBody(notification), "application/json");
  if (!res) {
    return HttpOutcome("alertmanager", 0, httplib::to_string(res.error()));
  }
  return HttpOutcome("alertmanager", res->status, "");
}

}  // namespace giamsat::escalator
