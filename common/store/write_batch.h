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
//
// The batch copies every string it is given into its own storage, and its
// ops view that copy: a batch can be moved but not copied.
#pragma once

#include <cstdint>
#include <memory>
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

// The strings of an op are views into its WriteBatch, valid while the
// batch lives (and across a move of it).
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
  absl::string_view key;
  absl::string_view field;  // hash ops only
  absl::string_view value;  // kPut, kHashPut
  int64_t delta = 0;        // kHashIncrement; the candidate value for kHashMax
};

class WriteBatch {
 public:
  WriteBatch() = default;
  WriteBatch(WriteBatch&& other) noexcept;
  WriteBatch& operator=(WriteBatch&& other) noexcept;
  WriteBatch(const WriteBatch&) = delete;  // the ops view its own text
  WriteBatch& operator=(const WriteBatch&) = delete;
  ~WriteBatch();

  void Put(absl::string_view key, absl::string_view value);
  void Delete(absl::string_view key);
  void HashIncrement(absl::string_view key, absl::string_view field,
                     int64_t delta);
  // An increment appended as it is, never merged with other ops (later
  // ones of (key, field) merge into neither it nor the ops before it): for
  // a caller that has summed its increments itself, so the op costs no
  // merging of its own.
  void AppendHashIncrement(absl::string_view key, absl::string_view field,
                           int64_t delta);
  void HashPut(absl::string_view key, absl::string_view field,
               absl::string_view value);
  // Sets field to max(current, value), treating a missing field as absent.
  void HashMax(absl::string_view key, absl::string_view field, int64_t value);
  void HashDelete(absl::string_view key, absl::string_view field);
  // Adds `member` with `score`, or moves it to `score`.
  void SortedSetAdd(absl::string_view key, absl::string_view member,
                    int64_t score);
  void SortedSetRemove(absl::string_view key, absl::string_view member);
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

  // A copy of `text` in the batch's own storage.
  absl::string_view Keep(absl::string_view text);
  // Appends an op, its strings copied with Keep().
  void Append(WriteOp::Kind kind, absl::string_view key,
              absl::string_view field, absl::string_view value, int64_t delta);

  // The text of every op, in blocks that never move: the ops' strings are
  // copied here one after another, so a batch of thousands of ops makes a
  // few allocations instead of two or three per op.
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* free_at_ = nullptr;
  size_t free_size_ = 0;
  std::vector<WriteOp> ops_;
  std::vector<OffsetUpdate> offsets_;
  std::vector<FenceCheck> fences_;
  // key -> field -> index in ops_ of the last op on it, while that op is
  // a HashIncrement or HashMax (views of that op's strings).
  absl::flat_hash_map<absl::string_view,
                      absl::flat_hash_map<absl::string_view, size_t>>
      mergeable_;
};

}  // namespace giamsat::store
