// KeyLayout: the names of every key the system keeps in its state store.
//
// One place, so the rules service (writer) and the query service (reader)
// agree. Keys start with a configurable prefix so several deployments or
// test runs share one Redis without clashing. See docs/state-layout.md.
#pragma once

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace giamsat::store {

class KeyLayout {
 public:
  explicit KeyLayout(std::string prefix) : prefix_(std::move(prefix)) {}

  // Serialized DossierState of one dossier.
  std::string Dossier(absl::string_view dossier_id) const;
  // Serialized FeedbackState of one feedback item.
  std::string Feedback(absl::string_view feedback_id) const;
  // Serialized InspectionState of one inspection (inspection.proto).
  std::string Inspection(absl::string_view inspection_id) const;
  // Inspections of a unit: hash inspection id -> serialized InspectionState.
  std::string UnitInspections(absl::string_view unit_id) const;
  // Flow counters of a unit for one Vietnam calendar day.
  std::string UnitDay(absl::string_view unit_id, absl::CivilDay day) const;
  // Flow counters of a unit for one Vietnam calendar month (the sum of
  // its day hashes).
  std::string UnitMonth(absl::string_view unit_id,
                        absl::CivilMonth month) const;
  // The first month whose month hashes are complete ("YYYY-MM"; string),
  // set once by giamsat-rules: months before it are read from day hashes.
  std::string MonthHashesFrom() const;
  // Flow counters of a unit over all time.
  std::string UnitTotal(absl::string_view unit_id) const;
  // Stock figures of a unit now (in progress, overdue, watermark).
  std::string UnitLive(absl::string_view unit_id) const;
  // Next offset to consume, per partition, of one topic.
  std::string Offsets(absl::string_view topic) const;
  // The fence of each partition of one topic (StateStore::TakeFence).
  std::string Fences(absl::string_view topic) const;
  // Open dossiers of a unit: sorted set of dossier ids scored by the Unix
  // milliseconds of their current due time.
  std::string UnitOpenDossiers(absl::string_view unit_id) const;
  // Alerts of a unit: hash alert id -> serialized giamsat.v1.Alert in its
  // latest state (firing or resolved).
  std::string UnitAlerts(absl::string_view unit_id) const;
  // Every unit that has figures: hash unit id -> first event time (ms).
  std::string Units() const;
  // Durable timers of one partition: sorted set of subject ids scored by
  // the Unix milliseconds of their next check.
  std::string Timers(absl::string_view topic, int32_t partition) const;
  // Alerts committed but not yet confirmed on the alerts topic.
  std::string AlertOutbox() const;
  // giamsat-rules' progress per event-topic partition: hash
  // "<topic>/<partition>" -> serialized giamsat.v1.PartitionProgress.
  std::string IngestProgress() const;
  // Unit-rule alerts firing now (common/domain/unit_rules.h): hash alert
  // id -> serialized giamsat.v1.Alert; removed when resolved.
  std::string UnitRuleAlerts() const;

  // giamsat-escalator (docs/escalation.md). Open escalations: hash
  // "<unit>|<rule>" -> serialized giamsat.v1.Escalation.
  std::string Escalations() const;
  // Deliveries not yet accepted: hash "<notification id>#<channel>" ->
  // serialized giamsat.v1.Delivery.
  std::string EscalationDeliveries() const;
  // One serialized giamsat.v1.AuditEntry.
  std::string AuditEntry(absl::string_view entry_id) const;
  // Audit entry ids scored by Unix microseconds: of one unit, or of every
  // unit when `unit_id` is empty.
  std::string AuditIndex(absl::string_view unit_id) const;
  // Audit entries not yet confirmed on the audit topic.
  std::string AuditOutbox() const;

  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
};

}  // namespace giamsat::store
