#include "common/domain/dossier_figures.h"

#include <algorithm>

#include "common/core/vietnam_time.h"
#include "common/domain/figure_fields.h"
#include "google/protobuf/util/time_util.h"

namespace giamsat::domain {
namespace {

using google::protobuf::util::TimeUtil;

absl::Time ToAbsl(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

bool SeenBefore(const v1::DossierState& state, const std::string& event_id) {
  return std::find(state.applied_event_ids().begin(),
                   state.applied_event_ids().end(),
                   event_id) != state.applied_event_ids().end();
}

void Remember(v1::DossierState& state, const std::string& event_id) {
  state.add_applied_event_ids(event_id);
  auto* ids = state.mutable_applied_event_ids();
  if (ids->size() > kRememberedEventIds) {
    ids->erase(ids->begin(),
               ids->begin() + (ids->size() - kRememberedEventIds));
  }
}

}  // namespace

DossierEffects ApplyDossierEvent(const v1::Event& event,
                                 v1::DossierState& state) {
  DossierEffects effects;
  if (SeenBefore(state, event.event_id())) {
    effects.duplicate = true;
    return effects;
  }
  Remember(state, event.event_id());
  const v1::DossierEvent& dossier = event.dossier();
  state.set_dossier_id(dossier.dossier_id());
  const absl::CivilDay day = core::VietnamDay(ToAbsl(event.occurred_at()));

  switch (dossier.kind()) {
    case v1::DOSSIER_RECEIVED:
      if (state.received()) break;  // a second receipt: data quality issue
      state.set_received(true);
      state.set_unit_id(event.unit_id());
      *state.mutable_received_at() = event.occurred_at();
      state.set_procedure_code(dossier.procedure_code());
      state.set_field_code(dossier.field_code());
      state.set_channel(dossier.channel());
      effects.deltas.push_back({event.unit_id(), day, kFieldReceived, 1});
      if (!state.closed()) {
        effects.deltas.push_back(
            {event.unit_id(), std::nullopt, kFieldInProgress, 1});
      }
      break;
    case v1::DOSSIER_RESOLVED:
    case v1::DOSSIER_WITHDRAWN: {
      if (state.closed()) break;
      state.set_closed(true);
      *state.mutable_closed_at() = event.occurred_at();
      state.set_closed_by(dossier.kind());
      const std::string& unit =
          state.received() ? state.unit_id() : event.unit_id();
      if (dossier.kind() == v1::DOSSIER_RESOLVED) {
        effects.deltas.push_back({unit, day, kFieldResolved, 1});
      }
      if (state.received()) {
        effects.deltas.push_back({unit, std::nullopt, kFieldInProgress, -1});
      }
      break;
    }
    default:
      break;  // other kinds do not change the foundation figures
  }
  return effects;
}

}  // namespace giamsat::domain
