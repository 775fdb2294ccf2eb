// Escalation policy: who hears about which alert, when, and how it climbs.
//
// Pure: no I/O and no clock of its own; every call is given `now`. Alerts
// are grouped per (unit, rule) into one Escalation. The first alert of a
// group opens it and the first notice goes out after the grouping window
// (alerts arriving meanwhile join it). Level 1 is the head of the alert's
// unit; when a level is not acknowledged within its timeout (in WORKING
// time on the legal calendar) the next level's leader is notified, up to the
// route's max_level. Until acknowledged, the current level is re-notified
// every `repeat_every` of working time. Outside working time (quiet hours)
// notices wait for the next opening unless the severity is urgent. When
// every alert of a group is resolved, everyone notified gets a resolved
// notice and the group closes. A new alert on an acknowledged group reopens
// it at level 1.
//
// Not thread-safe. Calendar errors (an instant outside the covered years)
// are returned as OutOfRange and leave the state unchanged for that group.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/calendar/calendar.h"
#include "common/units/unit_tree.h"
#include "giamsat/v1/alerts.pb.h"
#include "giamsat/v1/escalation.pb.h"

namespace giamsat::escalation {

// The person responsible for a unit at some level, and how to reach them.
struct Contact {
  std::string name;
  std::string email;          // empty: no e-mail
  bool webhook = false;       // deliver to the webhook
  bool alertmanager = false;  // forward to Alertmanager
};

struct LevelSpec {
  // Unit levels (units.yaml `level`) whose head is notified at this level:
  // the nearest unit at or above the alert's unit with one of these levels
  // and a contact. Empty: the alert's own unit (or its nearest ancestor
  // with a contact).
  std::vector<std::string> unit_levels;
  // Working time to wait for an acknowledgement before the next level.
  absl::Duration ack_within = absl::Hours(4);
};

// Which alerts escalate and how far; the first matching route applies and
// an alert no route matches is not notified.
struct Route {
  std::vector<std::string> rules;  // empty: every rule
  v1::Severity min_severity = v1::SEVERITY_WARNING;
  std::string under;  // only units at or below this one; empty: every unit
  int max_level = 3;
};

struct PolicyConfig {
  absl::Duration grouping_window = absl::Minutes(5);
  absl::Duration repeat_every = absl::Hours(4);  // working time
  // Severities at or above this one are notified in quiet hours too.
  v1::Severity urgent_severity = v1::SEVERITY_CRITICAL;
  std::vector<LevelSpec> levels;
  std::vector<Route> routes;
  std::map<std::string, Contact, std::less<>> contacts;  // unit id -> head
};

// What one call decided: notices to send, audit entries, and the groups
// whose stored state changed or closed.
struct Decisions {
  std::vector<v1::Notification> notifications;
  std::vector<v1::AuditEntry> audit;
  std::vector<std::string> changed;  // escalation keys to store
  std::vector<std::string> closed;   // escalation keys to delete
  void MergeFrom(Decisions&& other);
};

// "firing", "repeat", "escalated", "resolved" (metric labels, text).
absl::string_view KindLabel(v1::NotificationKind kind);

// "<unit id>|<rule id>".
std::string EscalationKey(absl::string_view unit_id, absl::string_view rule_id);

class EscalationPolicy {
 public:
  EscalationPolicy(PolicyConfig config,
                   std::shared_ptr<const calendar::Calendar> calendar,
                   std::shared_ptr<const units::UnitTree> units);

  // Restores stored state (at start-up).
  void Load(std::map<std::string, v1::Escalation> escalations);

  // Applies one alert from the alerts topic (FIRING or RESOLVED). Repeated
  // deliveries of the same alert state change nothing.
  absl::Status OnAlert(const v1::Alert& alert, absl::Time now, Decisions& out);

  // Sends what fell due at `now`: first notices, repeats, escalations.
  absl::Status Tick(absl::Time now, Decisions& out);

  // Acknowledges the escalation holding `alert_id`, or that of
  // (unit_id, rule_id) when alert_id is empty.
  absl::StatusOr<v1::AckAlertResponse> Ack(const v1::AckAlertRequest& request,
                                           absl::Time now, Decisions& out);

  // The earliest next action of an open, unacknowledged escalation.
  std::optional<absl::Time> NextDue() const;
  const std::map<std::string, v1::Escalation>& escalations() const {
    return escalations_;
  }
  const PolicyConfig& config() const { return config_; }

  // The contact notified at `level` (1-based) for `unit_id`, or nullopt when
  // nobody is configured for that level.
  std::optional<std::string> RecipientAt(absl::string_view unit_id,
                                         int level) const;

 private:
  const Route* RouteFor(const v1::Alert& alert) const;
  bool IsUrgent(const v1::Escalation& e) const;
  // The level after `level` that has a recipient, or 0 when none.
  int NextLevelWithRecipient(const v1::Escalation& e, int level) const;
  absl::Status Act(const std::string& key, v1::Escalation& e, absl::Time now,
                   Decisions& out);
  absl::Status Schedule(v1::Escalation& e, absl::Time now);
  void Notify(const std::string& key, v1::Escalation& e,
              v1::NotificationKind kind, const std::string& recipient,
              absl::Time now, Decisions& out);
  void Audit(const std::string& key, const v1::Escalation& e,
             v1::AuditKind kind, absl::string_view suffix, absl::Time now,
             absl::string_view actor, absl::string_view notification_id,
             absl::string_view detail, Decisions& out) const;

  const PolicyConfig config_;
  const std::shared_ptr<const calendar::Calendar> calendar_;
  const std::shared_ptr<const units::UnitTree> units_;
  std::map<std::string, v1::Escalation> escalations_;
};

// Stable id of an audit entry or notification stem: "<key>/<opened micros>".
std::string EscalationInstance(absl::string_view key, const v1::Escalation& e);

}  // namespace giamsat::escalation
