#include "common/store/key_layout.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/core/vietnam_time.h"

namespace giamsat::store {

std::string KeyLayout::Dossier(absl::string_view dossier_id) const {
  return absl::StrCat(prefix_, "dossier:", dossier_id);
}

std::string KeyLayout::Feedback(absl::string_view feedback_id) const {
  return absl::StrCat(prefix_, "feedback:", feedback_id);
}

std::string KeyLayout::UnitDay(absl::string_view unit_id,
                               absl::CivilDay day) const {
  return absl::StrCat(prefix_, "unit:", unit_id,
                      ":day:", core::FormatDate(day));
}

std::string KeyLayout::UnitMonth(absl::string_view unit_id,
                                 absl::CivilMonth month) const {
  return absl::StrCat(prefix_, "unit:", unit_id,
                      ":month:", core::FormatMonth(month));
}

std::string KeyLayout::MonthHashesFrom() const {
  return absl::StrCat(prefix_, "month-hashes-from");
}

std::string KeyLayout::UnitTotal(absl::string_view unit_id) const {
  return absl::StrCat(prefix_, "unit:", unit_id, ":total");
}

std::string KeyLayout::UnitLive(absl::string_view unit_id) const {
  return absl::StrCat(prefix_, "unit:", unit_id, ":live");
}

std::string KeyLayout::Offsets(absl::string_view topic) const {
  return absl::StrCat(prefix_, "offsets:", topic);
}

std::string KeyLayout::Fences(absl::string_view topic) const {
  return absl::StrCat(prefix_, "fences:", topic);
}

std::string KeyLayout::UnitOpenDossiers(absl::string_view unit_id) const {
  return absl::StrCat(prefix_, "unit:", unit_id, ":open-dossiers");
}

std::string KeyLayout::Inspection(absl::string_view inspection_id) const {
  return absl::StrCat(prefix_, "inspection:", inspection_id);
}

std::string KeyLayout::UnitInspections(absl::string_view unit_id) const {
  return absl::StrCat(prefix_, "unit:", unit_id, ":inspections");
}

std::string KeyLayout::UnitAlerts(absl::string_view unit_id) const {
  return absl::StrCat(prefix_, "unit:", unit_id, ":alerts");
}

std::string KeyLayout::IngestProgress() const {
  return absl::StrCat(prefix_, "ingest:progress");
}

std::string KeyLayout::Units() const { return absl::StrCat(prefix_, "units"); }

std::string KeyLayout::Escalations() const {
  return absl::StrCat(prefix_, "esc:escalations");
}

std::string KeyLayout::EscalationDeliveries() const {
  return absl::StrCat(prefix_, "esc:deliveries");
}

std::string KeyLayout::AuditEntry(absl::string_view entry_id) const {
  return absl::StrCat(prefix_, "esc:audit:", entry_id);
}

std::string KeyLayout::AuditIndex(absl::string_view unit_id) const {
  return unit_id.empty() ? absl::StrCat(prefix_, "esc:audit-index")
                         : absl::StrCat(prefix_, "esc:audit-index:", unit_id);
}

std::string KeyLayout::AuditOutbox() const {
  return absl::StrCat(prefix_, "esc:audit-outbox");
}

std::string KeyLayout::Timers(absl::string_view topic,
                              int32_t partition) const {
  return absl::StrCat(prefix_, "timers:", topic, ":", partition);
}

std::string KeyLayout::AlertOutbox() const {
  return absl::StrCat(prefix_, "alert-outbox");
}

std::string KeyLayout::UnitRuleAlerts() const {
  return absl::StrCat(prefix_, "unit-rule-alerts");
}

}  // namespace giamsat::store
