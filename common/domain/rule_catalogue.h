// The rule catalogue: every rule the rules service evaluates, with its id,
// severity, legal basis and a short title. Ids are stable (they appear in
// alert ids, metrics and escalation policies).
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "giamsat/v1/alerts.pb.h"

namespace giamsat::domain {

enum class RuleId {
  kDossierDueSoon,
  kDossierOverdue,
  kDossierResolvedLate,
  kDossierStepLate,
  kDossierNoApology,
  kDossierSecondReschedule,
  kDossierSecondSupplement,
  kDossierLateSupplementRequest,
  kDossierResultNotReturned,
  kDossierAppointmentMismatch,
  kFeedbackNotAcknowledged,
  kFeedbackNotAnswered,
  kFeedbackReopened,
  kFeedbackUnsatisfied,
  kFeedbackImmediateEscalation,
  kFeedbackTransferLate,
  kDossierLateRefusal,
  kDossierLateTransfer,
  kUnitOpenOverdue,
  kUnitOverdueRate,
  kUnitFeedbackSurge,
  kInspectionReportNotReceived,
  kInspectionRemediationOverdue,
};

struct RuleInfo {
  absl::string_view id;
  v1::Severity severity;
  absl::string_view legal_basis;
  absl::string_view title_vi;
  absl::string_view title_en;
};

const RuleInfo& Rule(RuleId rule);
// Every rule, in catalogue order.
const std::vector<RuleId>& AllRules();

}  // namespace giamsat::domain
