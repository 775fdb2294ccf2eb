// DedupStore port: remembers which event ids were written, so that an event
// sent again (a retry, a file imported twice) is written once.
//
// An id goes through two states. Claim() marks each unseen id "pending"
// (for `pending_ttl`, long enough to cover one write) and reports what it
// found for the others; once the write is acknowledged Confirm() marks the
// id "done" for the deduplication window; when the write failed Release()
// forgets a pending claim so that a retry can pass. A pending claim that is
// never confirmed nor released (the writer crashed) expires on its own.
// Each claim carries a fingerprint of the event's content, so that a reused
// id with different content can be told apart from a retry.
//
// Implementations: RedisDedupStore (state survives restarts and is shared
// by every ingestor instance) and InMemoryDedupStore (tests).
// Safe for concurrent use. Errors: Unavailable when the store cannot be
// reached now (retry); nothing is claimed then.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace giamsat::dedup {

struct DedupEntry {
  std::string event_id;
  // A short digest of the event's content (any string without spaces).
  std::string fingerprint;
};

enum class ClaimState {
  kClaimed,  // unseen: now pending for the caller, who must write it
  kPending,  // claimed by an earlier request whose write is not finished
  kDone,     // already written within the window
};

struct ClaimResult {
  ClaimState state = ClaimState::kClaimed;
  // For kPending and kDone: the fingerprint the earlier claim recorded.
  std::string fingerprint;
};

class DedupStore {
 public:
  virtual ~DedupStore() = default;
  // One result per entry, in order. Entries must have distinct ids.
  virtual absl::StatusOr<std::vector<ClaimResult>> Claim(
      const std::vector<DedupEntry>& entries) = 0;
  // Marks the ids done for the window (whatever their state was).
  virtual absl::Status Confirm(const std::vector<DedupEntry>& entries) = 0;
  // Forgets each id that is still pending with this fingerprint.
  virtual absl::Status Release(const std::vector<DedupEntry>& entries) = 0;
};

}  // namespace giamsat::dedup
