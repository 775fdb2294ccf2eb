#include "common/store/memory_state_store.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace giamsat::store {

absl::StatusOr<CommitOutcome> MemoryStateStore::Commit(
    const WriteBatch& batch) {
  absl::MutexLock lock(&mu_);
  if (fail_next_ > 0) {
    --fail_next_;
    return absl::UnavailableError("injected commit failure");
  }
  if (absl::Status s = fences_.Check(batch); !s.ok()) return s;
  bool all_at_next = !batch.offsets().empty();
  for (const auto& o : batch.offsets()) {
    auto it = offsets_.find({o.topic, o.partition});
    const int64_t current = it == offsets_.end() ? -1 : it->second;
    if (current != o.next) all_at_next = false;
    if (current != o.expected && current != o.next) {
      return absl::AbortedError(absl::StrCat(
          "offset of ", o.topic, "/", o.partition, " is ", current,
          ", expected ", o.expected, ": partition owned by another writer"));
    }
  }
  if (all_at_next) return CommitOutcome::kAlreadyApplied;
  for (const WriteOp& op : batch.ops()) {
    switch (op.kind) {
      case WriteOp::Kind::kPut:
        strings_[std::string(op.key)] = std::string(op.value);
        break;
      case WriteOp::Kind::kDelete:
        strings_.erase(std::string(op.key));
        hashes_.erase(std::string(op.key));
        zsets_.erase(std::string(op.key));
        break;
      case WriteOp::Kind::kHashDelete:
        if (auto it = hashes_.find(op.key); it != hashes_.end()) {
          it->second.erase(std::string(op.field));
          if (it->second.empty()) hashes_.erase(it);
        }
        break;
      case WriteOp::Kind::kSortedSetAdd:
        zsets_[std::string(op.key)][std::string(op.field)] = op.delta;
        break;
      case WriteOp::Kind::kSortedSetRemove:
        if (auto it = zsets_.find(op.key); it != zsets_.end()) {
          it->second.erase(std::string(op.field));
          if (it->second.empty()) zsets_.erase(it);
        }
        break;
      case WriteOp::Kind::kHashIncrement: {
        std::string& v = hashes_[std::string(op.key)][std::string(op.field)];
        int64_t current = 0;
        if (!v.empty() && !absl::SimpleAtoi(v, &current)) {
          return absl::FailedPreconditionError("hash field is not a number");
        }
        v = absl::StrCat(current + op.delta);
        break;
      }
      case WriteOp::Kind::kHashPut:
        hashes_[std::string(op.key)][std::string(op.field)] =
            std::string(op.value);
        break;
      case WriteOp::Kind::kHashMax: {
        std::string& v = hashes_[std::string(op.key)][std::string(op.field)];
        int64_t current = 0;
        if (v.empty() || !absl::SimpleAtoi(v, &current) || op.delta > current) {
          v = absl::StrCat(op.delta);
        }
        break;
      }
    }
  }
  for (const auto& o : batch.offsets()) {
    offsets_[{o.topic, o.partition}] = o.next;
  }
  return CommitOutcome::kApplied;
}

absl::StatusOr<std::optional<std::string>> MemoryStateStore::Get(
    absl::string_view key) {
  absl::MutexLock lock(&mu_);
  auto it = strings_.find(key);
  if (it == strings_.end()) return std::nullopt;
  return it->second;
}

absl::StatusOr<std::vector<std::optional<std::string>>>
MemoryStateStore::GetMany(const std::vector<std::string>& keys) {
  absl::MutexLock lock(&mu_);
  std::vector<std::optional<std::string>> out;
  out.reserve(keys.size());
  for (const auto& key : keys) {
    auto it = strings_.find(key);
    out.push_back(it == strings_.end() ? std::nullopt
                                       : std::optional(it->second));
  }
  return out;
}

absl::StatusOr<std::vector<Hash>> MemoryStateStore::GetHashes(
    const std::vector<std::string>& keys) {
  absl::MutexLock lock(&mu_);
  std::vector<Hash> out;
  out.reserve(keys.size());
  for (const auto& key : keys) {
    auto it = hashes_.find(key);
    out.push_back(it == hashes_.end() ? Hash{} : it->second);
  }
  return out;
}

absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
MemoryStateStore::GetSortedSet(absl::string_view key) {
  absl::MutexLock lock(&mu_);
  std::vector<std::pair<std::string, int64_t>> out;
  if (auto it = zsets_.find(key); it != zsets_.end()) {
    out.assign(it->second.begin(), it->second.end());
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second < b.second;
  });
  return out;
}

absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
MemoryStateStore::GetSortedSetRange(absl::string_view key, int64_t min_score,
                                    int64_t max_score, int64_t offset,
                                    int64_t limit) {
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> all =
      GetSortedSet(key);
  if (!all.ok()) return all.status();
  std::vector<std::pair<std::string, int64_t>> out;
  for (auto& [member, score] : *all) {
    if (score < min_score || score > max_score) continue;
    if (offset > 0) {
      --offset;
      continue;
    }
    if (static_cast<int64_t>(out.size()) >= limit) break;
    out.emplace_back(std::move(member), score);
  }
  return out;
}

absl::StatusOr<int64_t> MemoryStateStore::TakeFence(absl::string_view topic,
                                                    int32_t partition) {
  absl::MutexLock lock(&mu_);
  return fences_.Take(topic, partition);
}

absl::StatusOr<std::optional<int64_t>> MemoryStateStore::GetOffset(
    absl::string_view topic, int32_t partition) {
  absl::MutexLock lock(&mu_);
  auto it = offsets_.find({std::string(topic), partition});
  if (it == offsets_.end()) return std::nullopt;
  return it->second;
}

void MemoryStateStore::FailNextCommits(int n) {
  absl::MutexLock lock(&mu_);
  fail_next_ = n;
}

std::map<std::string, std::string> MemoryStateStore::StringsSnapshot() const {
  absl::MutexLock lock(&mu_);
  return {strings_.begin(), strings_.end()};
}

std::map<std::string, Hash> MemoryStateStore::HashesSnapshot() const {
  absl::MutexLock lock(&mu_);
  return {hashes_.begin(), hashes_.end()};
}

std::map<std::string, std::map<std::string, int64_t>>
MemoryStateStore::SortedSetsSnapshot() const {
  absl::MutexLock lock(&mu_);
  return {zsets_.begin(), zsets_.end()};
}

}  // namespace giamsat::store
