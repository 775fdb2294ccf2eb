#include "services/ingestor/validator.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace giamsat::ingestor {
namespace {

class Checker {
 public:
  Checker(absl::Time now, const ValidationConfig& config)
      : now_(now), config_(config) {}

  void Fail(std::string field, std::string reason, std::string message) {
    v1::FieldError e;
    e.set_field(std::move(field));
    e.set_reason(std::move(reason));
    e.set_message(std::move(message));
    errors_.push_back(std::move(e));
  }

  void Id(const std::string& field, const std::string& value) {
    if (value.empty()) {
      Fail(field, "required", absl::StrCat(field, " is required"));
    } else if (static_cast<int>(value.size()) > config_.max_id_length) {
      Fail(field, "too_long",
           absl::StrCat(field, " is longer than ", config_.max_id_length,
                        " characters"));
    }
  }

  void Time(const std::string& field, bool present,
            const google::protobuf::Timestamp& ts, bool required) {
    if (!present) {
      if (required) {
        Fail(field, "required",
             absl::StrCat(field,
                          " is required (RFC 3339 with a UTC offset, "
                          "e.g. 2026-04-24T16:00:00+07:00)"));
      }
      return;
    }
    const absl::Time t =
        absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
    if (t > now_ + config_.max_future_skew) {
      Fail(field, "future_timestamp",
           absl::StrCat(field, " is ", absl::FormatTime(t),
                        ", in the future beyond the allowed skew of ",
                        absl::FormatDuration(config_.max_future_skew)));
    }
  }

  std::vector<v1::FieldError> Take() { return std::move(errors_); }

 private:
  absl::Time now_;
  const ValidationConfig& config_;
  std::vector<v1::FieldError> errors_;
};

void CheckDuration(Checker& c, const std::string& field,
                   const v1::LegalDuration& d, bool present) {
  if (!present || (d.working_days() == 0 && d.working_hours() == 0)) {
    c.Fail(field, "required",
           absl::StrCat(field, " is required: workingDays or workingHours"));
  } else if (d.working_days() != 0 && d.working_hours() != 0) {
    c.Fail(field, "ambiguous",
           absl::StrCat(field, " has both workingDays and workingHours"));
  }
}

void CheckDossier(Checker& c, const v1::DossierEvent& d) {
  c.Id("dossier.dossierId", d.dossier_id());
  switch (d.kind()) {
    case v1::DOSSIER_EVENT_KIND_UNSPECIFIED:
      c.Fail("dossier.kind", "required", "dossier.kind is required");
      break;
    case v1::DOSSIER_RECEIVED:
      c.Id("dossier.procedureCode", d.procedure_code());
      CheckDuration(c, "dossier.legalDuration", d.legal_duration(),
                    d.has_legal_duration());
      break;
    case v1::DOSSIER_STEP_STARTED:
    case v1::DOSSIER_STEP_COMPLETED:
      c.Id("dossier.step.stepId", d.step().step_id());
      c.Id("dossier.step.unitId", d.step().unit_id());
      break;
    case v1::DOSSIER_APOLOGY_ISSUED:
      c.Time("dossier.newAppointmentAt", d.has_new_appointment_at(),
             d.new_appointment_at(), /*required=*/true);
      break;
    case v1::DOSSIER_RESOLVED:
      if (d.outcome() == v1::RESOLUTION_OUTCOME_UNSPECIFIED) {
        c.Fail("dossier.outcome", "required",
               "dossier.outcome is required on DOSSIER_RESOLVED "
               "(RESOLUTION_APPROVED or RESOLUTION_REFUSED)");
      }
      break;
    case v1::DOSSIER_SATISFACTION_RATED:
      if (d.rating() < 1 || d.rating() > 5) {
        c.Fail("dossier.rating", "out_of_range",
               "dossier.rating must be between 1 and 5");
      }
      break;
    default:
      break;
  }
  if (!d.late_cause().empty() && d.late_cause() != "subjective" &&
      d.late_cause() != "objective") {
    c.Fail("dossier.lateCause", "unknown_value",
           "dossier.lateCause must be \"subjective\", \"objective\" or empty");
  }
}

void CheckFeedback(Checker& c, const v1::FeedbackEvent& f) {
  c.Id("feedback.feedbackId", f.feedback_id());
  if (f.kind() == v1::FEEDBACK_EVENT_KIND_UNSPECIFIED) {
    c.Fail("feedback.kind", "required", "feedback.kind is required");
  }
  if (f.kind() == v1::FEEDBACK_ASSIGNED) {
    c.Id("feedback.assignedUnitId", f.assigned_unit_id());
  }
}

void CheckInspection(Checker& c, const v1::InspectionEvent& i) {
  c.Id("inspection.inspectionId", i.inspection_id());
  if (i.kind() == v1::INSPECTION_EVENT_KIND_UNSPECIFIED) {
    c.Fail("inspection.kind", "required", "inspection.kind is required");
  }
  if (i.kind() == v1::INSPECTION_SCHEDULED && !i.has_visit_at()) {
    c.Fail("inspection.visitAt", "required",
           "inspection.visitAt is required on INSPECTION_SCHEDULED");
  }
}

}  // namespace

std::vector<v1::FieldError> Validate(const v1::Event& event, absl::Time now,
                                     const ValidationConfig& config) {
  Checker c(now, config);
  c.Id("eventId", event.event_id());
  c.Id("sourceSystem", event.source_system());
  c.Id("unitId", event.unit_id());
  c.Time("occurredAt", event.has_occurred_at(), event.occurred_at(),
         /*required=*/true);
  switch (event.payload_case()) {
    case v1::Event::kDossier:
      CheckDossier(c, event.dossier());
      break;
    case v1::Event::kFeedback:
      CheckFeedback(c, event.feedback());
      break;
    case v1::Event::kInspection:
      CheckInspection(c, event.inspection());
      break;
    case v1::Event::PAYLOAD_NOT_SET:
      c.Fail("payload", "required",
             "exactly one of dossier, feedback or inspection is required");
      break;
  }
  return c.Take();
}

}  // namespace giamsat::ingestor
