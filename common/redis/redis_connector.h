// RedisConnector: opens hiredis connections the way redis.* configures them,
// for every Redis adapter (state store, dedup store, probes).
//
// Open() connects over TCP with redis.connect_timeout_ms, sets
// redis.command_timeout_ms, runs the TLS handshake when redis.tls (the
// server's certificate is verified against redis.tls_ca_file, or the system
// trust store, and against redis.tls_server_name or the address's host;
// TLS 1.2 at least; a client certificate when configured), AUTH when
// redis.password_env names a password (with redis.username when set), then
// PING. The caller owns the context and frees it with redisFree().
// Create() loads the TLS files once; Open() is safe to call concurrently.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/config/sections.h"

struct redisContext;
struct ssl_ctx_st;

namespace giamsat::redis {

class RedisConnector {
 public:
  // InvalidArgument naming redis.address when it is not host:port;
  // FailedPrecondition naming the redis.tls_* field whose file cannot be
  // read or used.
  static absl::StatusOr<std::unique_ptr<RedisConnector>> Create(
      const config::RedisConfig& config);
  ~RedisConnector();
  RedisConnector(const RedisConnector&) = delete;
  RedisConnector& operator=(const RedisConnector&) = delete;

  // Unavailable (with the reason: refused, timeout, certificate not
  // trusted, name mismatch, ...) when no usable connection results;
  // PermissionDenied when the server refuses AUTH; FailedPrecondition when
  // redis.password_env names an unset variable.
  absl::StatusOr<redisContext*> Open() const;

  const std::string& address() const { return config_.address; }

 private:
  explicit RedisConnector(config::RedisConfig config);
  absl::Status StartTls(redisContext* c) const;

  const config::RedisConfig config_;
  std::string host_;
  int port_ = 0;
  // The name the server's certificate must carry.
  std::string verify_name_;
  ssl_ctx_st* tls_ = nullptr;
};

}  // namespace giamsat::redis
