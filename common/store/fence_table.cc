#include "common/store/fence_table.h"

#include "absl/strings/str_cat.h"

namespace giamsat::store {

int64_t FenceTable::Take(absl::string_view topic, int32_t partition) {
  return ++fences_[{std::string(topic), partition}];
}

absl::Status FenceTable::Check(const WriteBatch& batch) const {
  for (const FenceCheck& f : batch.fences()) {
    auto it = fences_.find({f.topic, f.partition});
    const int64_t current = it == fences_.end() ? 0 : it->second;
    if (current != f.token) {
      return absl::AbortedError(absl::StrCat(
          "fence of ", f.topic, "/", f.partition, " is ", current, ", not ",
          f.token, ": partition taken by a newer owner"));
    }
  }
  return absl::OkStatus();
}

}  // namespace giamsat::store
