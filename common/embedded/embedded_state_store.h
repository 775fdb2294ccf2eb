// EmbeddedStateStore: the StateStore of the standalone mode, on EmbeddedDb,
// with the Redis adapter's guarantees: a batch (fence checks, state ops and
// offset compare-and-set) is one atomic RocksDB write through the write-ahead
// log, so after a crash the state and the offsets are from the same batch, and
// a batch whose offsets are already at `next` is reported kAlreadyApplied
// and applied no second time. Key names are those of docs/state-layout.md.
// Safe for concurrent use: commits are serialised, reads run beside them.
#pragma once

#include <memory>

#include "absl/synchronization/mutex.h"
#include "common/embedded/embedded_db.h"
#include "common/store/fence_table.h"
#include "common/store/state_store.h"

namespace giamsat::embedded {

class EmbeddedStateStore final : public store::StateStore {
 public:
  explicit EmbeddedStateStore(std::shared_ptr<EmbeddedDb> db)
      : db_(std::move(db)) {}

  absl::StatusOr<store::CommitOutcome> Commit(
      const store::WriteBatch& batch) override;
  absl::StatusOr<std::optional<std::string>> Get(
      absl::string_view key) override;
  absl::StatusOr<std::vector<std::optional<std::string>>> GetMany(
      const std::vector<std::string>& keys) override;
  absl::StatusOr<std::vector<store::Hash>> GetHashes(
      const std::vector<std::string>& keys) override;
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> GetSortedSet(
      absl::string_view key) override;
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
  GetSortedSetRange(absl::string_view key, int64_t min_score, int64_t max_score,
                    int64_t offset, int64_t limit) override;
  absl::StatusOr<std::optional<int64_t>> GetOffset(absl::string_view topic,
                                                   int32_t partition) override;
  // Kept in memory: the database admits one process (store/fence_table.h).
  absl::StatusOr<int64_t> TakeFence(absl::string_view topic,
                                    int32_t partition) override;

 private:
  std::shared_ptr<EmbeddedDb> db_;
  absl::Mutex commit_mu_;
  store::FenceTable fences_ ABSL_GUARDED_BY(commit_mu_);
};

}  // namespace giamsat::embedded
