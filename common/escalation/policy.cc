#include "common/escalation/policy.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/calendar/working_time.h"
#include "common/core/proto_time.h"

namespace giamsat::escalation {
namespace {

absl::string_view SeverityName(v1::Severity s) {
  switch (s) {
    case v1::SEVERITY_INFO:
      return "info";
    case v1::SEVERITY_WARNING:
      return "warning";
    case v1::SEVERITY_CRITICAL:
      return "critical";
    default:
      return "unspecified";
  }
}

bool Contains(const std::vector<std::string>& v, absl::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

absl::string_view KindLabel(v1::NotificationKind kind) {
  switch (kind) {
    case v1::NOTIFICATION_FIRING:
      return "firing";
    case v1::NOTIFICATION_REPEAT:
      return "repeat";
    case v1::NOTIFICATION_ESCALATED:
      return "escalated";
    case v1::NOTIFICATION_RESOLVED:
      return "resolved";
    default:
      return "unspecified";
  }
}

void Decisions::MergeFrom(Decisions&& other) {
  for (auto& n : other.notifications) notifications.push_back(std::move(n));
  for (auto& a : other.audit) audit.push_back(std::move(a));
  for (auto& k : other.changed) changed.push_back(std::move(k));
  for (auto& k : other.closed) closed.push_back(std::move(k));
}

std::string EscalationKey(absl::string_view unit_id,
                          absl::string_view rule_id) {
  return absl::StrCat(unit_id, "|", rule_id);
}

std::string EscalationInstance(absl::string_view key, const v1::Escalation& e) {
  return absl::StrCat(key, "/",
                      absl::ToUnixMicros(core::FromProto(e.opened_at())));
}

EscalationPolicy::EscalationPolicy(
    PolicyConfig config, std::shared_ptr<const calendar::Calendar> calendar,
    std::shared_ptr<const units::UnitTree> units)
    : config_(std::move(config)),
      calendar_(std::move(calendar)),
      units_(std::move(units)) {}

void EscalationPolicy::Load(std::map<std::string, v1::Escalation> escalations) {
  escalations_ = std::move(escalations);
}

const Route* EscalationPolicy::RouteFor(const v1::Alert& alert) const {
  for (const Route& r : config_.routes) {
    if (!r.rules.empty() && !Contains(r.rules, alert.rule_id())) continue;
    if (alert.severity() < r.min_severity) continue;
    if (!r.under.empty() && !units_->IsWithin(alert.unit_id(), r.under)) {
      continue;
    }
    return &r;
  }
  return nullptr;
}

bool EscalationPolicy::IsUrgent(const v1::Escalation& e) const {
  return e.severity() >= config_.urgent_severity;
}

std::optional<std::string> EscalationPolicy::RecipientAt(
    absl::string_view unit_id, int level) const {
  if (level < 1 || level > static_cast<int>(config_.levels.size())) {
    return std::nullopt;
  }
  const LevelSpec& spec = config_.levels[level - 1];
  std::string cur(unit_id);
  for (size_t hops = 0; !cur.empty() && hops <= units_->size(); ++hops) {
    const units::UnitInfo* info = units_->Find(cur);
    const std::string unit_level = info != nullptr ? info->level : "";
    if ((spec.unit_levels.empty() || Contains(spec.unit_levels, unit_level)) &&
        config_.contacts.count(cur) > 0) {
      return cur;
    }
    cur = info != nullptr ? info->parent : "";
  }
  return std::nullopt;
}

int EscalationPolicy::NextLevelWithRecipient(const v1::Escalation& e,
                                             int level) const {
  const std::optional<std::string> current =
      level > 0 ? RecipientAt(e.unit_id(), level) : std::nullopt;
  const int top =
      std::min<int>(e.max_level(), static_cast<int>(config_.levels.size()));
  for (int l = level + 1; l <= top; ++l) {
    std::optional<std::string> r = RecipientAt(e.unit_id(), l);
    if (r.has_value() && r != current) return l;
  }
  return 0;
}

void EscalationPolicy::Audit(const std::string& key, const v1::Escalation& e,
                             v1::AuditKind kind, absl::string_view suffix,
                             absl::Time now, absl::string_view actor,
                             absl::string_view notification_id,
                             absl::string_view detail, Decisions& out) const {
  v1::AuditEntry& a = out.audit.emplace_back();
  a.set_entry_id(absl::StrCat(EscalationInstance(key, e), "/",
                              v1::AuditKind_Name(kind), "/", suffix));
  a.set_kind(kind);
  *a.mutable_at() = core::ToProto(now);
  a.set_unit_id(e.unit_id());
  a.set_rule_id(e.rule_id());
  a.set_level(e.level());
  a.set_actor(std::string(actor));
  a.set_notification_id(std::string(notification_id));
  a.set_detail(std::string(detail));
  const std::map<std::string, std::string> alerts(e.alerts().begin(),
                                                  e.alerts().end());
  for (const auto& [alert_id, subject] : alerts) a.add_alert_ids(alert_id);
}

void EscalationPolicy::Notify(const std::string& key, v1::Escalation& e,
                              v1::NotificationKind kind,
                              const std::string& recipient, absl::Time now,
                              Decisions& out) {
  e.set_step(e.step() + 1);
  v1::Notification& n = out.notifications.emplace_back();
  n.set_notification_id(
      absl::StrCat(EscalationInstance(key, e), "/", e.step(), "/", recipient));
  n.set_kind(kind);
  n.set_level(e.level());
  n.set_recipient(recipient);
  n.set_unit_id(e.unit_id());
  n.set_rule_id(e.rule_id());
  n.set_severity(e.severity());
  // Proto maps have no order: sorted, so the same state gives the same text.
  const std::map<std::string, std::string> alerts(e.alerts().begin(),
                                                  e.alerts().end());
  std::vector<std::string> subjects;
  for (const auto& [alert_id, subject] : alerts) {
    n.add_alert_ids(alert_id);
    subjects.push_back(subject);
  }
  std::sort(subjects.begin(), subjects.end());
  n.set_subject_ids(absl::StrJoin(subjects, ","));
  *n.mutable_created_at() = core::ToProto(now);
  const auto contact = config_.contacts.find(recipient);
  n.set_summary(absl::StrCat(
      "[", SeverityName(e.severity()), "] ", e.rule_id(), " at ", e.unit_id(),
      ": ", KindLabel(kind), ", level ", e.level(), ", ", e.alerts_size(),
      " alert(s)", subjects.empty() ? "" : " (", absl::StrJoin(subjects, ", "),
      subjects.empty() ? "" : ")", "; to ",
      contact != config_.contacts.end() ? contact->second.name : recipient));
  if (!Contains({e.notified().begin(), e.notified().end()}, recipient)) {
    e.add_notified(recipient);
  }
  Audit(key, e, v1::AUDIT_NOTIFIED, absl::StrCat(e.step()), now, recipient,
        n.notification_id(), KindLabel(kind), out);
}

absl::Status EscalationPolicy::Schedule(v1::Escalation& e, absl::Time now) {
  absl::StatusOr<absl::Time> next =
      calendar::AddWorkingTime(*calendar_, now, config_.repeat_every);
  if (!next.ok()) return next.status();
  if (NextLevelWithRecipient(e, e.level()) > 0) {
    absl::StatusOr<absl::Time> escalate_at =
        calendar::AddWorkingTime(*calendar_, core::FromProto(e.level_since()),
                                 config_.levels[e.level() - 1].ack_within);
    if (!escalate_at.ok()) return escalate_at.status();
    next = std::min(*next, *escalate_at);
  }
  *e.mutable_next_action_at() = core::ToProto(*next);
  return absl::OkStatus();
}

absl::Status EscalationPolicy::Act(const std::string& key, v1::Escalation& e,
                                   absl::Time now, Decisions& out) {
  if (!IsUrgent(e)) {
    absl::StatusOr<bool> working = calendar::IsWorkingInstant(*calendar_, now);
    if (!working.ok()) return working.status();
    if (!*working) {  // quiet hours: wait for the next opening
      absl::StatusOr<absl::Time> open =
          calendar::NextWorkingInstant(*calendar_, now);
      if (!open.ok()) return open.status();
      *e.mutable_next_action_at() = core::ToProto(*open);
      out.changed.push_back(key);
      return absl::OkStatus();
    }
  }
  if (e.level() == 0) {
    const int first = NextLevelWithRecipient(e, 0);
    if (first == 0) {  // nobody to tell: recorded once, then left open
      e.clear_next_action_at();
      Audit(key, e, v1::AUDIT_NOTIFIED, "none", now, "", "",
            "no recipient configured for this unit", out);
      out.changed.push_back(key);
      return absl::OkStatus();
    }
    e.set_level(first);
    *e.mutable_level_since() = core::ToProto(now);
    Notify(key, e, v1::NOTIFICATION_FIRING, *RecipientAt(e.unit_id(), first),
           now, out);
  } else {
    const int next = NextLevelWithRecipient(e, e.level());
    bool escalate = false;
    if (next > 0) {
      absl::StatusOr<absl::Time> escalate_at =
          calendar::AddWorkingTime(*calendar_, core::FromProto(e.level_since()),
                                   config_.levels[e.level() - 1].ack_within);
      if (!escalate_at.ok()) return escalate_at.status();
      escalate = now >= *escalate_at;
    }
    if (escalate) {
      e.set_level(next);
      *e.mutable_level_since() = core::ToProto(now);
      const std::string recipient = *RecipientAt(e.unit_id(), next);
      Audit(key, e, v1::AUDIT_ESCALATED, absl::StrCat("level-", next), now,
            recipient, "", "not acknowledged in time", out);
      Notify(key, e, v1::NOTIFICATION_ESCALATED, recipient, now, out);
    } else {
      // The level's person; after a config change that removed them, the
      // last person notified.
      std::optional<std::string> current = RecipientAt(e.unit_id(), e.level());
      if (!current.has_value() && e.notified_size() > 0) {
        current = e.notified(e.notified_size() - 1);
      }
      if (current.has_value()) {
        Notify(key, e, v1::NOTIFICATION_REPEAT, *current, now, out);
      }
    }
  }
  out.changed.push_back(key);
  return Schedule(e, now);
}

absl::Status EscalationPolicy::OnAlert(const v1::Alert& alert, absl::Time now,
                                       Decisions& out) {
  const std::string key = EscalationKey(alert.unit_id(), alert.rule_id());
  auto it = escalations_.find(key);
  if (alert.state() == v1::ALERT_RESOLVED) {
    if (it == escalations_.end()) return absl::OkStatus();
    v1::Escalation& e = it->second;
    if (e.mutable_alerts()->erase(alert.alert_id()) == 0) {
      return absl::OkStatus();
    }
    if (!e.alerts().empty()) {
      out.changed.push_back(key);
      return absl::OkStatus();
    }
    const size_t audit_before = out.audit.size();
    if (e.level() > 0) {
      for (const std::string& r :
           std::vector<std::string>(e.notified().begin(), e.notified().end())) {
        Notify(key, e, v1::NOTIFICATION_RESOLVED, r, now, out);
      }
    }
    Audit(key, e, v1::AUDIT_RESOLVED, "closed", now, "", "", alert.resolution(),
          out);
    // The escalation has no alert left: the records name the last one.
    for (size_t i = audit_before; i < out.audit.size(); ++i) {
      out.audit[i].add_alert_ids(alert.alert_id());
    }
    out.closed.push_back(key);
    escalations_.erase(it);
    return absl::OkStatus();
  }
  if (alert.state() != v1::ALERT_FIRING) return absl::OkStatus();
  const Route* route = RouteFor(alert);
  if (route == nullptr) return absl::OkStatus();
  if (it == escalations_.end()) {
    v1::Escalation e;
    e.set_unit_id(alert.unit_id());
    e.set_rule_id(alert.rule_id());
    e.set_severity(alert.severity());
    e.set_max_level(route->max_level);
    *e.mutable_opened_at() = core::ToProto(now);
    *e.mutable_next_action_at() = core::ToProto(now + config_.grouping_window);
    (*e.mutable_alerts())[alert.alert_id()] = alert.subject_id();
    escalations_.emplace(key, std::move(e));
    out.changed.push_back(key);
    return absl::OkStatus();
  }
  v1::Escalation& e = it->second;
  if (e.alerts().count(alert.alert_id()) > 0) return absl::OkStatus();
  (*e.mutable_alerts())[alert.alert_id()] = alert.subject_id();
  e.set_severity(std::max(e.severity(), alert.severity()));
  if (!e.acknowledged_by().empty()) {  // a new breach after the ack: reopen
    e.clear_acknowledged_by();
    e.clear_acknowledged_at();
    e.set_level(0);
    e.set_step(0);
    e.set_max_level(route->max_level);
    *e.mutable_opened_at() = core::ToProto(now);
    *e.mutable_next_action_at() = core::ToProto(now + config_.grouping_window);
  }
  out.changed.push_back(key);
  return absl::OkStatus();
}

absl::Status EscalationPolicy::Tick(absl::Time now, Decisions& out) {
  absl::Status first_error;
  for (auto& [key, e] : escalations_) {
    if (!e.acknowledged_by().empty() || !e.has_next_action_at()) continue;
    if (core::FromProto(e.next_action_at()) > now) continue;
    absl::Status s = Act(key, e, now, out);
    if (!s.ok() && first_error.ok()) first_error = s;
  }
  return first_error;
}

absl::StatusOr<v1::AckAlertResponse> EscalationPolicy::Ack(
    const v1::AckAlertRequest& request, absl::Time now, Decisions& out) {
  if (request.acknowledged_by().empty()) {
    return absl::InvalidArgumentError("acknowledged_by: required");
  }
  auto it = escalations_.end();
  if (!request.alert_id().empty()) {
    it = std::find_if(escalations_.begin(), escalations_.end(),
                      [&](const auto& kv) {
                        return kv.second.alerts().count(request.alert_id()) > 0;
                      });
  } else if (!request.unit_id().empty() && !request.rule_id().empty()) {
    it = escalations_.find(EscalationKey(request.unit_id(), request.rule_id()));
  } else {
    return absl::InvalidArgumentError(
        "alert_id: required (or both unit_id and rule_id)");
  }
  if (it == escalations_.end()) {
    return absl::NotFoundError("no open escalation for this alert");
  }
  v1::Escalation& e = it->second;
  v1::AckAlertResponse response;
  response.set_escalation_key(it->first);
  if (!e.acknowledged_by().empty()) {
    response.set_already_acknowledged(true);
  } else {
    e.set_acknowledged_by(request.acknowledged_by());
    *e.mutable_acknowledged_at() = core::ToProto(now);
    Audit(it->first, e, v1::AUDIT_ACKNOWLEDGED, "ack", now,
          request.acknowledged_by(), "", request.note(), out);
    out.changed.push_back(it->first);
  }
  response.set_acknowledged_by(e.acknowledged_by());
  *response.mutable_acknowledged_at() = e.acknowledged_at();
  return response;
}

std::optional<absl::Time> EscalationPolicy::NextDue() const {
  std::optional<absl::Time> due;
  for (const auto& [key, e] : escalations_) {
    if (!e.acknowledged_by().empty() || !e.has_next_action_at()) continue;
    const absl::Time t = core::FromProto(e.next_action_at());
    if (!due.has_value() || t < *due) due = t;
  }
  return due;
}

}  // namespace giamsat::escalation
