// Topic names and the routing of an event to its topic and key.
//
// Every topic name carries a configurable prefix so that test runs and
// deployments can share a broker.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "giamsat/v1/events.pb.h"

namespace giamsat::events {

class Topics {
 public:
  explicit Topics(std::string prefix) : prefix_(std::move(prefix)) {}
  std::string DossierEvents() const {
    return prefix_ + "giamsat.dossier-events.v1";
  }
  std::string FeedbackEvents() const {
    return prefix_ + "giamsat.feedback-events.v1";
  }
  std::string InspectionEvents() const {
    return prefix_ + "giamsat.inspection-events.v1";
  }
  std::string DeadLetter() const { return prefix_ + "giamsat.dead-letter.v1"; }
  std::string Alerts() const { return prefix_ + "giamsat.alerts.v1"; }

  // The topic an event belongs to; empty when it has no payload.
  std::string ForEvent(const v1::Event& event) const;

 private:
  std::string prefix_;
};

// The Kafka key of an event: its subject id (dossier, feedback or
// inspection id); empty when it has no payload.
absl::string_view SubjectId(const v1::Event& event);

}  // namespace giamsat::events
