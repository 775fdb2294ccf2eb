// Opaque page tokens (AIP-158) for the List* calls. A token carries a
// fingerprint of the request it belongs to (other fields changed:
// InvalidArgument), the position pinned by the first page (its "now"), and
// the sort key of the last item returned, so the next page starts after it
// (keyset paging: no item is repeated when items are added or removed).
// Tokens are at most kMaxPageTokenBytes long and stable across replicas.
// Errors: InvalidArgument naming "page_token" or "page_size".
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace giamsat::query {

inline constexpr size_t kMaxPageTokenBytes = 512;

struct PageCursor {
  // Unix ms of the first page's "now" (the position pinned for all pages).
  int64_t pinned_ms = 0;
  // Sort key of the last item returned: score, then id.
  int64_t last_score = 0;
  std::string last_id;
};

// Fingerprint of `request` without its page_token and page_size fields
// (deterministic serialization, FNV-1a).
uint64_t RequestFingerprint(const google::protobuf::Message& request);

std::string EncodePageToken(uint64_t fingerprint, const PageCursor& cursor);
absl::StatusOr<PageCursor> DecodePageToken(absl::string_view token,
                                           uint64_t fingerprint);

// The page size to use: `requested` (0: `default_size`), capped at `max`.
absl::StatusOr<int> PageSize(int32_t requested, int default_size, int max);

}  // namespace giamsat::query
