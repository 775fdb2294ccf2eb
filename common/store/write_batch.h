// WriteBatch: a set of state changes that a StateStore applies atomically,
// together with the consumed-offset updates that make processing
// effectively-once.
//
// Each OffsetUpdate is a compare-and-set: the batch applies only if the
// stored next offset of (topic, partition) equals `expected`. A batch whose
// offsets are already at `next` was applied before (a retry after a lost
// reply) and is reported as such, never applied twice.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace giamsat::store {

struct OffsetUpdate {
  std::string topic;
  int32_t partition = 0;
  // The stored next offset this batch was computed from; -1 when none.
  int64_t expected = -1;
  // The next offset to consume once this batch is applied.
  int64_t next = 0;
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
  void HashIncrement(std::string key, std::string field, int64_t delta);
  void HashPut(std::string key, std::string field, std::string value);
  // Sets field to max(current, value), treating a missing field as absent.
  void HashMax(std::string key, std::string field, int64_t value);
  void HashDelete(std::string key, std::string field);
  // Adds `member` with `score`, or moves it to `score`.
  void SortedSetAdd(std::string key, std::string member, int64_t score);
  void SortedSetRemove(std::string key, std::string member);
  void UpdateOffset(OffsetUpdate update);

  const std::vector<WriteOp>& ops() const { return ops_; }
  const std::vector<OffsetUpdate>& offsets() const { return offsets_; }
  bool empty() const { return ops_.empty() && offsets_.empty(); }

 private:
  std::vector<WriteOp> ops_;
  std::vector<OffsetUpdate> offsets_;
};

}  // namespace giamsat::store
