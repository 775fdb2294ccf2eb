// WriteBatch: a set of state changes that a StateStore applies atomically,
// together with the consumed-offset updates that make processing
// effectively-once.
//
// Each OffsetUpdate is a compare-and-set: the batch applies only if the
// stored next offset of (topic, partition) equals `expected`. A batch whose
// offsets are already at `next` was applied before (a retry after a lost
// reply) and is reported as such, never applied twice.
//
// Each FenceCheck makes the batch apply only if the partition's stored
// fence (StateStore::TakeFence) still equals `token`: once a newer owner of
// the partition has taken the fence, an older owner that has not yet learnt
// it lost the partition (a stalled instance during a rebalance) can write
// nothing more for it, not even a timer's firing, which moves no offset.
// Fences are checked before offsets.
//
// Increments and maxima of one hash field are coalesced: a HashIncrement
// (HashMax) of a (key, field) whose last op in this batch is a
// HashIncrement (HashMax) adds its delta to (takes the max with) that op
// instead of appending one. Applied atomically, the outcome is the same:
// ops on other keys and fields commute with it, any other op on the key
// or field ends the merging, and a zero sum is kept, so the field is
// created as HINCRBY by 0 would.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace giamsat::store {

struct OffsetUpdate {
  std::string topic;
  int32_t partition = 0;
  // The stored next offset this batch was computed from; -1 when none.
  int64_t expected = -1;
  // The next offset to consume once this batch is applied.
  int64_t next = 0;
};

struct FenceCheck {
  std::string topic;
  int32_t partition = 0;
  int64_t token = 0;  // the value StateStore::TakeFence returned
};

struct WriteOp {
  enum class Kind {
    kPut,
    kDelete,
    kHashIncrement,
    kHashPut,
    kHashMax,
    kHashDelete,
    kSortedSetAdd,     // member `field`, score `delta`
    kSortedSetRemove,  // member `field`
  };
  Kind kind = Kind::kPut;
  std::string key;
  std::string field;  // hash ops only
  std::string value;  // kPut, kHashPut
  int64_t delta = 0;  // kHashIncrement; the candidate value for kHashMax
};

class WriteBatch {
 public:
  void Put(std::string key, std::string value);
  void Delete(std::string key);
  void HashIncrement(absl::string_view key, absl::string_view field,
                     int64_t delta);
  // An increment appended as it is, never merged with other ops (later
  // ones of (key, field) merge into neither it nor the ops before it): for
  // a caller that has summed its increments itself, so the op costs no
  // merging of its own.
  void AppendHashIncrement(absl::string_view key, absl::string_view field,
                           int64_t delta);
  void HashPut(std::string key, std::string field, std::string value);
  // Sets field to max(current, value), treating a missing field as absent.
  void HashMax(absl::string_view key, absl::string_view field, int64_t value);
  void HashDelete(std::string key, std::string field);
  // Adds `member` with `score`, or moves it to `score`.
  void SortedSetAdd(std::string key, std::string member, int64_t score);
  void SortedSetRemove(std::string key, std::string member);
  void UpdateOffset(OffsetUpdate update);
  void RequireFence(FenceCheck fence);

  const std::vector<WriteOp>& ops() const { return ops_; }
  const std::vector<OffsetUpdate>& offsets() const { return offsets_; }
  const std::vector<FenceCheck>& fences() const { return fences_; }
  bool empty() const { return ops_.empty() && offsets_.empty(); }

 private:
  // Adds `value` to (kind kHashIncrement) or maxes it into (kHashMax) the
  // last op on (key, field) when it is of `kind`; otherwise appends a new
  // op of `kind` and records it as the last one on (key, field).
  void AddMergeable(absl::string_view key, absl::string_view field,
                    WriteOp::Kind kind, int64_t value);
  // Another op touches `key` (`field`: that field only, else the whole
  // key): later increments of it must not merge into earlier ones.
  void Touch(absl::string_view key);
  void Touch(absl::string_view key, absl::string_view field);

  std::vector<WriteOp> ops_;
  std::vector<OffsetUpdate> offsets_;
  std::vector<FenceCheck> fences_;
  // key -> field -> index in ops_ of the last op on it, while that op is
  // a HashIncrement or HashMax.
  absl::flat_hash_map<std::string, absl::flat_hash_map<std::string, size_t>>
      mergeable_;
};

}  // namespace giamsat::store
