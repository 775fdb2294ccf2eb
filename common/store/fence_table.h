// FenceTable: the partitions' fences of a store that keeps them in process
// memory (MemoryStateStore; EmbeddedStateStore, whose database admits one
// process, so a fence never needs to outlive it). Take() makes the caller
// the partition's newest owner; Check() tells whether a batch's fence checks
// all hold (WriteBatch::RequireFence). Not thread-safe: the store's own lock
// guards it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/store/write_batch.h"

namespace giamsat::store {

class FenceTable {
 public:
  // Increments and returns the partition's fence (the first is 1).
  int64_t Take(absl::string_view topic, int32_t partition);
  // OK, or Aborted naming the first partition whose fence moved on.
  absl::Status Check(const WriteBatch& batch) const;

 private:
  std::map<std::pair<std::string, int32_t>, int64_t> fences_;
};

}  // namespace giamsat::store
