// DossierReader: GetDossier and ListDossiers from the state store.
// GetDossier decodes the dossier's stored state and explains its deadline
// with the legal calendar (calendar::DueTime from the clock start, then
// ExplainDeadline rendered in Vietnamese and English), noting pauses that
// moved the due time. ListDossiers ranges over the unit's open-dossier index
// (sorted by due time) with keyset page tokens that pin "now" to the first
// page's time. Thread-safe.
// Errors: InvalidArgument naming the field, NotFound for an unknown dossier,
// DataLoss for a stored state that cannot be parsed, Unavailable when the
// store cannot be reached.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "common/calendar/calendar.h"
#include "common/calendar/deadline.h"
#include "common/core/clock.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"
#include "giamsat/v1/query.pb.h"
#include "giamsat/v1/state.pb.h"
#include "services/query/unit_lister.h"

namespace giamsat::query {

struct DeadlineSettings {
  // Mode for dossiers whose events did not state one (as the rules
  // service's dossier.default_counting_mode).
  calendar::CountingMode default_mode = calendar::CountingMode::kDays;
  calendar::StartPolicy start_policy;
};

class DossierReader {
 public:
  DossierReader(store::StateStore& store, store::KeyLayout layout,
                const core::Clock& clock,
                std::shared_ptr<const calendar::Calendar> calendar,
                DeadlineSettings settings, PageLimits limits)
      : store_(store),
        layout_(std::move(layout)),
        clock_(clock),
        calendar_(std::move(calendar)),
        settings_(settings),
        limits_(limits) {}

  // The stored state of a dossier (for access checks before viewing).
  absl::StatusOr<v1::DossierState> GetState(absl::string_view dossier_id);
  // The view of a state; `watermark_ms` of its unit (0: none).
  v1::DossierView View(const v1::DossierState& state,
                       int64_t watermark_ms) const;
  absl::StatusOr<v1::ListDossiersResponse> List(
      const v1::ListDossiersRequest& request, int64_t watermark_ms);

 private:
  // Both explanations, or why there is none.
  std::pair<std::string, std::string> Explain(
      const v1::DossierState& state) const;

  store::StateStore& store_;
  const store::KeyLayout layout_;
  const core::Clock& clock_;
  const std::shared_ptr<const calendar::Calendar> calendar_;
  const DeadlineSettings settings_;
  const PageLimits limits_;
};

}  // namespace giamsat::query
