#include "services/rules/alert_outbox.h"

#include "absl/strings/str_cat.h"

namespace giamsat::rules {

std::string OutboxField(const v1::Alert& alert) {
  return absl::StrCat(alert.alert_id(), "|",
                      v1::AlertState_Name(alert.state()));
}

void AlertOutbox::Stage(const std::vector<v1::Alert>& alerts,
                        store::WriteBatch& batch, StagedAlerts& staged,
                        const std::vector<std::string>* serialized) const {
  for (size_t i = 0; i < alerts.size(); ++i) {
    const v1::Alert& a = alerts[i];
    std::string field = OutboxField(a);
    StagedAlert& s = staged[field];
    s.alert = a;
    s.bytes = serialized != nullptr ? (*serialized)[i] : a.SerializeAsString();
    batch.HashPut(layout_.AlertOutbox(), field, s.bytes);
  }
}

void AlertOutbox::Committed(StagedAlerts&& staged) {
  for (auto& [field, s] : staged) {
    pending_[field] = Pending{s.alert.subject_id(), std::move(s.bytes)};
  }
}

absl::Status AlertOutbox::Flush(events::EventPublisher& log) {
  if (pending_.empty()) return absl::OkStatus();
  std::vector<events::OutRecord> records;
  std::vector<std::string> fields;
  records.reserve(pending_.size());
  fields.reserve(pending_.size());
  for (const auto& [field, alert] : pending_) {
    records.push_back({topic_, alert.subject_id, alert.bytes});
    fields.push_back(field);
  }
  std::vector<absl::Status> written = log.PublishBatch(records);
  store::WriteBatch done;
  absl::Status first_error;
  for (size_t i = 0; i < written.size(); ++i) {
    if (written[i].ok()) {
      done.HashDelete(layout_.AlertOutbox(), fields[i]);
    } else if (first_error.ok()) {
      first_error = written[i];
    }
  }
  if (!done.empty()) {
    absl::StatusOr<store::CommitOutcome> c = store_.Commit(done);
    if (!c.ok()) return c.status();  // republished later: at least once
    for (size_t i = 0; i < written.size(); ++i) {
      if (written[i].ok()) pending_.erase(fields[i]);
    }
  }
  return first_error;
}

absl::Status AlertOutbox::Recover() {
  absl::StatusOr<std::vector<store::Hash>> h =
      store_.GetHashes({layout_.AlertOutbox()});
  if (!h.ok()) return h.status();
  for (const auto& [field, value] : h->at(0)) {
    v1::Alert a;
    if (a.ParseFromString(value)) {
      pending_[field] = Pending{a.subject_id(), value};
    }
  }
  return absl::OkStatus();
}

}  // namespace giamsat::rules
