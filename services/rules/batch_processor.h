// BatchProcessor: turns consumed records, and timers that fell due, into
// atomic state-store commits: dossier states, unit figures, watermarks,
// durable timers, pending alerts (outbox) and, for records, the consumed
// offsets. The heart of effectively-once processing.
//
// Records below a partition's stored offset were applied before and are
// skipped; an event id a dossier already applied is skipped too. Timers are
// evaluated against the injected clock (wall time) while verdicts use event
// time (see common/domain/dossier_rules.h). When a commit fails nothing of
// the batch is kept in memory, so the caller can seek back to the stored
// offsets and process again. Not thread-safe: the consumer thread owns it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/node_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/core/clock.h"
#include "common/domain/dossier_rules.h"
#include "common/domain/feedback_rules.h"
#include "common/events/event_log.h"
#include "common/inspection/inspection_rules.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"
#include "giamsat/v1/state.pb.h"
#include "services/rules/alert_outbox.h"
#include "services/rules/figure_tally.h"
#include "services/rules/rules_probe.h"
#include "services/rules/timer_index.h"

namespace giamsat::rules {

class BatchProcessor {
 public:
  BatchProcessor(store::StateStore& store, store::KeyLayout layout,
                 const core::Clock& clock, const domain::DossierRules& dossiers,
                 const domain::FeedbackRules& feedback, AlertOutbox& outbox,
                 RulesProbe& probe);

  // Inspection records are applied with `rules` (docs/inspections.md);
  // without them (nullptr, the default) they are consumed and skipped.
  void set_inspection_rules(const inspection::InspectionRules* rules) {
    inspection_rules_ = rules;
  }

  // Processes `records` (any partitions, offset order within each).
  absl::Status Process(const std::vector<events::InRecord>& records);

  // Evaluates up to `max` subjects whose timer fell due by the clock's now.
  absl::Status FireDueTimers(size_t max = 1000);

  // The partitions owned changed: forget everything cached. Before the next
  // batch, this instance takes each owned partition's fence
  // (StateStore::TakeFence), then loads its timers; every commit then
  // requires the fences of the partitions it writes for, so an instance
  // that lost a partition without knowing it yet can write nothing more
  // for it.
  void OnAssignment(const std::vector<events::TopicPartition>& owned);
  const std::vector<events::TopicPartition>& owned() const { return owned_; }
  // The fence this instance took on `tp` since its assignment, if any.
  std::optional<int64_t> FenceOf(const events::TopicPartition& tp) const;

  // The stored next offset of `tp` (nullopt: from the beginning).
  absl::StatusOr<std::optional<int64_t>> StoredOffset(
      const events::TopicPartition& tp);
  // The next offset of `tp` to apply: after the last batch committed, or
  // the stored one (read once) before the first; 0 when none is stored.
  absl::StatusOr<int64_t> NextOffset(const events::TopicPartition& tp);

  size_t timers_pending() const { return timers_.size(); }
  // Most dossier and feedback states kept in memory between batches (the
  // rest is read from the store when an event or timer needs it); beyond
  // it the cache is emptied. 0: no cache.
  void set_cache_limit(size_t limit) { cache_limit_ = limit; }
  size_t cached_states() const {
    return dossiers_.size() + feedback_.size() + inspections_.size();
  }
  // Whether a loaded timer is due by TimerTime().
  bool HasDueTimers() { return !timers_.Due(TimerTime(), 1).empty(); }

  // The owned partitions whose consumer has not yet read up to the log's
  // end (the loop sets them before each batch). On a partition behind,
  // events are judged at the latest event time read from it rather than at
  // the clock's now, and timers fire by the earliest such time of all the
  // partitions behind: a deadline that passed on the wall clock is not
  // declared missed while the record that met it may still wait in the
  // log (catching up after an outage, or replaying a past period). Once
  // caught up, the wall clock rules again. Default: none behind.
  void SetBehind(std::vector<events::TopicPartition> behind) {
    behind_ = std::move(behind);
  }
  const std::vector<events::TopicPartition>& behind() const { return behind_; }
  // Whether a partition behind has had no record read since the
  // assignment: how far its events have got is not known, so no timer can
  // be judged yet (TimerTime() does not account for it).
  bool BehindUnread() const;
  // The instant timers fire by (see SetBehind).
  absl::Time TimerTime() const;

 private:
  // (dimension, value) pairs a subject's figures are broken down by.
  using Breakdowns = std::vector<std::pair<absl::string_view, std::string>>;
  // Cached or pending states by subject id; the order of ids does not
  // matter (each id's writes are to its own keys and members).
  template <typename State>
  using States = absl::node_hash_map<std::string, State>;
  // Everything one commit will write, kept apart until it succeeds.
  struct Pending {
    States<v1::DossierState> dossiers;
    States<v1::FeedbackState> feedback;
    States<v1::InspectionState> inspections;
    // Subject ("d:<id>", "f:<id>") -> the partition that owns it.
    absl::flat_hash_map<std::string, events::TopicPartition> partition_of;
    // Units already listed in the units hash by this batch.
    absl::flat_hash_set<std::string> units;
    // The batch's figure increments, written at the commit.
    FigureTally figures;
    // Partition -> its timers key.
    std::vector<std::pair<events::TopicPartition, std::string>> timer_keys;
    store::WriteBatch batch;
    StagedAlerts alerts;
    std::vector<TimerChange> timers;
    size_t applied = 0;
  };

  absl::Status TakeFences();
  // The stored next offset of (topic, partition), -1 when none, read from
  // the store once per assignment and then kept as batches commit.
  absl::StatusOr<int64_t> KnownOffset(const std::string& topic,
                                      int32_t partition);
  absl::Status LoadTimers();
  // Adds to the batch the fence checks of every partition it writes for.
  void RequireFences(Pending& pending) const;
  // Reads with one GetMany() every state the subjects need that neither
  // `pending` nor the cache holds, into `pending`; a later Load() of them
  // finds them there. Subjects: "d:<id>", "f:<id>", "i:<id>".
  absl::Status Prefetch(const std::vector<std::string>& subjects,
                        Pending& pending);
  template <typename State>
  absl::StatusOr<State*> Load(const std::string& id, const std::string& key,
                              States<State>& cache, States<State>& pending);
  template <typename Outcome>
  // `breakdowns`: (dimension, value) pairs of the subject; each delta is
  // also recorded under BreakdownField for each (figure_fields.h).
  void Record(const Outcome& outcome, Pending& pending,
              const Breakdowns& breakdowns);
  // Applies one decoded event; false when it was a duplicate.
  absl::StatusOr<bool> ApplyEvent(const v1::Event& event,
                                  const events::TopicPartition& tp,
                                  absl::Time now, Pending& pending);
  void StageTimer(const std::string& subject, std::optional<absl::Time> next,
                  Pending& pending);
  absl::Status Commit(Pending& pending, absl::Time started);

  store::StateStore& store_;
  const store::KeyLayout layout_;
  const core::Clock& clock_;
  const domain::DossierRules& dossier_rules_;
  const domain::FeedbackRules& feedback_rules_;
  AlertOutbox& outbox_;
  RulesProbe& probe_;
  // Committed state, as stored (cache of the store for owned partitions).
  States<v1::DossierState> dossiers_;
  States<v1::FeedbackState> feedback_;
  States<v1::InspectionState> inspections_;
  const inspection::InspectionRules* inspection_rules_ = nullptr;
  size_t cache_limit_ = 100000;
  std::map<std::pair<std::string, int32_t>, int64_t> offsets_;
  // Latest event time (occurred_at) applied per partition since the
  // assignment.
  std::map<std::pair<std::string, int32_t>, absl::Time> event_time_;
  std::vector<events::TopicPartition> behind_;
  std::vector<events::TopicPartition> owned_;
  std::vector<events::TopicPartition> timers_to_load_;
  std::vector<events::TopicPartition> fences_to_take_;
  // The fence taken for each owned partition since the assignment.
  std::map<std::pair<std::string, int32_t>, int64_t> fences_;
  TimerIndex timers_;
};

// The timer key of a dossier ("d:<id>") and of a feedback item ("f:<id>").
std::string DossierSubject(const std::string& dossier_id);
std::string FeedbackSubject(const std::string& feedback_id);
// The timer key of an inspection ("i:<id>").
std::string InspectionSubject(const std::string& inspection_id);

}  // namespace giamsat::rules
