// Validation of one decoded event against the schema's rules and the
// reference data, and its normalisation.
//
// Validate() returns every problem found (empty: valid), each naming the
// field in JSON naming (e.g. "dossier.legalDuration") and a stable reason
// code that is also the metric label (docs/ingestion.md lists them):
// required, too_long, unknown_enum, future_timestamp, bad_timestamp,
// ambiguous, out_of_range, unknown_value, unknown_unit, unknown_procedure,
// field_mismatch, exceeds_legal_duration. `now` comes from the injected
// clock; `reference` may be null (no reference checks). Pure.
#pragma once

#include <vector>

#include "absl/time/time.h"
#include "giamsat/v1/events.pb.h"
#include "services/ingestor/reference_data.h"

namespace giamsat::ingestor {

struct ValidationConfig {
  // How far in the future occurredAt may be (clock skew of the sources).
  absl::Duration max_future_skew = absl::Minutes(5);
  // Longest accepted id (event, source, subject, unit, procedure).
  int max_id_length = 128;
  // Reject unit ids missing from the units reference data (when loaded).
  bool enforce_units = true;
  // Reject procedure codes missing from the procedures reference data.
  bool enforce_procedures = true;
};

std::vector<v1::FieldError> Validate(const v1::Event& event, absl::Time now,
                                     const ValidationConfig& config,
                                     const ReferenceData* reference = nullptr);

// Fills in what the reference data knows and the event left out (today:
// dossier.fieldCode from the procedure). Call on valid events only.
void Normalise(v1::Event& event, const ReferenceData* reference);

}  // namespace giamsat::ingestor
