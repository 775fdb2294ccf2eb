#include "services/rules/alert_outbox.h"

#include "absl/strings/str_cat.h"

namespace giamsat::rules {

std::string OutboxField(const v1::Alert& alert) {
  return absl::StrCat(alert.alert_id(), "|",
                      v1::AlertState_Name(alert.state()));
}

void AlertOutbox::Stage(const std::vector<v1::Alert>& alerts,
                        store::WriteBatch& batch,
                        std::map<std::string, v1::Alert>& staged,
                        const std::vector<std::string>* serialized) const {
  for (size_t i = 0; i < alerts.size(); ++i) {
    const v1::Alert& a = alerts[i];
    const std::string field = OutboxField(a);
    batch.HashPut(
        layout_.AlertOutbox(), field,
        serialized != nullptr ? (*serialized)[i] : a.SerializeAsString());
    staged[field] = a;
  }
}

void AlertOutbox::Committed(std::map<std::string, v1::Alert>&& staged) {
  for (auto& [field, alert] : staged) pending_[field] = std::move(alert);
}

absl::Status AlertOutbox::Flush(events::EventPublisher& log) {
  if (pending_.empty()) return absl::OkStatus();
  std::vector<events::OutRecord> records;
  std::vector<std::string> fields;
  for (const auto& [field, alert] : pending_) {
    records.push_back({topic_, alert.subject_id(), alert.SerializeAsString()});
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
    if (a.ParseFromString(value)) pending_[field] = std::move(a);
  }
  return absl::OkStatus();
}

}  // namespace giamsat::rules
