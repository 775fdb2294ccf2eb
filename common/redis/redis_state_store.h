// RedisStateStore: the StateStore port served by one Redis server (hiredis).
//
// Commit() runs one Lua script, so a batch and its offset compare-and-set
// apply atomically or not at all; a retry of a batch whose reply was lost is
// recognised by its offsets and reported as kAlreadyApplied, never applied
// twice. Safe for concurrent use: calls share a pool of redis.pool_size
// connections (a call waits for a free one); each is opened on first use and
// re-established on the next call after an error.
// Errors: Unavailable for connection problems and timeouts (retry),
// Aborted for an offset conflict, Internal for an unexpected reply.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/config/sections.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"
#include "prometheus/registry.h"

struct redisContext;

namespace giamsat::redis {

class RedisConnector;
class RedisProbe;

class RedisStateStore final : public store::StateStore {
 public:
  // Connects (TLS and AUTH as configured, see RedisConnector) and checks
  // the server answers PING within the configured timeout; Unavailable
  // naming the address otherwise.
  static absl::StatusOr<std::unique_ptr<RedisStateStore>> Connect(
      const config::RedisConfig& config, store::KeyLayout layout,
      prometheus::Registry& registry);
  ~RedisStateStore() override;

  absl::StatusOr<store::CommitOutcome> Commit(
      const store::WriteBatch& batch) override;
  absl::StatusOr<std::optional<std::string>> Get(
      absl::string_view key) override;
  absl::StatusOr<std::vector<std::optional<std::string>>> GetMany(
      const std::vector<std::string>& keys) override;
  absl::StatusOr<std::vector<store::Hash>> GetHashes(
      const std::vector<std::string>& keys) override;
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> GetSortedSet(
      absl::string_view key) override;
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
  GetSortedSetRange(absl::string_view key, int64_t min_score, int64_t max_score,
                    int64_t offset, int64_t limit) override;
  absl::StatusOr<std::optional<int64_t>> GetOffset(absl::string_view topic,
                                                   int32_t partition) override;
  absl::StatusOr<int64_t> TakeFence(absl::string_view topic,
                                    int32_t partition) override;

 private:
  RedisStateStore(config::RedisConfig config,
                  std::unique_ptr<RedisConnector> connector,
                  store::KeyLayout layout, prometheus::Registry& registry);
  struct Connection {
    redisContext* ctx = nullptr;
    // The commit script's sha once loaded on this connection.
    std::string script_sha;
    // The last commit command sent (its capacity is reused).
    std::string command;
  };
  class Lease;
  // Waits for an idle connection of the pool.
  Lease Acquire();
  absl::Status EnsureConnected(Connection& c);
  static void Disconnect(Connection& c);
  // Runs a ZRANGE-like command whose reply is member, score, ...
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> ZRange(
      absl::string_view op, const std::vector<std::string>& command);

  const config::RedisConfig config_;
  const std::unique_ptr<RedisConnector> connector_;
  const store::KeyLayout layout_;
  std::unique_ptr<RedisProbe> probe_;
  // pool_size connections; a Lease owns one exclusively.
  std::vector<Connection> connections_;
  absl::Mutex mu_;
  std::vector<Connection*> idle_ ABSL_GUARDED_BY(mu_);
};

}  // namespace giamsat::redis
