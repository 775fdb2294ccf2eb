#include "services/rules/rules_engine.h"

#include "common/calendar/calendar_loader.h"

namespace giamsat::rules {

absl::StatusOr<RulesEngine> BuildRulesEngine(const RulesConfig& config) {
  if (absl::Status s = calendar::CheckTimeZone(config.time_zone); !s.ok()) {
    return absl::Status(s.code(),
                        "calendar.time_zone: " + std::string(s.message()));
  }
  absl::StatusOr<calendar::Calendar> cal =
      calendar::LoadCalendar(config.calendar_base, config.calendar_overrides);
  if (!cal.ok()) {
    return absl::Status(
        cal.status().code(),
        "calendar.base: " + std::string(cal.status().message()));
  }
  RulesEngine engine;
  engine.calendar_version = cal->VersionLabel();
  engine.calendar = std::make_shared<calendar::Calendar>(std::move(*cal));
  engine.dossiers = std::make_unique<domain::DossierRules>(
      engine.calendar, config.dossier_rules);
  engine.feedback = std::make_unique<domain::FeedbackRules>(
      engine.calendar, config.feedback_rules);
  engine.units = std::make_unique<domain::UnitRules>(config.unit_rules);
  engine.inspections = std::make_unique<inspection::InspectionRules>(
      engine.calendar, config.inspection_rules);
  return engine;
}

}  // namespace giamsat::rules
