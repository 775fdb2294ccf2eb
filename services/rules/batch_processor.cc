#include "services/rules/batch_processor.h"

#include "common/domain/dossier_figures.h"
#include "common/domain/figure_fields.h"
#include "spdlog/spdlog.h"

namespace giamsat::rules {
namespace {

int64_t UnixMillis(const google::protobuf::Timestamp& ts) {
  return ts.seconds() * 1000 + ts.nanos() / 1000000;
}

}  // namespace

BatchProcessor::BatchProcessor(store::StateStore& store,
                               store::KeyLayout layout,
                               const core::Clock& clock, RulesProbe& probe)
    : store_(store), layout_(std::move(layout)), clock_(clock), probe_(probe) {}

void BatchProcessor::OnAssignment(
    const std::vector<events::TopicPartition>& owned) {
  owned_ = owned;
  dossiers_.clear();
  offsets_.clear();
}

absl::StatusOr<std::optional<int64_t>> BatchProcessor::StoredOffset(
    const events::TopicPartition& tp) {
  return store_.GetOffset(tp.topic, tp.partition);
}

absl::StatusOr<v1::DossierState*> BatchProcessor::LoadDossier(
    const std::string& dossier_id,
    std::map<std::string, v1::DossierState>& pending) {
  if (auto it = pending.find(dossier_id); it != pending.end()) {
    return &it->second;
  }
  v1::DossierState& state = pending[dossier_id];
  if (auto it = dossiers_.find(dossier_id); it != dossiers_.end()) {
    state = it->second;
    return &state;
  }
  absl::StatusOr<std::optional<std::string>> stored =
      store_.Get(layout_.Dossier(dossier_id));
  if (!stored.ok()) return stored.status();
  if (stored->has_value() && !state.ParseFromString(**stored)) {
    return absl::DataLossError("stored state of dossier " + dossier_id +
                               " cannot be parsed");
  }
  return &state;
}

absl::Status BatchProcessor::Process(
    const std::vector<events::InRecord>& records) {
  const absl::Time start = clock_.Now();
  std::map<std::string, v1::DossierState> pending;
  std::map<std::pair<std::string, int32_t>, store::OffsetUpdate> offsets;
  store::WriteBatch batch;
  size_t applied = 0;
  for (const events::InRecord& r : records) {
    const auto tp = std::make_pair(r.topic, r.partition);
    auto known = offsets_.find(tp);
    if (known == offsets_.end()) {
      absl::StatusOr<std::optional<int64_t>> stored =
          store_.GetOffset(r.topic, r.partition);
      if (!stored.ok()) return stored.status();
      known = offsets_.emplace(tp, stored->value_or(-1)).first;
    }
    if (r.offset < known->second) continue;  // applied before a restart
    auto [update, fresh] = offsets.try_emplace(
        tp, store::OffsetUpdate{r.topic, r.partition, known->second, 0});
    update->second.next = r.offset + 1;

    v1::Event event;
    if (!event.ParseFromString(r.value)) {
      probe_.EventUndecodable();
      spdlog::error("undecodable record {}/{}@{} skipped", r.topic, r.partition,
                    r.offset);
      continue;
    }
    if (event.payload_case() != v1::Event::kDossier) continue;
    absl::StatusOr<v1::DossierState*> state =
        LoadDossier(event.dossier().dossier_id(), pending);
    if (!state.ok()) return state.status();
    domain::DossierEffects effects = domain::ApplyDossierEvent(event, **state);
    if (effects.duplicate) {
      probe_.EventDuplicate();
      continue;
    }
    ++applied;
    for (const auto& d : effects.deltas) {
      const std::string field(d.field);
      if (d.day.has_value()) {
        batch.HashIncrement(layout_.UnitDay(d.unit_id, *d.day), field, d.delta);
        batch.HashIncrement(layout_.UnitTotal(d.unit_id), field, d.delta);
      } else {
        batch.HashIncrement(layout_.UnitLive(d.unit_id), field, d.delta);
      }
    }
    batch.HashMax(
        layout_.UnitLive((*state)->unit_id().empty() ? event.unit_id()
                                                     : (*state)->unit_id()),
        std::string(domain::kFieldWatermark), UnixMillis(event.occurred_at()));
  }
  if (offsets.empty()) return absl::OkStatus();
  for (const auto& [id, state] : pending) {
    batch.Put(layout_.Dossier(id), state.SerializeAsString());
  }
  for (const auto& [tp, update] : offsets) batch.UpdateOffset(update);

  absl::StatusOr<store::CommitOutcome> outcome = store_.Commit(batch);
  if (!outcome.ok()) {
    probe_.CommitFailed();
    dossiers_.clear();
    offsets_.clear();
    return outcome.status();
  }
  if (*outcome == store::CommitOutcome::kAlreadyApplied) {
    probe_.BatchAlreadyApplied();
  } else {
    for (size_t i = 0; i < applied; ++i) probe_.EventApplied();
    probe_.BatchCommitted(clock_.Now() - start, records.size());
  }
  for (auto& [id, state] : pending) {
    // Closed dossiers leave the cache: later events for them are rare.
    if (state.closed()) {
      dossiers_.erase(id);
    } else {
      dossiers_[id] = std::move(state);
    }
  }
  for (const auto& [tp, update] : offsets) offsets_[tp] = update.next;
  return absl::OkStatus();
}

}  // namespace giamsat::rules
