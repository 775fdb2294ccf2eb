#include "tests/support/event_builders.h"

#include <cstdlib>

#include "google/protobuf/util/time_util.h"

namespace giamsat::testing {
namespace {

v1::Event Base(const std::string& event_id, const std::string& unit_id,
               absl::Time at) {
  v1::Event e;
  e.set_event_id(event_id);
  e.set_source_system("test-igate");
  e.set_unit_id(unit_id);
  *e.mutable_occurred_at() =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
          absl::ToUnixNanos(at));
  return e;
}

}  // namespace

absl::Time VnTime(const std::string& rfc3339) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) std::abort();
  return t;
}

v1::Event DossierReceived(const std::string& event_id,
                          const std::string& dossier_id,
                          const std::string& unit_id, absl::Time at) {
  v1::Event e = Base(event_id, unit_id, at);
  v1::DossierEvent* d = e.mutable_dossier();
  d->set_dossier_id(dossier_id);
  d->set_kind(v1::DOSSIER_RECEIVED);
  d->set_procedure_code("1.001757");
  d->set_field_code("ho-tich");
  d->mutable_legal_duration()->set_working_days(3);
  d->set_channel(v1::CHANNEL_ONLINE);
  return e;
}

v1::Event DossierResolved(const std::string& event_id,
                          const std::string& dossier_id,
                          const std::string& unit_id, absl::Time at) {
  v1::Event e = Base(event_id, unit_id, at);
  v1::DossierEvent* d = e.mutable_dossier();
  d->set_dossier_id(dossier_id);
  d->set_kind(v1::DOSSIER_RESOLVED);
  d->set_outcome(v1::RESOLUTION_APPROVED);
  return e;
}

v1::Event DossierWithdrawn(const std::string& event_id,
                           const std::string& dossier_id,
                           const std::string& unit_id, absl::Time at) {
  v1::Event e = Base(event_id, unit_id, at);
  v1::DossierEvent* d = e.mutable_dossier();
  d->set_dossier_id(dossier_id);
  d->set_kind(v1::DOSSIER_WITHDRAWN);
  return e;
}

v1::Event FeedbackEvent(const std::string& event_id,
                        const std::string& feedback_id,
                        v1::FeedbackEventKind kind, const std::string& unit_id,
                        absl::Time at) {
  v1::Event e = Base(event_id, unit_id, at);
  e.set_source_system("ihanoi");
  v1::FeedbackEvent* f = e.mutable_feedback();
  f->set_feedback_id(feedback_id);
  f->set_kind(kind);
  if (kind == v1::FEEDBACK_RECEIVED) {
    f->set_channel(v1::FEEDBACK_CHANNEL_IHANOI);
  }
  if (kind == v1::FEEDBACK_ASSIGNED) f->set_assigned_unit_id(unit_id);
  return e;
}

v1::Event InspectionRecord(const std::string& event_id,
                           const std::string& inspection_id,
                           v1::InspectionEventKind kind,
                           const std::string& unit_id, absl::Time at,
                           absl::Time visit_at) {
  v1::Event e = Base(event_id, unit_id, at);
  e.set_source_system("inspection-team");
  v1::InspectionEvent* i = e.mutable_inspection();
  i->set_inspection_id(inspection_id);
  i->set_kind(kind);
  if (kind == v1::INSPECTION_SCHEDULED) {
    *i->mutable_visit_at() =
        google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
            absl::ToUnixNanos(visit_at));
  }
  return e;
}

}  // namespace giamsat::testing
