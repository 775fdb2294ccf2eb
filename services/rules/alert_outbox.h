// AlertOutbox: alerts reach the alerts topic at least once, never lost.
//
// Stage() adds each alert to the state-store batch that decided it (a hash
// of pending alerts), so an alert exists exactly when the state change that
// raised it was committed. Flush() publishes the pending alerts (keyed by
// subject id) and, once the log acknowledged them, removes them from the
// store. After a crash, Recover() reloads what was not confirmed; consumers
// de-duplicate by (alert_id, state). Not thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/events/event_log.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"
#include "giamsat/v1/alerts.pb.h"

namespace giamsat::rules {

// An alert staged in a batch: the alert (for the metrics) and its
// serialization, published as it is.
struct StagedAlert {
  v1::Alert alert;
  std::string bytes;
};
// Outbox field -> staged alert.
using StagedAlerts = std::map<std::string, StagedAlert>;

class AlertOutbox {
 public:
  AlertOutbox(store::StateStore& store, store::KeyLayout layout,
              std::string topic)
      : store_(store), layout_(std::move(layout)), topic_(std::move(topic)) {}

  // Adds the alerts to `batch`; they become pending once it is committed.
  // `serialized`, when given, holds each alert already serialized. Each
  // alert is serialized once: Flush publishes the staged bytes.
  void Stage(const std::vector<v1::Alert>& alerts, store::WriteBatch& batch,
             StagedAlerts& staged,
             const std::vector<std::string>* serialized = nullptr) const;
  // After a successful commit of the batch the alerts were staged in.
  void Committed(StagedAlerts&& staged);
  absl::Status Flush(events::EventPublisher& log);
  absl::Status Recover();
  size_t pending() const { return pending_.size(); }

 private:
  store::StateStore& store_;
  const store::KeyLayout layout_;
  const std::string topic_;
  struct Pending {
    std::string subject_id;  // the record key on the alerts topic
    std::string bytes;       // the serialized alert
  };
  std::map<std::string, Pending> pending_;  // field -> alert
};

// The outbox field of an alert transition: "<alert id>|<state>".
std::string OutboxField(const v1::Alert& alert);

}  // namespace giamsat::rules
