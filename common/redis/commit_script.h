// The Lua script behind RedisStateStore::Commit and the encoding of a
// WriteBatch into its arguments. See commit_script.cc for the protocol.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/store/key_layout.h"
#include "common/store/write_batch.h"

namespace giamsat::redis {

// Returns {"applied"}, {"already"} or {"conflict", key, field, current}.
absl::string_view CommitScript();

// ARGV of the script for `batch`.
std::vector<std::string> EncodeCommitArgs(const store::WriteBatch& batch,
                                          const store::KeyLayout& layout);

// Replaces `out` with the whole EVALSHA command of the script (loaded as
// `sha`) for `batch`, in the Redis protocol (RESP), ready to send: one
// buffer, without an intermediate copy of every argument (reusing `out`
// across commits keeps its capacity).
void EncodeCommitCommand(absl::string_view sha, const store::WriteBatch& batch,
                         const store::KeyLayout& layout, std::string& out);

}  // namespace giamsat::redis
