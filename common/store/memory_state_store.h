// MemoryStateStore: a StateStore in process memory with the same atomicity
// offset compare-and-set and fencing semantics as the Redis adapter. Serves the
// replay (giamsatctl replay recomputes state here and compares it with the
// live store) and unit tests. Nothing survives the process.
// Safe for concurrent use. FailNextCommits(n) makes the next n commits fail
// with Unavailable without applying anything, to test retries.
#pragma once

#include <map>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/store/fence_table.h"
#include "common/store/state_store.h"

namespace giamsat::store {

class MemoryStateStore final : public StateStore {
 public:
  absl::StatusOr<CommitOutcome> Commit(const WriteBatch& batch) override;
  absl::StatusOr<std::optional<std::string>> Get(
      absl::string_view key) override;
  absl::StatusOr<std::vector<std::optional<std::string>>> GetMany(
      const std::vector<std::string>& keys) override;
  absl::StatusOr<std::vector<Hash>> GetHashes(
      const std::vector<std::string>& keys) override;
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> GetSortedSet(
      absl::string_view key) override;
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
  GetSortedSetRange(absl::string_view key, int64_t min_score, int64_t max_score,
                    int64_t offset, int64_t limit) override;
  absl::StatusOr<std::optional<int64_t>> GetOffset(absl::string_view topic,
                                                   int32_t partition) override;
  absl::StatusOr<int64_t> TakeFence(absl::string_view topic,
                                    int32_t partition) override;

  void FailNextCommits(int n);
  // Every key (string and hash) currently stored, for assertions.
  std::map<std::string, std::string> StringsSnapshot() const;
  std::map<std::string, Hash> HashesSnapshot() const;
  std::map<std::string, std::map<std::string, int64_t>> SortedSetsSnapshot()
      const;

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, std::string, std::less<>> strings_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Hash, std::less<>> hashes_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::map<std::string, int64_t>, std::less<>> zsets_
      ABSL_GUARDED_BY(mu_);
  std::map<std::pair<std::string, int32_t>, int64_t> offsets_
      ABSL_GUARDED_BY(mu_);
  FenceTable fences_ ABSL_GUARDED_BY(mu_);
  int fail_next_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace giamsat::store
