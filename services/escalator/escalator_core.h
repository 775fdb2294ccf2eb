// EscalatorCore: applies the escalation policy to consumed alerts, timers
// and acknowledgements, and keeps its state in the state store effectively
// once: every decision (escalation state, the deliveries it implies, its
// audit entries) is committed in one atomic batch, together with the
// consumed offsets when records caused it. If a commit fails, the
// in-memory state is put back as it was, so the caller can seek back to the
// stored offsets and process again.
//
// Deliveries are an outbox: each (notification, channel) is stored before
// any attempt and removed only after the channel accepted it or, after the
// retry budget (exponential back-off), after it was written to the
// dead-letter topic. A crash between an attempt and its commit repeats the
// attempt (at least once; receivers de-duplicate by notification id).
// Audit entries are stored (queryable) and also go through an outbox to the
// audit topic.
//
// One instance is active at a time. Its state covers every unit, so on each
// assignment of alerts partitions (OnAssignment) it takes one fence for the
// whole alerts topic (StateStore::TakeFence, partition kWholeTopicFence),
// then reloads the stored state, and every commit requires that fence. An
// instance that owns no partition, or whose fence a newer instance has taken
// (its commit is refused with Aborted), decides and delivers nothing until
// its next assignment: Process() fails with FailedPrecondition, Ack() with
// Unavailable, and Tick(), Deliver() and FlushAudit() do nothing. So two
// instances that overlap (a rolling update, a stalled process) never both
// notify or escalate.
//
// Safe for concurrent use: the consumer thread and gRPC handlers share it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/core/clock.h"
#include "common/escalation/policy.h"
#include "common/events/event_log.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"
#include "services/escalator/channel.h"
#include "services/escalator/escalator_probe.h"

namespace giamsat::escalator {

struct DeliveryPolicy {
  // Attempts per (notification, channel) before it is dead-lettered.
  int max_attempts = 8;
  absl::Duration initial_backoff = absl::Seconds(5);
  absl::Duration max_backoff = absl::Minutes(10);
};

// The partition under which the escalator takes its fence of the alerts
// topic: one fence for all partitions.
inline constexpr int32_t kWholeTopicFence = -1;

struct CoreTopics {
  std::string alerts;
  std::string audit;
  std::string dead_letter;
};

class EscalatorCore {
 public:
  EscalatorCore(store::StateStore& store, store::KeyLayout layout,
                escalation::EscalationPolicy& policy,
                std::vector<Channel*> channels, const core::Clock& clock,
                EscalatorProbe& probe, DeliveryPolicy delivery,
                CoreTopics topics);

  // Loads the stored escalations, deliveries and audit outbox.
  absl::Status Recover();

  // Applies consumed alert records (records below the stored offsets were
  // applied before and are skipped; undecodable ones are counted and
  // skipped).
  absl::Status Process(const std::vector<events::InRecord>& records);
  // Acts on what fell due by the clock's now.
  absl::Status Tick();
  absl::StatusOr<v1::AckAlertResponse> Ack(const v1::AckAlertRequest& request);
  // Attempts the deliveries that are due; dead letters go to `log`.
  absl::Status Deliver(events::EventPublisher& log);
  // Publishes stored audit entries not yet on the audit topic.
  absl::Status FlushAudit(events::EventPublisher& log);

  // Audit entries, oldest first (see ListAuditEntries in escalation.proto).
  absl::StatusOr<std::vector<v1::AuditEntry>> ListAudit(
      const v1::ListAuditEntriesRequest& request);

  absl::StatusOr<std::optional<int64_t>> StoredOffset(
      const events::TopicPartition& tp);
  // The partitions now owned; with any, the fence is taken (and the state
  // reloaded) before the next decision.
  void OnAssignment(const std::vector<events::TopicPartition>& owned);
  std::vector<events::TopicPartition> owned() const;
  // Whether this instance holds the fence (as of its last commit).
  bool active() const;
  size_t pending_deliveries() const;

 private:
  // Loads the stored state into memory.
  absl::Status LoadLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Takes the fence and reloads the state after an assignment. Returns
  // whether this instance may decide: it holds the fence.
  absl::StatusOr<bool> Activate() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Commits `batch`, requiring the fence (held: Activate returned true); a
  // refused fence ends this instance's turn.
  absl::StatusOr<store::CommitOutcome> CommitFenced(store::WriteBatch& batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // Stages the policy's decisions into `batch`: escalation states,
  // deliveries for each notification and its recipient's channels, audit.
  void Stage(const escalation::Decisions& d, store::WriteBatch& batch,
             std::map<std::string, v1::Delivery>& new_deliveries,
             std::vector<v1::AuditEntry>& audit) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void StageAudit(const v1::AuditEntry& entry, store::WriteBatch& batch) const;
  // Stages `d` and commits it with `offsets`; on success keeps the new
  // deliveries and audit entries, on failure restores the policy state to
  // `before`.
  absl::Status StageAndCommit(const escalation::Decisions& d,
                              std::map<std::string, v1::Escalation>&& before,
                              const std::vector<store::OffsetUpdate>& offsets)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  store::StateStore& store_;
  const store::KeyLayout layout_;
  const core::Clock& clock_;
  EscalatorProbe& probe_;
  const DeliveryPolicy delivery_;
  const CoreTopics topics_;
  std::map<std::string, Channel*> channels_;

  mutable absl::Mutex mu_;
  escalation::EscalationPolicy& policy_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, v1::Delivery> deliveries_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, v1::AuditEntry> audit_outbox_ ABSL_GUARDED_BY(mu_);
  std::map<std::pair<std::string, int32_t>, int64_t> offsets_
      ABSL_GUARDED_BY(mu_);
  std::vector<events::TopicPartition> owned_ ABSL_GUARDED_BY(mu_);
  // Set by an assignment of partitions: take the fence, then reload.
  bool take_fence_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<int64_t> fence_ ABSL_GUARDED_BY(mu_);
};

// Field of a delivery in the outbox: "<notification id>#<channel>".
std::string DeliveryField(const v1::Delivery& d);

}  // namespace giamsat::escalator
