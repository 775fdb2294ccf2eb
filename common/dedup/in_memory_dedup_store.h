// InMemoryDedupStore: a DedupStore in process memory with the same
// semantics as the Redis adapter, for unit tests (state is lost with the
// object). Expiry follows the injected clock. Safe for concurrent use.
// FailNextCalls(n) makes the next n calls fail with Unavailable.
#pragma once

#include <map>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/core/clock.h"
#include "common/dedup/dedup_store.h"

namespace giamsat::dedup {

class InMemoryDedupStore final : public DedupStore {
 public:
  InMemoryDedupStore(const core::Clock& clock, absl::Duration window,
                     absl::Duration pending_ttl)
      : clock_(clock), window_(window), pending_ttl_(pending_ttl) {}

  absl::StatusOr<std::vector<ClaimResult>> Claim(
      const std::vector<DedupEntry>& entries) override;
  absl::Status Confirm(const std::vector<DedupEntry>& entries) override;
  absl::Status Release(const std::vector<DedupEntry>& entries) override;

  void FailNextCalls(int n);
  // Number of ids currently remembered (pending or done, not expired).
  size_t size() const;

 private:
  struct Slot {
    bool done = false;
    std::string fingerprint;
    absl::Time expires;
  };
  absl::Status MaybeFail() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The live slot of `id`, or nullptr (expired slots are dropped).
  Slot* Find(const std::string& id, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const core::Clock& clock_;
  const absl::Duration window_;
  const absl::Duration pending_ttl_;
  mutable absl::Mutex mu_;
  std::map<std::string, Slot> slots_ ABSL_GUARDED_BY(mu_);
  int fail_next_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace giamsat::dedup
