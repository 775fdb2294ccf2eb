#include "common/events/topics.h"

#include "absl/strings/string_view.h"

namespace giamsat::events {

std::string Topics::ForEvent(const v1::Event& event) const {
  switch (event.payload_case()) {
    case v1::Event::kDossier:
      return DossierEvents();
    case v1::Event::kFeedback:
      return FeedbackEvents();
    case v1::Event::kInspection:
      return InspectionEvents();
    case v1::Event::PAYLOAD_NOT_SET:
      break;
  }
  return {};
}

absl::string_view SubjectId(const v1::Event& event) {
  switch (event.payload_case()) {
    case v1::Event::kDossier:
      return event.dossier().dossier_id();
    case v1::Event::kFeedback:
      return event.feedback().feedback_id();
    case v1::Event::kInspection:
      return event.inspection().inspection_id();
    case v1::Event::PAYLOAD_NOT_SET:
      break;
  }
  return {};
}

}  // namespace giamsat::events
