// RulesEngine: the rule sets of giamsat-rules built from its config (the
// legal calendar loaded, dossier, feedback and unit rules configured). One
// place, so the service and `giamsatctl replay` run the same engine.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/calendar/calendar.h"
#include "common/domain/dossier_rules.h"
#include "common/domain/feedback_rules.h"
#include "common/domain/unit_rules.h"
#include "common/inspection/inspection_rules.h"
#include "services/rules/rules_config.h"

namespace giamsat::rules {

struct RulesEngine {
  std::shared_ptr<const calendar::Calendar> calendar;
  std::string calendar_version;
  std::unique_ptr<domain::DossierRules> dossiers;
  std::unique_ptr<domain::FeedbackRules> feedback;
  std::unique_ptr<domain::UnitRules> units;
  std::unique_ptr<inspection::InspectionRules> inspections;
};

// Errors name the config key (e.g. "calendar.base: ...").
absl::StatusOr<RulesEngine> BuildRulesEngine(const RulesConfig& config);

}  // namespace giamsat::rules
