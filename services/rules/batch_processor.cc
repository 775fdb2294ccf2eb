#include "services/rules/batch_processor.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/core/proto_time.h"
#include "common/domain/alert_fields.h"
#include "common/domain/figure_fields.h"
#include "spdlog/spdlog.h"

namespace giamsat::rules {
namespace {

// What a subject's figures are broken down by (figure_fields.h).
using Breakdowns = std::vector<std::pair<absl::string_view, std::string>>;

Breakdowns BreakdownsOf(const v1::DossierState& s) {
  return {{domain::kDimensionField, s.field_code()},
          {domain::kDimensionChannel, v1::Channel_Name(s.channel())}};
}
Breakdowns BreakdownsOf(const v1::FeedbackState& s) {
  return {{domain::kDimensionChannel, v1::FeedbackChannel_Name(s.channel())}};
}

constexpr absl::string_view kDossierPrefix = "d:";
constexpr absl::string_view kFeedbackPrefix = "f:";
constexpr absl::string_view kInspectionPrefix = "i:";

}  // namespace

std::string DossierSubject(const std::string& dossier_id) {
  return absl::StrCat(kDossierPrefix, dossier_id);
}

std::string FeedbackSubject(const std::string& feedback_id) {
  return absl::StrCat(kFeedbackPrefix, feedback_id);
}

std::string InspectionSubject(const std::string& inspection_id) {
  return absl::StrCat(kInspectionPrefix, inspection_id);
}

BatchProcessor::BatchProcessor(store::StateStore& store,
                               store::KeyLayout layout,
                               const core::Clock& clock,
                               const domain::DossierRules& dossiers,
                               const domain::FeedbackRules& feedback,
                               AlertOutbox& outbox, RulesProbe& probe)
    : store_(store),
      layout_(std::move(layout)),
      clock_(clock),
      dossier_rules_(dossiers),
      feedback_rules_(feedback),
      outbox_(outbox),
      probe_(probe) {}

void BatchProcessor::OnAssignment(
    const std::vector<events::TopicPartition>& owned) {
  owned_ = owned;
  timers_to_load_ = owned;
  fences_to_take_ = owned;
  fences_.clear();
  dossiers_.clear();
  feedback_.clear();
  inspections_.clear();
  offsets_.clear();
  event_time_.clear();
  behind_.clear();
  timers_.Clear();
  probe_.TimersPending(0);
}

absl::Time BatchProcessor::TimerTime() const {
  absl::Time t = clock_.Now();
  for (const events::TopicPartition& tp : behind_) {
    auto it = event_time_.find({tp.topic, tp.partition});
    if (it != event_time_.end()) t = std::min(t, it->second);
  }
  return t;
}

absl::StatusOr<std::optional<int64_t>> BatchProcessor::StoredOffset(
    const events::TopicPartition& tp) {
  return store_.GetOffset(tp.topic, tp.partition);
}

absl::StatusOr<int64_t> BatchProcessor::KnownOffset(const std::string& topic,
                                                    int32_t partition) {
  const auto tp = std::make_pair(topic, partition);
  auto known = offsets_.find(tp);
  if (known == offsets_.end()) {
    absl::StatusOr<std::optional<int64_t>> stored =
        store_.GetOffset(topic, partition);
    if (!stored.ok()) return stored.status();
    known = offsets_.emplace(tp, stored->value_or(-1)).first;
  }
  return known->second;
}

absl::StatusOr<int64_t> BatchProcessor::NextOffset(
    const events::TopicPartition& tp) {
  // The fences first, as for a batch: the offset read is then the one this
  // instance's commits will be checked against.
  if (absl::Status s = TakeFences(); !s.ok()) return s;
  absl::StatusOr<int64_t> known = KnownOffset(tp.topic, tp.partition);
  if (!known.ok()) return known.status();
  return std::max<int64_t>(*known, 0);
}

bool BatchProcessor::BehindUnread() const {
  return std::any_of(behind_.begin(), behind_.end(),
                     [this](const events::TopicPartition& tp) {
                       return !event_time_.contains({tp.topic, tp.partition});
                     });
}

absl::Status BatchProcessor::TakeFences() {
  while (!fences_to_take_.empty()) {
    const events::TopicPartition& tp = fences_to_take_.back();
    absl::StatusOr<int64_t> token = store_.TakeFence(tp.topic, tp.partition);
    if (!token.ok()) return token.status();
    fences_[{tp.topic, tp.partition}] = *token;
    fences_to_take_.pop_back();
  }
  return absl::OkStatus();
}

std::optional<int64_t> BatchProcessor::FenceOf(
    const events::TopicPartition& tp) const {
  auto it = fences_.find({tp.topic, tp.partition});
  if (it == fences_.end()) return std::nullopt;
  return it->second;
}

void BatchProcessor::RequireFences(Pending& pending) const {
  std::vector<std::pair<std::string, int32_t>> partitions;
  for (const store::OffsetUpdate& o : pending.batch.offsets()) {
    partitions.emplace_back(o.topic, o.partition);
  }
  for (const auto& [tp, key] : pending.timer_keys) {
    partitions.emplace_back(tp.topic, tp.partition);
  }
  std::sort(partitions.begin(), partitions.end());
  partitions.erase(std::unique(partitions.begin(), partitions.end()),
                   partitions.end());
  for (const auto& [topic, partition] : partitions) {
    // Partitions never assigned (OnAssignment) have no fence to check.
    if (const std::optional<int64_t> token = FenceOf({topic, partition})) {
      pending.batch.RequireFence({topic, partition, *token});
    }
  }
}

absl::Status BatchProcessor::LoadTimers() {
  if (timers_to_load_.empty()) return absl::OkStatus();
  const absl::Time started = clock_.Now();
  const size_t partitions = timers_to_load_.size();
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
  // A restart or rebalance says how much it restored and how long it took.
  spdlog::info("restored {} pending timers of {} partition(s) in {:.2f} s",
               timers_.size(), partitions,
               absl::ToDoubleSeconds(clock_.Now() - started));
  return absl::OkStatus();
}

template <typename State>
absl::StatusOr<State*> BatchProcessor::Load(const std::string& id,
                                            const std::string& key,
                                            States<State>& cache,
                                            States<State>& pending) {
  if (auto it = pending.find(id); it != pending.end()) return &it->second;
  if (auto it = cache.find(id); it != cache.end()) {
    // Moved, not copied: the store holds the same committed state, and
    // Commit() returns it to the cache.
    return &pending.insert(cache.extract(it)).position->second;
  }
  State& state = pending[id];
  absl::StatusOr<std::optional<std::string>> stored = store_.Get(key);
  if (!stored.ok()) return stored.status();
  if (stored->has_value() && !state.ParseFromString(**stored)) {
    return absl::DataLossError("stored state " + key + " cannot be parsed");
  }
  return &state;
}

namespace {

// Whether `id` is held by the batch or the cache; otherwise appends its
// store key to `keys` (once per id).
template <typename Map>
bool Held(absl::string_view id, const Map& pending, const Map& cache,
          absl::flat_hash_set<absl::string_view>& asked) {
  return pending.contains(id) || cache.contains(id) || !asked.insert(id).second;
}

// The state stored at keys[i] as the batch's copy of `id`.
template <typename State>
absl::Status Adopt(absl::node_hash_map<std::string, State>& pending,
                   absl::string_view id, const std::string& key,
                   const std::optional<std::string>& stored) {
  State& state = pending[id];
  if (stored.has_value() && !state.ParseFromString(*stored)) {
    return absl::DataLossError("stored state " + key + " cannot be parsed");
  }
  return absl::OkStatus();
}

// Moves each committed state of `pending` whose `keep` is true (in the
// map's order) into `cache`, and drops the others from it.
template <typename State>
void ReturnToCache(absl::node_hash_map<std::string, State>& pending,
                   absl::node_hash_map<std::string, State>& cache,
                   const std::vector<bool>& keep) {
  size_t i = 0;
  for (auto it = pending.begin(); it != pending.end();) {
    auto current = it++;
    if (!keep[i++]) {
      cache.erase(current->first);
      continue;
    }
    auto inserted = cache.insert(pending.extract(current));
    if (!inserted.inserted) {
      inserted.position->second = std::move(inserted.node.mapped());
    }
  }
}

}  // namespace

absl::Status BatchProcessor::Prefetch(const std::vector<std::string>& subjects,
                                      Pending& pending) {
  std::vector<std::string> keys;
  // (prefix, id) of each key.
  std::vector<std::pair<absl::string_view, absl::string_view>> of;
  absl::flat_hash_set<absl::string_view> asked_d, asked_f, asked_i;
  for (const std::string& subject : subjects) {
    absl::string_view id = subject;
    if (absl::ConsumePrefix(&id, kDossierPrefix)) {
      if (Held(id, pending.dossiers, dossiers_, asked_d)) continue;
      keys.push_back(layout_.Dossier(id));
      of.emplace_back(kDossierPrefix, id);
    } else if (absl::ConsumePrefix(&id, kFeedbackPrefix)) {
      if (Held(id, pending.feedback, feedback_, asked_f)) continue;
      keys.push_back(layout_.Feedback(id));
      of.emplace_back(kFeedbackPrefix, id);
    } else if (absl::ConsumePrefix(&id, kInspectionPrefix) &&
               inspection_rules_ != nullptr) {
      if (Held(id, pending.inspections, inspections_, asked_i)) continue;
      keys.push_back(layout_.Inspection(id));
      of.emplace_back(kInspectionPrefix, id);
    }
  }
  if (keys.empty()) return absl::OkStatus();
  absl::StatusOr<std::vector<std::optional<std::string>>> stored =
      store_.GetMany(keys);
  if (!stored.ok()) return stored.status();
  for (size_t i = 0; i < keys.size(); ++i) {
    const auto& [prefix, id] = of[i];
    absl::Status s =
        prefix == kDossierPrefix
            ? Adopt(pending.dossiers, id, keys[i], (*stored)[i])
        : prefix == kFeedbackPrefix
            ? Adopt(pending.feedback, id, keys[i], (*stored)[i])
            : Adopt(pending.inspections, id, keys[i], (*stored)[i]);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

template <typename Outcome>
void BatchProcessor::Record(const Outcome& outcome, Pending& pending,
                            const Breakdowns& breakdowns) {
  for (const auto& d : outcome.deltas) {
    // Summed per unit, day and field until the commit (figure_tally.h).
    pending.figures.Add(d.unit_id, d.day, d.field, breakdowns, d.delta);
    if (pending.units.insert(d.unit_id).second) {
      pending.batch.HashPut(layout_.Units(), d.unit_id, "1");
    }
  }
  std::vector<std::string> serialized;
  serialized.reserve(outcome.alerts.size());
  for (const v1::Alert& a : outcome.alerts) {
    pending.figures.Add(a.unit_id(), std::nullopt,
                        domain::AlertsFiringField(a.severity()), {},
                        a.state() == v1::ALERT_FIRING ? 1 : -1);
    serialized.push_back(a.SerializeAsString());
    pending.batch.HashPut(layout_.UnitAlerts(a.unit_id()), a.alert_id(),
                          serialized.back());
  }
  outbox_.Stage(outcome.alerts, pending.batch, pending.alerts, &serialized);
  for (const std::string& p : outcome.problems) {
    probe_.DeadlineProblem();
    spdlog::warn("{}", p);
  }
}

void BatchProcessor::StageTimer(const std::string& subject,
                                std::optional<absl::Time> next,
                                Pending& pending) {
  auto tp = pending.partition_of.find(subject);
  if (tp == pending.partition_of.end()) return;
  // The few partitions of a batch: their timer keys are built once.
  auto known = std::find_if(
      pending.timer_keys.begin(), pending.timer_keys.end(),
      [&](const auto& entry) { return entry.first == tp->second; });
  if (known == pending.timer_keys.end()) {
    pending.timer_keys.emplace_back(
        tp->second, layout_.Timers(tp->second.topic, tp->second.partition));
    known = pending.timer_keys.end() - 1;
  }
  const std::string& key = known->second;
  if (next.has_value()) {
    pending.batch.SortedSetAdd(key, subject, absl::ToUnixMillis(*next));
  } else {
    pending.batch.SortedSetRemove(key, subject);
  }
  pending.timers.push_back({subject, tp->second, next});
}

absl::Status BatchProcessor::Commit(Pending& pending, absl::Time started) {
  // Whether each state stays cached, in the maps' order (unchanged below).
  std::vector<bool> keep_dossier, keep_feedback;
  keep_dossier.reserve(pending.dossiers.size());
  keep_feedback.reserve(pending.feedback.size());
  pending.figures.AppendTo(layout_, pending.batch);
  for (auto& [id, state] : pending.dossiers) {
    pending.batch.Put(layout_.Dossier(id), state.SerializeAsString());
    if (!state.unit_id().empty()) {
      const std::string open = layout_.UnitOpenDossiers(state.unit_id());
      if (state.received() && !state.closed() && state.has_due_at()) {
        pending.batch.SortedSetAdd(
            open, id, absl::ToUnixMillis(core::FromProto(state.due_at())));
      } else {
        pending.batch.SortedSetRemove(open, id);
      }
    }
    const std::optional<absl::Time> next = dossier_rules_.NextCheck(state);
    keep_dossier.push_back(next.has_value() || !state.closed());
    StageTimer(DossierSubject(id), next, pending);
  }
  for (auto& [id, state] : pending.feedback) {
    pending.batch.Put(layout_.Feedback(id), state.SerializeAsString());
    const std::optional<absl::Time> next = feedback_rules_.NextCheck(state);
    keep_feedback.push_back(next.has_value());
    StageTimer(FeedbackSubject(id), next, pending);
  }
  for (auto& [id, state] : pending.inspections) {
    const std::string serialized = state.SerializeAsString();
    pending.batch.Put(layout_.Inspection(id), serialized);
    if (!state.unit_id().empty()) {
      pending.batch.HashPut(layout_.UnitInspections(state.unit_id()), id,
                            serialized);
    }
    StageTimer(InspectionSubject(id), inspection_rules_->NextCheck(state),
               pending);
  }
  RequireFences(pending);
  absl::StatusOr<store::CommitOutcome> outcome = store_.Commit(pending.batch);
  if (!outcome.ok()) {
    probe_.CommitFailed();
    dossiers_.clear();
    feedback_.clear();
    inspections_.clear();
    offsets_.clear();
    return outcome.status();
  }
  if (*outcome == store::CommitOutcome::kAlreadyApplied) {
    probe_.BatchAlreadyApplied();
  } else {
    probe_.EventsApplied(pending.applied);
    probe_.BatchCommitted(clock_.Now() - started, pending.applied);
    for (const auto& [field, s] : pending.alerts) probe_.AlertRaised(s.alert);
    outbox_.Committed(std::move(pending.alerts));
  }
  // Subjects with nothing left to check leave the cache.
  ReturnToCache(pending.dossiers, dossiers_, keep_dossier);
  ReturnToCache(pending.feedback, feedback_, keep_feedback);
  std::vector<bool> keep_inspection;
  keep_inspection.reserve(pending.inspections.size());
  for (const auto& [id, state] : pending.inspections) {
    keep_inspection.push_back(inspection_rules_->NextCheck(state).has_value());
  }
  ReturnToCache(pending.inspections, inspections_, keep_inspection);
  if (cached_states() > cache_limit_) {
    dossiers_.clear();
    feedback_.clear();
    inspections_.clear();
  }
  timers_.Apply(pending.timers);
  probe_.TimersPending(timers_.size());
  return absl::OkStatus();
}

absl::StatusOr<bool> BatchProcessor::ApplyEvent(
    const v1::Event& event, const events::TopicPartition& tp, absl::Time now,
    Pending& pending) {
  std::string unit;
  if (event.payload_case() == v1::Event::kDossier) {
    const std::string& id = event.dossier().dossier_id();
    absl::StatusOr<v1::DossierState*> state =
        Load(id, layout_.Dossier(id), dossiers_, pending.dossiers);
    if (!state.ok()) return state.status();
    pending.partition_of[DossierSubject(id)] = tp;
    domain::DossierOutcome outcome = dossier_rules_.Apply(event, **state, now);
    if (outcome.duplicate) return false;
    Record(outcome, pending, BreakdownsOf(**state));
    unit = (*state)->unit_id();
  } else if (event.payload_case() == v1::Event::kFeedback) {
    const std::string& id = event.feedback().feedback_id();
    absl::StatusOr<v1::FeedbackState*> state =
        Load(id, layout_.Feedback(id), feedback_, pending.feedback);
    if (!state.ok()) return state.status();
    pending.partition_of[FeedbackSubject(id)] = tp;
    domain::FeedbackOutcome outcome =
        feedback_rules_.Apply(event, **state, now);
    if (outcome.duplicate) return false;
    Record(outcome, pending, BreakdownsOf(**state));
    unit = (*state)->unit_id();
  } else if (event.payload_case() == v1::Event::kInspection &&
             inspection_rules_ != nullptr) {
    const std::string& id = event.inspection().inspection_id();
    absl::StatusOr<v1::InspectionState*> state =
        Load(id, layout_.Inspection(id), inspections_, pending.inspections);
    if (!state.ok()) return state.status();
    pending.partition_of[InspectionSubject(id)] = tp;
    inspection::InspectionOutcome outcome =
        inspection_rules_->Apply(event, **state, now);
    if (outcome.duplicate) return false;
    Record(outcome, pending, {});
    unit = (*state)->unit_id();
  } else {
    return true;  // no inspection rules configured
  }
  if (unit.empty()) unit = event.unit_id();
  pending.batch.HashMax(
      layout_.UnitLive(unit), std::string(domain::kFieldWatermark),
      absl::ToUnixMillis(core::FromProto(event.occurred_at())));
  return true;
}

absl::Status BatchProcessor::Process(
    const std::vector<events::InRecord>& records) {
  const absl::Time start = clock_.Now();
  // The fences first: a former owner's commits stop before anything is read.
  if (absl::Status s = TakeFences(); !s.ok()) return s;
  if (absl::Status s = LoadTimers(); !s.ok()) return s;
  Pending pending;
  std::map<std::pair<std::string, int32_t>, store::OffsetUpdate> offsets;
  // Decoded first, so that every state the batch needs is read at once.
  std::vector<std::pair<const events::InRecord*, v1::Event>> decoded;
  decoded.reserve(records.size());
  std::vector<std::string> subjects;
  subjects.reserve(records.size());
  for (const events::InRecord& r : records) {
    const auto tp = std::make_pair(r.topic, r.partition);
    absl::StatusOr<int64_t> known = KnownOffset(r.topic, r.partition);
    if (!known.ok()) return known.status();
    if (r.offset < *known) continue;  // applied before a restart
    auto [update, fresh] = offsets.try_emplace(
        tp, store::OffsetUpdate{r.topic, r.partition, *known, 0});
    update->second.next = r.offset + 1;

    v1::Event event;
    if (!event.ParseFromString(r.value)) {
      probe_.EventUndecodable();
      spdlog::error("undecodable record {}/{}@{} skipped", r.topic, r.partition,
                    r.offset);
      continue;
    }
    if (event.payload_case() == v1::Event::kDossier) {
      subjects.push_back(DossierSubject(event.dossier().dossier_id()));
    } else if (event.payload_case() == v1::Event::kFeedback) {
      subjects.push_back(FeedbackSubject(event.feedback().feedback_id()));
    } else if (event.payload_case() == v1::Event::kInspection) {
      subjects.push_back(InspectionSubject(event.inspection().inspection_id()));
    }
    decoded.emplace_back(&r, std::move(event));
  }
  if (offsets.empty()) return absl::OkStatus();
  if (absl::Status s = Prefetch(subjects, pending); !s.ok()) return s;
  for (const auto& [r, event] : decoded) {
    // What is overdue is judged at the clock's now, or, on a partition still
    // behind the log's end, at the latest event time read from it so far.
    absl::Time& latest =
        event_time_.try_emplace({r->topic, r->partition}, absl::InfinitePast())
            .first->second;
    if (event.has_occurred_at()) {
      latest = std::max(latest, core::FromProto(event.occurred_at()));
    }
    const events::TopicPartition tp{r->topic, r->partition};
    const absl::Time at =
        std::find(behind_.begin(), behind_.end(), tp) != behind_.end()
            ? std::min(start, latest)
            : start;
    absl::StatusOr<bool> applied = ApplyEvent(event, tp, at, pending);
    if (!applied.ok()) return applied.status();
    if (*applied) {
      ++pending.applied;
    } else {
      probe_.EventDuplicate();
    }
  }
  for (const auto& [tp, update] : offsets) pending.batch.UpdateOffset(update);
  absl::Status s = Commit(pending, start);
  if (!s.ok()) return s;
  for (const auto& [tp, update] : offsets) offsets_[tp] = update.next;
  return absl::OkStatus();
}

absl::Status BatchProcessor::FireDueTimers(size_t max) {
  const absl::Time started = clock_.Now();
  const absl::Time now = TimerTime();
  // The fences first: a former owner's commits stop before anything is read.
  if (absl::Status s = TakeFences(); !s.ok()) return s;
  if (absl::Status s = LoadTimers(); !s.ok()) return s;
  std::vector<TimerEntry> due = timers_.Due(now, max);
  if (due.empty()) return absl::OkStatus();
  Pending pending;
  std::vector<std::string> subjects;
  subjects.reserve(due.size());
  for (const TimerEntry& t : due) subjects.push_back(t.subject);
  if (absl::Status s = Prefetch(subjects, pending); !s.ok()) return s;
  for (const TimerEntry& t : due) {
    pending.partition_of[t.subject] = t.partition;
    if (absl::StartsWith(t.subject, kDossierPrefix)) {
      const std::string id(absl::StripPrefix(t.subject, kDossierPrefix));
      absl::StatusOr<v1::DossierState*> state =
          Load(id, layout_.Dossier(id), dossiers_, pending.dossiers);
      if (!state.ok()) return state.status();
      Record(dossier_rules_.Evaluate(**state, now), pending,
             BreakdownsOf(**state));
    } else if (absl::StartsWith(t.subject, kFeedbackPrefix)) {
      const std::string id(absl::StripPrefix(t.subject, kFeedbackPrefix));
      absl::StatusOr<v1::FeedbackState*> state =
          Load(id, layout_.Feedback(id), feedback_, pending.feedback);
      if (!state.ok()) return state.status();
      Record(feedback_rules_.Evaluate(**state, now), pending,
             BreakdownsOf(**state));
    } else if (absl::StartsWith(t.subject, kInspectionPrefix) &&
               inspection_rules_ != nullptr) {
      const std::string id(absl::StripPrefix(t.subject, kInspectionPrefix));
      absl::StatusOr<v1::InspectionState*> state =
          Load(id, layout_.Inspection(id), inspections_, pending.inspections);
      if (!state.ok()) return state.status();
      Record(inspection_rules_->Evaluate(**state, now), pending, {});
    }
    probe_.TimerFired();
  }
  return Commit(pending, started);
}

}  // namespace giamsat::rules
