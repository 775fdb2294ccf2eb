// StateStore port: durable key/value and hash state with atomic batches.
//
// Served by Redis (common/redis) in the distributed mode and by in-memory or
// embedded stores elsewhere. All methods are safe for concurrent use.
// Errors: Unavailable when the store cannot be reached (retry), Aborted when
// a batch's offset compare-and-set or fence check fails because another
// writer moved the offsets or took the partition's fence (this instance no
// longer owns the partition: rebalance first).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/store/write_batch.h"

namespace giamsat::store {

enum class CommitOutcome {
  kApplied,         // the batch was applied now
  kAlreadyApplied,  // the offsets were already at `next`: applied before
};

using Hash = std::map<std::string, std::string, std::less<>>;

class StateStore {
 public:
  virtual ~StateStore() = default;

  // Applies every op and offset update of `batch` atomically, or none.
  virtual absl::StatusOr<CommitOutcome> Commit(const WriteBatch& batch) = 0;

  // The value at `key`, or nullopt when absent.
  virtual absl::StatusOr<std::optional<std::string>> Get(
      absl::string_view key) = 0;

  // The values at `keys`, in order (nullopt where absent), read in one
  // round trip where the store allows it. The default asks Get() for each.
  virtual absl::StatusOr<std::vector<std::optional<std::string>>> GetMany(
      const std::vector<std::string>& keys);

  // The hashes at `keys`, in order; an absent key gives an empty hash.
  virtual absl::StatusOr<std::vector<Hash>> GetHashes(
      const std::vector<std::string>& keys) = 0;

  // Every member of the sorted set at `key` with its score, lowest first.
  virtual absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
  GetSortedSet(absl::string_view key) = 0;

  // Members of the sorted set at `key` whose score is within
  // [min_score, max_score], lowest score first (ties by member, bytewise),
  // after skipping `offset` of them, at most `limit` (ZRANGEBYSCORE ...
  // LIMIT offset limit).
  virtual absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
  GetSortedSetRange(absl::string_view key, int64_t min_score, int64_t max_score,
                    int64_t offset, int64_t limit) = 0;

  // The stored next offset of (topic, partition), or nullopt when none.
  virtual absl::StatusOr<std::optional<int64_t>> GetOffset(
      absl::string_view topic, int32_t partition) = 0;

  // Makes the caller the newest owner of (topic, partition): increments the
  // partition's fence and returns it. From then on a batch that requires an
  // older token (WriteBatch::RequireFence) fails with Aborted. The first
  // token is 1.
  virtual absl::StatusOr<int64_t> TakeFence(absl::string_view topic,
                                            int32_t partition) = 0;
};

}  // namespace giamsat::store
