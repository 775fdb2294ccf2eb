// RedisDedupStore: the DedupStore port on one Redis server (hiredis), so the
// deduplication window survives ingestor restarts and is shared by every
// ingestor instance.
//
// Layout: one string key per event id, "<redis.key_prefix>ingest:event:<id>"
// holding "p <fingerprint>" (pending, expires after pending_ttl) or
// "d <fingerprint>" (done, expires after the window). Claim and Release are
// small Lua scripts (atomic per key), Confirm a plain SET; a call sends one
// pipelined round trip for all its entries. Keys are independent, so the
// layout works unchanged on Redis Cluster with a cluster-aware client.
// Safe for concurrent use (calls are serialised on one connection, which
// is re-established on the next call after an error). Errors: Unavailable
// for connection problems and timeouts, Internal for unexpected replies.
#pragma once

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/config/sections.h"
#include "common/dedup/dedup_store.h"
#include "prometheus/registry.h"

struct redisContext;

namespace giamsat::redis {
class RedisConnector;
class RedisProbe;
}  // namespace giamsat::redis

namespace giamsat::dedup {

class RedisDedupStore final : public DedupStore {
 public:
  // Connects (TLS and AUTH as configured, see redis::RedisConnector) and
  // checks the server answers PING within the configured timeout;
  // Unavailable naming the address otherwise.
  static absl::StatusOr<std::unique_ptr<RedisDedupStore>> Connect(
      const config::RedisConfig& config, absl::Duration window,
      absl::Duration pending_ttl, prometheus::Registry& registry);
  ~RedisDedupStore() override;

  absl::StatusOr<std::vector<ClaimResult>> Claim(
      const std::vector<DedupEntry>& entries) override;
  absl::Status Confirm(const std::vector<DedupEntry>& entries) override;
  absl::Status Release(const std::vector<DedupEntry>& entries) override;

 private:
  RedisDedupStore(config::RedisConfig config,
                  std::unique_ptr<redis::RedisConnector> connector,
                  absl::Duration window, absl::Duration pending_ttl,
                  prometheus::Registry& registry);
  absl::Status EnsureConnected() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Disconnect() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Sends every command in one pipeline and returns the replies as strings
  // ("" for nil, integers in decimal); Unavailable and a dropped connection
  // on I/O errors, Internal on an error reply.
  absl::StatusOr<std::vector<std::string>> Pipeline(
      const std::string& op, const std::vector<std::vector<std::string>>& cmds)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::string Key(const std::string& event_id) const;

  const config::RedisConfig config_;
  const std::unique_ptr<redis::RedisConnector> connector_;
  const absl::Duration window_;
  const absl::Duration pending_ttl_;
  std::unique_ptr<redis::RedisProbe> probe_;
  absl::Mutex mu_;
  redisContext* ctx_ ABSL_GUARDED_BY(mu_) = nullptr;
};

}  // namespace giamsat::dedup
