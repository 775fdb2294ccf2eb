#include "services/rules/batch_processor.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/core/proto_time.h"
#include "common/domain/alert_fields.h"
#include "common/domain/figure_fields.h"
#include "spdlog/spdlog.h"

namespace giamsat::rules {

std::string DossierSubject(const std::string& dossier_id) {
  return absl::StrCat("d:", dossier_id);
}

BatchProcessor::BatchProcessor(store::StateStore& store,
                               store::KeyLayout layout,
                               const core::Clock& clock,
                               const domain::DossierRules& rules,
                               AlertOutbox& outbox, RulesProbe& probe)
    : store_(store),
      layout_(std::move(layout)),
      clock_(clock),
      rules_(rules),
      outbox_(outbox),
      probe_(probe) {}

void BatchProcessor::OnAssignment(
    const std::vector<events::TopicPartition>& owned) {
  owned_ = owned;
  timers_to_load_ = owned;
  dossiers_.clear();
  offsets_.clear();
  timers_.Clear();
  probe_.TimersPending(0);
}

absl::StatusOr<std::optional<int64_t>> BatchProcessor::StoredOffset(
    const events::TopicPartition& tp) {
  return store_.GetOffset(tp.topic, tp.partition);
}

absl::Status BatchProcessor::LoadTimers() {
  while (!timers_to_load_.empty()) {
    const events::TopicPartition tp = timers_to_load_.back();
    auto entries = store_.GetSortedSet(layout_.Timers(tp.topic, tp.partition));
    if (!entries.ok()) return entries.status();
    for (const auto& [subject, ms] : *entries) {
      timers_.Set(subject, tp, absl::FromUnixMillis(ms));
    }
    timers_to_load_.pop_back();
  }
  probe_.TimersPending(timers_.size());
  return absl::OkStatus();
}

absl::StatusOr<v1::DossierState*> BatchProcessor::LoadDossier(
    const std::string& dossier_id, Pending& pending) {
  if (auto it = pending.dossiers.find(dossier_id);
      it != pending.dossiers.end()) {
    return &it->second;
  }
  v1::DossierState& state = pending.dossiers[dossier_id];
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

void BatchProcessor::Record(const domain::DossierOutcome& outcome,
                            Pending& pending) {
  for (const auto& d : outcome.deltas) {
    const std::string field(d.field);
    if (d.day.has_value()) {
      pending.batch.HashIncrement(layout_.UnitDay(d.unit_id, *d.day), field,
                                  d.delta);
      pending.batch.HashIncrement(layout_.UnitTotal(d.unit_id), field, d.delta);
    } else {
      pending.batch.HashIncrement(layout_.UnitLive(d.unit_id), field, d.delta);
    }
  }
  for (const v1::Alert& a : outcome.alerts) {
    pending.batch.HashIncrement(layout_.UnitLive(a.unit_id()),
                                domain::AlertsFiringField(a.severity()),
                                a.state() == v1::ALERT_FIRING ? 1 : -1);
    pending.batch.HashPut(layout_.UnitAlerts(a.unit_id()), a.alert_id(),
                          a.SerializeAsString());
  }
  outbox_.Stage(outcome.alerts, pending.batch, pending.alerts);
  for (const std::string& p : outcome.problems) {
    probe_.DeadlineProblem();
    spdlog::warn("{}", p);
  }
}

absl::Status BatchProcessor::Commit(Pending& pending, absl::Time started) {
  for (auto& [id, state] : pending.dossiers) {
    pending.batch.Put(layout_.Dossier(id), state.SerializeAsString());
    if (!state.unit_id().empty()) {
      pending.batch.HashPut(layout_.Units(), state.unit_id(), "1");
      if (state.received() && !state.closed() && state.has_due_at()) {
        pending.batch.SortedSetAdd(
            layout_.UnitOpenDossiers(state.unit_id()), id,
            absl::ToUnixMillis(core::FromProto(state.due_at())));
      } else {
        pending.batch.SortedSetRemove(layout_.UnitOpenDossiers(state.unit_id()),
                                      id);
      }
    }
    auto tp = pending.partition_of.find(id);
    if (tp == pending.partition_of.end()) continue;
    const std::string subject = DossierSubject(id);
    const std::string key =
        layout_.Timers(tp->second.topic, tp->second.partition);
    std::optional<absl::Time> next = rules_.NextCheck(state);
    if (next.has_value()) {
      pending.batch.SortedSetAdd(key, subject, absl::ToUnixMillis(*next));
    } else {
      pending.batch.SortedSetRemove(key, subject);
    }
    pending.timers.push_back({subject, tp->second, next});
  }
  absl::StatusOr<store::CommitOutcome> outcome = store_.Commit(pending.batch);
  if (!outcome.ok()) {
    probe_.CommitFailed();
    dossiers_.clear();
    offsets_.clear();
    return outcome.status();
  }
  if (*outcome == store::CommitOutcome::kAlreadyApplied) {
    probe_.BatchAlreadyApplied();
  } else {
    for (size_t i = 0; i < pending.applied; ++i) probe_.EventApplied();
    probe_.BatchCommitted(clock_.Now() - started, pending.applied);
    outbox_.Committed(std::move(pending.alerts));
  }
  for (auto& [id, state] : pending.dossiers) {
    // Closed dossiers without pending checks leave the cache.
    if (state.closed() && !rules_.NextCheck(state).has_value()) {
      dossiers_.erase(id);
    } else {
      dossiers_[id] = std::move(state);
    }
  }
  for (const TimerChange& t : pending.timers) {
    if (t.due.has_value()) {
      timers_.Set(t.subject, t.tp, *t.due);
    } else {
      timers_.Cancel(t.subject);
    }
  }
  probe_.TimersPending(timers_.size());
  return absl::OkStatus();
}

absl::Status BatchProcessor::Process(
    const std::vector<events::InRecord>& records) {
  const absl::Time start = clock_.Now();
  if (absl::Status s = LoadTimers(); !s.ok()) return s;
  Pending pending;
  std::map<std::pair<std::string, int32_t>, store::OffsetUpdate> offsets;
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
    const std::string& id = event.dossier().dossier_id();
    absl::StatusOr<v1::DossierState*> state = LoadDossier(id, pending);
    if (!state.ok()) return state.status();
    pending.partition_of[id] = {r.topic, r.partition};
    domain::DossierOutcome outcome = rules_.Apply(event, **state, start);
    if (outcome.duplicate) {
      probe_.EventDuplicate();
      continue;
    }
    ++pending.applied;
    Record(outcome, pending);
    pending.batch.HashMax(
        layout_.UnitLive((*state)->unit_id()),
        std::string(domain::kFieldWatermark),
        absl::ToUnixMillis(core::FromProto(event.occurred_at())));
  }
  if (offsets.empty()) return absl::OkStatus();
  for (const auto& [tp, update] : offsets) pending.batch.UpdateOffset(update);
  absl::Status s = Commit(pending, start);
  if (!s.ok()) return s;
  for (const auto& [tp, update] : offsets) offsets_[tp] = update.next;
  return absl::OkStatus();
}

absl::Status BatchProcessor::FireDueTimers(size_t max) {
  const absl::Time now = clock_.Now();
  if (absl::Status s = LoadTimers(); !s.ok()) return s;
  std::vector<TimerEntry> due = timers_.Due(now, max);
  if (due.empty()) return absl::OkStatus();
  Pending pending;
  for (const TimerEntry& t : due) {
    if (!absl::StartsWith(t.subject, "d:")) continue;
    const std::string id(absl::StripPrefix(t.subject, "d:"));
    absl::StatusOr<v1::DossierState*> state = LoadDossier(id, pending);
    if (!state.ok()) return state.status();
    pending.partition_of[id] = t.partition;
    Record(rules_.Evaluate(**state, now), pending);
    probe_.TimerFired();
  }
  return Commit(pending, now);
}

}  // namespace giamsat::rules
