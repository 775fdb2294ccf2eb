// Stateless validation of one event against the schema's rules.
//
// Returns every problem found (empty: valid), each naming the field in JSON
// naming (e.g. "dossier.legalDuration") and a stable reason code that is also
// the metric label. `now` comes from the injected clock.
#pragma once

#include <vector>

#include "absl/time/time.h"
#include "giamsat/v1/events.pb.h"

namespace giamsat::ingestor {

struct ValidationConfig {
  // How far in the future occurredAt may be (clock skew of the sources).
  absl::Duration max_future_skew = absl::Minutes(5);
  // Longest accepted id (event, subject, unit).
  int max_id_length = 128;
};

std::vector<v1::FieldError> Validate(const v1::Event& event, absl::Time now,
                                     const ValidationConfig& config);

}  // namespace giamsat::ingestor
