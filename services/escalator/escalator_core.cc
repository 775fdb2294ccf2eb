#include "services/escalator/escalator_core.h"

#include <algorithm>
#include <limits>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/core/proto_time.h"
#include "common/escalation/audit_trail.h"
#include "spdlog/spdlog.h"

namespace giamsat::escalator {
namespace {

size_t Unacknowledged(const escalation::EscalationPolicy& policy) {
  size_t n = 0;
  for (const auto& [key, e] : policy.escalations()) {
    n += e.acknowledged_by().empty() ? 1 : 0;
  }
  return n;
}

}  // namespace

std::string DeliveryField(const v1::Delivery& d) {
  return absl::StrCat(d.notification().notification_id(), "#", d.channel());
}

EscalatorCore::EscalatorCore(store::StateStore& store, store::KeyLayout layout,
                             escalation::EscalationPolicy& policy,
                             std::vector<Channel*> channels,
                             const core::Clock& clock, EscalatorProbe& probe,
                             DeliveryPolicy delivery, CoreTopics topics)
    : store_(store),
      layout_(std::move(layout)),
      clock_(clock),
      probe_(probe),
      delivery_(delivery),
      topics_(std::move(topics)),
      policy_(policy) {
  for (Channel* c : channels) channels_[c->name()] = c;
}

absl::Status EscalatorCore::Recover() {
  absl::MutexLock lock(&mu_);
  return LoadLocked();
}

absl::Status EscalatorCore::LoadLocked() {
  absl::StatusOr<std::vector<store::Hash>> hashes =
      store_.GetHashes({layout_.Escalations(), layout_.EscalationDeliveries(),
                        layout_.AuditOutbox()});
  if (!hashes.ok()) return hashes.status();
  std::map<std::string, v1::Escalation> escalations;
  for (const auto& [key, bytes] : (*hashes)[0]) {
    if (!escalations[key].ParseFromString(bytes)) {
      return absl::DataLossError("stored escalation " + key + " is corrupt");
    }
  }
  std::map<std::string, v1::Delivery> deliveries;
  for (const auto& [field, bytes] : (*hashes)[1]) {
    if (!deliveries[field].ParseFromString(bytes)) {
      return absl::DataLossError("stored delivery " + field + " is corrupt");
    }
  }
  std::map<std::string, v1::AuditEntry> audit_outbox;
  for (const auto& [id, bytes] : (*hashes)[2]) {
    if (!audit_outbox[id].ParseFromString(bytes)) {
      return absl::DataLossError("stored audit entry " + id + " is corrupt");
    }
  }
  policy_.Load(std::move(escalations));
  deliveries_ = std::move(deliveries);
  audit_outbox_ = std::move(audit_outbox);
  probe_.PendingEscalations(Unacknowledged(policy_));
  probe_.PendingDeliveries(deliveries_.size());
  return absl::OkStatus();
}

absl::StatusOr<bool> EscalatorCore::Activate() {
  if (take_fence_) {
    absl::StatusOr<int64_t> token =
        store_.TakeFence(topics_.alerts, kWholeTopicFence);
    if (!token.ok()) return token.status();
    // With the fence taken, nothing more of a former instance can land: what
    // is stored now is the state to go on from.
    if (absl::Status s = LoadLocked(); !s.ok()) return s;
    take_fence_ = false;
    fence_ = *token;
    probe_.Active(true);
    spdlog::info("active escalator of {} (fence {})", topics_.alerts, *token);
  }
  return fence_.has_value();
}

absl::StatusOr<store::CommitOutcome> EscalatorCore::CommitFenced(
    store::WriteBatch& batch) {
  batch.RequireFence({topics_.alerts, kWholeTopicFence, *fence_});
  absl::StatusOr<store::CommitOutcome> committed = store_.Commit(batch);
  if (!committed.ok() && absl::IsAborted(committed.status())) {
    // A newer instance took the fence (or moved the offsets): it decides
    // from now on, and this one waits for its next assignment.
    fence_.reset();
    probe_.Active(false);
    spdlog::warn("no longer the active escalator of {}: {}", topics_.alerts,
                 committed.status().ToString());
  }
  return committed;
}

void EscalatorCore::StageAudit(const v1::AuditEntry& entry,
                               store::WriteBatch& batch) const {
  const std::string bytes = entry.SerializeAsString();
  const int64_t score = absl::ToUnixMicros(core::FromProto(entry.at()));
  batch.Put(layout_.AuditEntry(entry.entry_id()), bytes);
  batch.SortedSetAdd(layout_.AuditIndex(""), entry.entry_id(), score);
  batch.SortedSetAdd(layout_.AuditIndex(entry.unit_id()), entry.entry_id(),
                     score);
  batch.HashPut(layout_.AuditOutbox(), entry.entry_id(), bytes);
}

void EscalatorCore::Stage(const escalation::Decisions& d,
                          store::WriteBatch& batch,
                          std::map<std::string, v1::Delivery>& new_deliveries,
                          std::vector<v1::AuditEntry>& audit) const {
  std::set<std::string> keys(d.changed.begin(), d.changed.end());
  keys.insert(d.closed.begin(), d.closed.end());
  const auto& escalations = policy_.escalations();
  for (const std::string& key : keys) {
    auto it = escalations.find(key);
    if (it == escalations.end()) {
      batch.HashDelete(layout_.Escalations(), key);
    } else {
      batch.HashPut(layout_.Escalations(), key, it->second.SerializeAsString());
    }
  }
  for (const v1::Notification& n : d.notifications) {
    auto contact = policy_.config().contacts.find(n.recipient());
    if (contact == policy_.config().contacts.end()) continue;
    for (const auto& [name, channel] : channels_) {
      if (!channel->Reaches(contact->second)) continue;
      v1::Delivery del;
      *del.mutable_notification() = n;
      del.set_channel(name);
      *del.mutable_next_attempt_at() = n.created_at();
      const std::string field = DeliveryField(del);
      batch.HashPut(layout_.EscalationDeliveries(), field,
                    del.SerializeAsString());
      new_deliveries[field] = std::move(del);
    }
  }
  for (const v1::AuditEntry& a : d.audit) {
    StageAudit(a, batch);
    audit.push_back(a);
  }
}

absl::Status EscalatorCore::StageAndCommit(
    const escalation::Decisions& d,
    std::map<std::string, v1::Escalation>&& before,
    const std::vector<store::OffsetUpdate>& offsets) {
  store::WriteBatch batch;
  std::map<std::string, v1::Delivery> new_deliveries;
  std::vector<v1::AuditEntry> audit;
  Stage(d, batch, new_deliveries, audit);
  for (const auto& off : offsets) batch.UpdateOffset(off);
  absl::StatusOr<store::CommitOutcome> committed = CommitFenced(batch);
  if (!committed.ok()) {
    policy_.Load(std::move(before));
    offsets_.clear();
    probe_.CommitFailed();
    return committed.status();
  }
  for (auto& [field, del] : new_deliveries) deliveries_[field] = std::move(del);
  for (auto& a : audit) {
    if (a.kind() == v1::AUDIT_ESCALATED) probe_.Escalated(a.level());
    if (a.kind() == v1::AUDIT_ACKNOWLEDGED) probe_.Acknowledged();
    audit_outbox_[a.entry_id()] = std::move(a);
  }
  for (const auto& n : d.notifications)
    probe_.Notified(std::string(escalation::KindLabel(n.kind())));
  for (const auto& off : batch.offsets()) {
    offsets_[{off.topic, off.partition}] = off.next;
  }
  probe_.PendingEscalations(Unacknowledged(policy_));
  probe_.PendingDeliveries(deliveries_.size());
  return absl::OkStatus();
}

absl::Status EscalatorCore::Process(
    const std::vector<events::InRecord>& records) {
  if (records.empty()) return absl::OkStatus();
  absl::MutexLock lock(&mu_);
  absl::StatusOr<bool> active = Activate();
  if (!active.ok()) return active.status();
  if (!*active) {
    return absl::FailedPreconditionError(
        "not the active escalator of " + topics_.alerts +
        ": it owns no partition of it, or a newer instance took over; "
        "waiting for the next assignment");
  }
  std::map<std::string, v1::Escalation> before = policy_.escalations();
  std::map<std::pair<std::string, int32_t>, store::OffsetUpdate> offsets;
  escalation::Decisions d;
  const absl::Time now = clock_.Now();
  for (const events::InRecord& r : records) {
    const std::pair<std::string, int32_t> tp{r.topic, r.partition};
    auto known = offsets_.find(tp);
    if (known == offsets_.end()) {
      absl::StatusOr<std::optional<int64_t>> stored =
          store_.GetOffset(r.topic, r.partition);
      if (!stored.ok()) return stored.status();
      known = offsets_.emplace(tp, stored->value_or(-1)).first;
    }
    if (r.offset < known->second) continue;  // applied before a restart
    auto [update, fresh] = offsets.try_emplace(
        tp, store::OffsetUpdate{r.topic, r.partition, known->second, 0});
    update->second.next = r.offset + 1;
    v1::Alert alert;
    if (!alert.ParseFromString(r.value) || alert.alert_id().empty()) {
      probe_.Alert("undecodable");
      spdlog::warn("{}[{}]@{}: not a giamsat.v1.Alert, skipped", r.topic,
                   r.partition, r.offset);
      continue;
    }
    probe_.Alert(alert.state() == v1::ALERT_RESOLVED ? "resolved" : "firing");
    if (absl::Status s = policy_.OnAlert(alert, now, d); !s.ok()) {
      policy_.Load(std::move(before));
      return s;
    }
  }
  if (offsets.empty()) return absl::OkStatus();
  std::vector<store::OffsetUpdate> updates;
  for (const auto& [tp, update] : offsets) updates.push_back(update);
  return StageAndCommit(d, std::move(before), updates);
}

absl::Status EscalatorCore::Tick() {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<bool> active = Activate();
  if (!active.ok() || !*active) return active.status();
  const absl::Time now = clock_.Now();
  std::optional<absl::Time> due = policy_.NextDue();
  if (!due.has_value() || *due > now) return absl::OkStatus();
  std::map<std::string, v1::Escalation> before = policy_.escalations();
  escalation::Decisions d;
  absl::Status ticked = policy_.Tick(now, d);
  if (d.changed.empty() && d.closed.empty()) return ticked;
  absl::Status s = StageAndCommit(d, std::move(before), {});
  return s.ok() ? ticked : s;
}

absl::StatusOr<v1::AckAlertResponse> EscalatorCore::Ack(
    const v1::AckAlertRequest& request) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<bool> active = Activate();
  if (!active.ok()) return active.status();
  if (!*active) {
    return absl::UnavailableError(
        "this escalator instance is not active: it owns no partition of " +
        topics_.alerts +
        " (starting, or another instance is active); try again shortly");
  }
  std::map<std::string, v1::Escalation> before = policy_.escalations();
  escalation::Decisions d;
  absl::StatusOr<v1::AckAlertResponse> response =
      policy_.Ack(request, clock_.Now(), d);
  if (!response.ok() || response->already_acknowledged()) return response;
  if (absl::Status s = StageAndCommit(d, std::move(before), {}); !s.ok()) {
    return absl::UnavailableError("acknowledgement not stored: " +
                                  s.ToString());
  }
  return response;
}

absl::Status EscalatorCore::Deliver(events::EventPublisher& log) {
  struct Attempt {
    v1::Delivery delivery;
    escalation::Contact contact;
    absl::Status outcome;
  };
  std::vector<Attempt> attempts;
  const absl::Time now = clock_.Now();
  {
    absl::MutexLock lock(&mu_);
    absl::StatusOr<bool> active = Activate();
    if (!active.ok() || !*active) return active.status();
    for (const auto& [field, del] : deliveries_) {
      if (core::FromProto(del.next_attempt_at()) > now) continue;
      auto contact =
          policy_.config().contacts.find(del.notification().recipient());
      attempts.push_back({del,
                          contact == policy_.config().contacts.end()
                              ? escalation::Contact{}
                              : contact->second,
                          absl::OkStatus()});
      if (attempts.size() >= 100) break;
    }
  }
  if (attempts.empty()) return absl::OkStatus();
  std::vector<events::OutRecord> dead;
  for (Attempt& a : attempts) {
    auto channel = channels_.find(a.delivery.channel());
    a.outcome =
        channel == channels_.end()
            ? absl::FailedPreconditionError("channel " + a.delivery.channel() +
                                            " is not configured")
            : channel->second->Deliver(a.delivery.notification(), a.contact);
    a.delivery.set_attempts(a.delivery.attempts() + 1);
    if (!a.outcome.ok()) {
      a.delivery.set_last_error(a.outcome.ToString());
      if (!absl::IsUnavailable(a.outcome) ||
          a.delivery.attempts() >= delivery_.max_attempts) {
        dead.push_back({topics_.dead_letter, DeliveryField(a.delivery),
                        a.delivery.SerializeAsString()});
      }
    }
  }
  std::set<std::string> dead_written;
  if (!dead.empty()) {
    std::vector<absl::Status> written = log.PublishBatch(dead);
    for (size_t i = 0; i < dead.size(); ++i) {
      if (written[i].ok()) dead_written.insert(dead[i].key);
    }
  }
  absl::MutexLock lock(&mu_);
  store::WriteBatch batch;
  std::vector<v1::AuditEntry> audit;
  std::map<std::string, std::optional<v1::Delivery>> updates;
  for (Attempt& a : attempts) {
    const std::string field = DeliveryField(a.delivery);
    const v1::Notification& n = a.delivery.notification();
    auto audit_entry = [&](v1::AuditKind kind, const std::string& detail) {
      v1::AuditEntry& e = audit.emplace_back();
      e.set_entry_id(absl::StrCat(n.notification_id(), "#",
                                  a.delivery.channel(), "/",
                                  v1::AuditKind_Name(kind)));
      e.set_kind(kind);
      *e.mutable_at() = core::ToProto(now);
      e.set_unit_id(n.unit_id());
      e.set_rule_id(n.rule_id());
      e.set_level(n.level());
      e.set_actor(n.recipient());
      e.set_notification_id(n.notification_id());
      e.set_channel(a.delivery.channel());
      e.set_detail(detail);
      *e.mutable_alert_ids() = n.alert_ids();
    };
    if (a.outcome.ok()) {
      probe_.Delivery(a.delivery.channel(), "delivered");
      audit_entry(v1::AUDIT_DELIVERED, "");
      updates[field] = std::nullopt;
    } else if (dead_written.count(field) > 0) {
      probe_.Delivery(a.delivery.channel(), "dead_lettered");
      spdlog::error("{} dead-lettered after {} attempt(s): {}", field,
                    a.delivery.attempts(), a.outcome.ToString());
      audit_entry(v1::AUDIT_DEAD_LETTERED, a.outcome.ToString());
      updates[field] = std::nullopt;
    } else {
      probe_.Delivery(a.delivery.channel(), "retry");
      absl::Duration backoff = delivery_.initial_backoff;
      for (int i = 1;
           i < a.delivery.attempts() && backoff < delivery_.max_backoff; ++i) {
        backoff *= 2;
      }
      backoff = std::min(backoff, delivery_.max_backoff);
      *a.delivery.mutable_next_attempt_at() = core::ToProto(now + backoff);
      spdlog::warn("{} failed (attempt {}), retry in {}: {}", field,
                   a.delivery.attempts(), absl::FormatDuration(backoff),
                   a.outcome.ToString());
      updates[field] = a.delivery;
    }
  }
  for (const auto& [field, del] : updates) {
    if (del.has_value()) {
      batch.HashPut(layout_.EscalationDeliveries(), field,
                    del->SerializeAsString());
    } else {
      batch.HashDelete(layout_.EscalationDeliveries(), field);
    }
  }
  for (const auto& a : audit) StageAudit(a, batch);
  // Turned standby while attempting: the active instance attempts them again.
  if (!fence_.has_value()) return absl::OkStatus();
  absl::StatusOr<store::CommitOutcome> committed = CommitFenced(batch);
  if (!committed.ok()) {
    // Nothing changes in memory: the deliveries are attempted again.
    probe_.CommitFailed();
    return committed.status();
  }
  for (auto& [field, del] : updates) {
    if (del.has_value()) {
      deliveries_[field] = std::move(*del);
    } else {
      deliveries_.erase(field);
    }
  }
  for (auto& a : audit) audit_outbox_[a.entry_id()] = std::move(a);
  probe_.PendingDeliveries(deliveries_.size());
  return absl::OkStatus();
}

absl::Status EscalatorCore::FlushAudit(events::EventPublisher& log) {
  std::vector<events::OutRecord> records;
  std::vector<std::string> ids;
  {
    absl::MutexLock lock(&mu_);
    absl::StatusOr<bool> active = Activate();
    if (!active.ok() || !*active) return active.status();
    for (const auto& [id, entry] : audit_outbox_) {
      records.push_back(
          {topics_.audit, entry.unit_id(), entry.SerializeAsString()});
      ids.push_back(id);
      if (records.size() >= 500) break;
    }
  }
  if (records.empty()) return absl::OkStatus();
  std::vector<absl::Status> written = log.PublishBatch(records);
  store::WriteBatch batch;
  std::vector<std::string> done;
  absl::Status first_error;
  for (size_t i = 0; i < records.size(); ++i) {
    if (written[i].ok()) {
      batch.HashDelete(layout_.AuditOutbox(), ids[i]);
      done.push_back(ids[i]);
    } else if (first_error.ok()) {
      first_error = written[i];
    }
  }
  if (!done.empty()) {
    absl::MutexLock lock(&mu_);
    // Turned standby while publishing: the active instance publishes them
    // again (the audit topic is at least once).
    if (!fence_.has_value()) return first_error;
    absl::StatusOr<store::CommitOutcome> committed = CommitFenced(batch);
    if (!committed.ok()) return committed.status();  // published again later
    for (const auto& id : done) audit_outbox_.erase(id);
  }
  return first_error;
}

absl::StatusOr<std::vector<v1::AuditEntry>> EscalatorCore::ListAudit(
    const v1::ListAuditEntriesRequest& request) {
  escalation::AuditQuery query;
  if (!request.unit_id().empty()) query.units = {request.unit_id()};
  query.limit = request.limit() <= 0 ? 100 : std::min(request.limit(), 1000);
  if (request.has_since()) {
    query.since_micros = absl::ToUnixMicros(core::FromProto(request.since()));
  }
  absl::StatusOr<escalation::AuditPage> page =
      escalation::ReadAuditTrail(store_, layout_, query);
  if (!page.ok()) return page.status();
  return std::move(page->entries);
}

absl::StatusOr<std::optional<int64_t>> EscalatorCore::StoredOffset(
    const events::TopicPartition& tp) {
  return store_.GetOffset(tp.topic, tp.partition);
}

void EscalatorCore::OnAssignment(
    const std::vector<events::TopicPartition>& owned) {
  absl::MutexLock lock(&mu_);
  owned_ = owned;
  offsets_.clear();
  // A new assignment may come with a newer instance holding the fence now:
  // take it again (the last instance assigned decides).
  fence_.reset();
  take_fence_ = !owned.empty();
  probe_.Active(false);
}

bool EscalatorCore::active() const {
  absl::MutexLock lock(&mu_);
  return fence_.has_value();
}

std::vector<events::TopicPartition> EscalatorCore::owned() const {
  absl::MutexLock lock(&mu_);
  return owned_;
}

size_t EscalatorCore::pending_deliveries() const {
  absl::MutexLock lock(&mu_);
  return deliveries_.size();
}

}  // namespace giamsat::escalator
