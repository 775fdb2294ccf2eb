#include "common/dedup/in_memory_dedup_store.h"

namespace giamsat::dedup {

absl::Status InMemoryDedupStore::MaybeFail() {
  if (fail_next_ > 0) {
    --fail_next_;
    return absl::UnavailableError("injected dedup store failure");
  }
  return absl::OkStatus();
}

InMemoryDedupStore::Slot* InMemoryDedupStore::Find(const std::string& id,
                                                   absl::Time now) {
  auto it = slots_.find(id);
  if (it == slots_.end()) return nullptr;
  if (it->second.expires <= now) {
    slots_.erase(it);
    return nullptr;
  }
  return &it->second;
}

absl::StatusOr<std::vector<ClaimResult>> InMemoryDedupStore::Claim(
    const std::vector<DedupEntry>& entries) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = MaybeFail(); !s.ok()) return s;
  const absl::Time now = clock_.Now();
  std::vector<ClaimResult> out;
  out.reserve(entries.size());
  for (const DedupEntry& e : entries) {
    if (Slot* slot = Find(e.event_id, now); slot != nullptr) {
      out.push_back({slot->done ? ClaimState::kDone : ClaimState::kPending,
                     slot->fingerprint});
      continue;
    }
    slots_[e.event_id] = Slot{false, e.fingerprint, now + pending_ttl_};
    out.push_back({ClaimState::kClaimed, ""});
  }
  return out;
}

absl::Status InMemoryDedupStore::Confirm(
    const std::vector<DedupEntry>& entries) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = MaybeFail(); !s.ok()) return s;
  const absl::Time now = clock_.Now();
  for (const DedupEntry& e : entries) {
    slots_[e.event_id] = Slot{true, e.fingerprint, now + window_};
  }
  return absl::OkStatus();
}

absl::Status InMemoryDedupStore::Release(
    const std::vector<DedupEntry>& entries) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = MaybeFail(); !s.ok()) return s;
  const absl::Time now = clock_.Now();
  for (const DedupEntry& e : entries) {
    Slot* slot = Find(e.event_id, now);
    if (slot != nullptr && !slot->done && slot->fingerprint == e.fingerprint) {
      slots_.erase(e.event_id);
    }
  }
  return absl::OkStatus();
}

void InMemoryDedupStore::FailNextCalls(int n) {
  absl::MutexLock lock(&mu_);
  fail_next_ = n;
}

size_t InMemoryDedupStore::size() const {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_.Now();
  size_t n = 0;
  for (const auto& [id, slot] : slots_) n += slot.expires > now ? 1 : 0;
  return n;
}

}  // namespace giamsat::dedup
