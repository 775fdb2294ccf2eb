#include "services/ingestor/validator.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/core/proto_time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"

namespace giamsat::ingestor {
namespace {

// Longest shortcoming phrase of an inspection conclusion.
constexpr size_t kMaxShortcomingBytes = 500;

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

class Checker {
 public:
  Checker(absl::Time now, const ValidationConfig& config,
          const ReferenceData* reference)
      : now_(now), config_(config), ref_(reference) {}

  void Fail(std::string field, std::string reason, std::string message) {
    v1::FieldError e;
    e.set_field(std::move(field));
    e.set_reason(std::move(reason));
    e.set_message(std::move(message));
    errors_.push_back(std::move(e));
  }

  // False when the id is missing or too long (reported).
  bool Id(const std::string& field, const std::string& value) {
    if (value.empty()) {
      Fail(field, "required", absl::StrCat(field, " is required"));
      return false;
    }
    if (static_cast<int>(value.size()) > config_.max_id_length) {
      Fail(field, "too_long",
           absl::StrCat(field, " is longer than ", config_.max_id_length,
                        " characters"));
      return false;
    }
    return true;
  }

  void Unit(const std::string& field, const std::string& value, bool required) {
    if (value.empty() && !required) return;
    if (!Id(field, value)) return;
    if (ref_ == nullptr || !ref_->has_units() || !config_.enforce_units) {
      return;
    }
    if (ref_->FindUnit(value) == nullptr) {
      Fail(field, "unknown_unit",
           absl::StrCat(field, " \"", value,
                        "\" is not in the unit reference data"));
    }
  }

  // The procedure, when known; reports unknown codes.
  const ProcedureInfo* Procedure(const std::string& field,
                                 const std::string& value, bool required) {
    if (value.empty() && !required) return nullptr;
    if (!Id(field, value)) return nullptr;
    if (ref_ == nullptr || !ref_->has_procedures()) return nullptr;
    const ProcedureInfo* p = ref_->FindProcedure(value);
    if (p == nullptr && config_.enforce_procedures) {
      Fail(field, "unknown_procedure",
           absl::StrCat(field, " \"", value,
                        "\" is not in the procedure reference data"));
    }
    return p;
  }

  bool TimestampInRange(const std::string& field,
                        const google::protobuf::Timestamp& ts) {
    if (ts.seconds() < -62135596800LL || ts.seconds() > 253402300799LL ||
        ts.nanos() < 0 || ts.nanos() > 999999999) {
      Fail(field, "bad_timestamp",
           absl::StrCat(field, " is outside the range of timestamps"));
      return false;
    }
    return true;
  }

  void Time(const std::string& field, bool present,
            const google::protobuf::Timestamp& ts, bool required,
            bool not_in_future) {
    if (!present) {
      if (required) {
        Fail(field, "required",
             absl::StrCat(field,
                          " is required (RFC 3339 with a UTC offset, "
                          "e.g. 2026-04-24T16:00:00+07:00)"));
      }
      return;
    }
    if (!TimestampInRange(field, ts)) return;
    const absl::Time t =
        absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
    if (not_in_future && t > now_ + config_.max_future_skew) {
      Fail(field, "future_timestamp",
           absl::StrCat(field, " is ",
                        absl::FormatTime(absl::RFC3339_sec, t,
                                         absl::FixedTimeZone(7 * 3600)),
                        ", in the future beyond the allowed skew of ",
                        absl::FormatDuration(config_.max_future_skew)));
    }
  }

  // Every enum field (at any depth) must hold a value its enum defines:
  // protobuf keeps unknown numbers sent by newer or broken clients.
  void Enums(const Message& m, const std::string& path) {
    const google::protobuf::Reflection* r = m.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    r->ListFields(m, &fields);
    for (const FieldDescriptor* f : fields) {
      const std::string child = path.empty()
                                    ? f->json_name()
                                    : absl::StrCat(path, ".", f->json_name());
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_ENUM && !f->is_repeated()) {
        const int n = r->GetEnumValue(m, f);
        if (f->enum_type()->FindValueByNumber(n) == nullptr) {
          Fail(child, "unknown_enum",
               absl::StrCat(child, ": ", n, " is not a value of ",
                            f->enum_type()->name()));
        }
      } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
                 !f->is_repeated() &&
                 f->message_type()->full_name() !=
                     "google.protobuf.Timestamp") {
        Enums(r->GetMessage(m, f), child);
      }
    }
  }

  void LateCause(const std::string& field, const std::string& value) {
    if (!value.empty() && value != "subjective" && value != "objective") {
      Fail(field, "unknown_value",
           absl::StrCat(field,
                        " must be \"subjective\", \"objective\" or empty"));
    }
  }

  void Duration(const std::string& field, const v1::LegalDuration& d,
                bool present, const ProcedureInfo* procedure) {
    if (!present || (d.working_days() == 0 && d.working_hours() == 0)) {
      Fail(field, "required",
           absl::StrCat(field, " is required: workingDays or workingHours"));
      return;
    }
    if (d.working_days() != 0 && d.working_hours() != 0) {
      Fail(field, "ambiguous",
           absl::StrCat(field, " has both workingDays and workingHours"));
      return;
    }
    if (procedure == nullptr) return;
    const bool days = d.working_days() != 0;
    const uint32_t legal =
        days ? procedure->working_days : procedure->working_hours;
    const uint32_t stated = days ? d.working_days() : d.working_hours();
    if (legal != 0 && stated > legal) {
      Fail(field, "exceeds_legal_duration",
           absl::StrCat(field, " is ", stated,
                        days ? " working days" : " working hours",
                        ", longer than the legal limit of ", legal,
                        " for procedure ", procedure->code));
    }
  }

  const ReferenceData* ref() const { return ref_; }
  std::vector<v1::FieldError> Take() { return std::move(errors_); }

 private:
  absl::Time now_;
  const ValidationConfig& config_;
  const ReferenceData* ref_;
  std::vector<v1::FieldError> errors_;
};

void CheckDossier(Checker& c, const v1::DossierEvent& d) {
  c.Id("dossier.dossierId", d.dossier_id());
  const bool received = d.kind() == v1::DOSSIER_RECEIVED;
  const ProcedureInfo* procedure =
      c.Procedure("dossier.procedureCode", d.procedure_code(), received);
  if (procedure != nullptr && !d.field_code().empty() &&
      d.field_code() != procedure->field) {
    c.Fail("dossier.fieldCode", "field_mismatch",
           absl::StrCat("dossier.fieldCode \"", d.field_code(),
                        "\" does not match the field \"", procedure->field,
                        "\" of procedure ", procedure->code));
  }
  switch (d.kind()) {
    case v1::DOSSIER_EVENT_KIND_UNSPECIFIED:
      c.Fail("dossier.kind", "required", "dossier.kind is required");
      break;
    case v1::DOSSIER_RECEIVED:
      c.Duration("dossier.legalDuration", d.legal_duration(),
                 d.has_legal_duration(), procedure);
      break;
    case v1::DOSSIER_STEP_STARTED:
    case v1::DOSSIER_STEP_COMPLETED:
      c.Id("dossier.step.stepId", d.step().step_id());
      c.Unit("dossier.step.unitId", d.step().unit_id(), /*required=*/true);
      break;
    case v1::DOSSIER_APOLOGY_ISSUED:
      c.Time("dossier.newAppointmentAt", d.has_new_appointment_at(),
             d.new_appointment_at(), /*required=*/true,
             /*not_in_future=*/false);
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
  if (!d.step().unit_id().empty() && d.kind() != v1::DOSSIER_STEP_STARTED &&
      d.kind() != v1::DOSSIER_STEP_COMPLETED) {
    c.Unit("dossier.step.unitId", d.step().unit_id(), /*required=*/false);
  }
  if (d.has_appointment_at()) {
    c.Time("dossier.appointmentAt", true, d.appointment_at(), false, false);
  }
  c.LateCause("dossier.lateCause", d.late_cause());
}

void CheckFeedback(Checker& c, const v1::FeedbackEvent& f) {
  c.Id("feedback.feedbackId", f.feedback_id());
  if (f.kind() == v1::FEEDBACK_EVENT_KIND_UNSPECIFIED) {
    c.Fail("feedback.kind", "required", "feedback.kind is required");
  }
  c.Unit("feedback.assignedUnitId", f.assigned_unit_id(),
         /*required=*/f.kind() == v1::FEEDBACK_ASSIGNED);
  c.LateCause("feedback.lateCause", f.late_cause());
  if (!f.dossier_id().empty()) c.Id("feedback.dossierId", f.dossier_id());
}

void CheckInspection(Checker& c, const v1::InspectionEvent& i) {
  c.Id("inspection.inspectionId", i.inspection_id());
  if (i.kind() == v1::INSPECTION_EVENT_KIND_UNSPECIFIED) {
    c.Fail("inspection.kind", "required", "inspection.kind is required");
  }
  c.Time("inspection.visitAt", i.has_visit_at(), i.visit_at(),
         /*required=*/i.kind() == v1::INSPECTION_SCHEDULED,
         /*not_in_future=*/false);
  if (i.has_report_due_at()) {
    c.Time("inspection.reportDueAt", true, i.report_due_at(), false, false);
  }
  if (i.has_remediation_due_at()) {
    c.Time("inspection.remediationDueAt", true, i.remediation_due_at(), false,
           false);
  }
  if (i.has_report_due_at() && i.has_visit_at() &&
      core::FromProto(i.report_due_at()) > core::FromProto(i.visit_at())) {
    c.Fail("inspection.reportDueAt", "out_of_range",
           "inspection.reportDueAt is after inspection.visitAt");
  }
  // The shortcomings a conclusion names: short codes or phrases.
  for (int k = 0; k < i.shortcomings_size(); ++k) {
    const std::string field = absl::StrCat("inspection.shortcomings[", k, "]");
    if (i.shortcomings(k).empty()) {
      c.Fail(field, "required", absl::StrCat(field, " is empty"));
    } else if (i.shortcomings(k).size() > kMaxShortcomingBytes) {
      c.Fail(field, "too_long",
             absl::StrCat(field, " is longer than ", kMaxShortcomingBytes,
                          " bytes"));
    }
  }
}

}  // namespace

std::vector<v1::FieldError> Validate(const v1::Event& event, absl::Time now,
                                     const ValidationConfig& config,
                                     const ReferenceData* reference) {
  Checker c(now, config, reference);
  c.Id("eventId", event.event_id());
  c.Id("sourceSystem", event.source_system());
  c.Unit("unitId", event.unit_id(), /*required=*/true);
  c.Time("occurredAt", event.has_occurred_at(), event.occurred_at(),
         /*required=*/true, /*not_in_future=*/true);
  c.Enums(event, "");
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

void Normalise(v1::Event& event, const ReferenceData* reference) {
  if (reference == nullptr || !event.has_dossier()) return;
  v1::DossierEvent* d = event.mutable_dossier();
  if (!d->field_code().empty() || d->procedure_code().empty()) return;
  if (const ProcedureInfo* p = reference->FindProcedure(d->procedure_code())) {
    d->set_field_code(p->field);
  }
}

}  // namespace giamsat::ingestor
