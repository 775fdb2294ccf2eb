// Builders of valid events for tests: each returns a complete event that
// passes validation, so a test changes only what it is about.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "giamsat/v1/events.pb.h"

namespace giamsat::testing {

// "2026-04-24T16:00:00+07:00" -> absl::Time; aborts on a malformed literal.
absl::Time VnTime(const std::string& rfc3339);

v1::Event DossierReceived(const std::string& event_id,
                          const std::string& dossier_id,
                          const std::string& unit_id, absl::Time at);
v1::Event DossierResolved(const std::string& event_id,
                          const std::string& dossier_id,
                          const std::string& unit_id, absl::Time at);
v1::Event DossierWithdrawn(const std::string& event_id,
                           const std::string& dossier_id,
                           const std::string& unit_id, absl::Time at);

// A feedback event from the iHanoi platform (the channel is set on
// FEEDBACK_RECEIVED; FEEDBACK_ASSIGNED assigns it to `unit_id`).
v1::Event FeedbackEvent(const std::string& event_id,
                        const std::string& feedback_id,
                        v1::FeedbackEventKind kind, const std::string& unit_id,
                        absl::Time at);

// An inspection record from the inspection team; INSPECTION_SCHEDULED
// carries `visit_at` (ignored for the other kinds).
v1::Event InspectionRecord(const std::string& event_id,
                           const std::string& inspection_id,
                           v1::InspectionEventKind kind,
                           const std::string& unit_id, absl::Time at,
                           absl::Time visit_at = absl::InfinitePast());

}  // namespace giamsat::testing
