// EmbeddedDedupStore: the DedupStore of the standalone mode, on EmbeddedDb,
// with the Redis adapter's semantics (pending claims expire after
// `pending_ttl`, done ids after `window`, on the injected clock). Every
// change goes through the write-ahead log, so an id confirmed before a
// kill -9 is still a duplicate after the restart.
// Expired ids are dropped when next claimed and by Purge().
// Safe for concurrent use (calls are serialised).
#pragma once

#include <memory>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/core/clock.h"
#include "common/dedup/dedup_store.h"
#include "common/embedded/embedded_db.h"

namespace giamsat::embedded {

class EmbeddedDedupStore final : public dedup::DedupStore {
 public:
  EmbeddedDedupStore(std::shared_ptr<EmbeddedDb> db, const core::Clock& clock,
                     absl::Duration window, absl::Duration pending_ttl)
      : db_(std::move(db)),
        clock_(clock),
        window_(window),
        pending_ttl_(pending_ttl) {}

  absl::StatusOr<std::vector<dedup::ClaimResult>> Claim(
      const std::vector<dedup::DedupEntry>& entries) override;
  absl::Status Confirm(const std::vector<dedup::DedupEntry>& entries) override;
  absl::Status Release(const std::vector<dedup::DedupEntry>& entries) override;

  // Deletes every expired id; returns how many.
  absl::StatusOr<size_t> Purge();
  // Forgets every pending claim; returns how many. For start-up only: in
  // the standalone mode the process that claimed them is gone, so their
  // writes either reached the log (and the rules engine ignores the event
  // sent again, by its id) or never happened (and the retry must pass).
  absl::StatusOr<size_t> ReleaseAllPending();

 private:
  std::shared_ptr<EmbeddedDb> db_;
  const core::Clock& clock_;
  const absl::Duration window_;
  const absl::Duration pending_ttl_;
  absl::Mutex mu_;

  // Deletes every pending id, or else every expired one.
  absl::StatusOr<size_t> DeleteWhere(bool pending_only);
};

}  // namespace giamsat::embedded
