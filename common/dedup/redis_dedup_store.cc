#include "common/dedup/redis_dedup_store.h"

#include <hiredis/hiredis.h>

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/redis/hiredis_reply.h"
#include "common/redis/redis_connector.h"
#include "common/redis/redis_probe.h"

namespace giamsat::dedup {
namespace {

using redis::Reply;

// Returns the value found (then nothing changes) or "" after claiming.
constexpr char kClaimScript[] = R"lua(
local v = redis.call('GET', KEYS[1])
if v then return v end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ''
)lua";

// Deletes the key only while it still holds this pending claim.
constexpr char kReleaseScript[] = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
)lua";

std::string Millis(absl::Duration d) {
  return absl::StrCat(std::max<int64_t>(1, absl::ToInt64Milliseconds(d)));
}

}  // namespace

RedisDedupStore::RedisDedupStore(
    config::RedisConfig config,
    std::unique_ptr<redis::RedisConnector> connector, absl::Duration window,
    absl::Duration pending_ttl, prometheus::Registry& registry)
    : config_(std::move(config)),
      connector_(std::move(connector)),
      window_(window),
      pending_ttl_(pending_ttl),
      probe_(std::make_unique<redis::RedisProbe>(registry)) {}

RedisDedupStore::~RedisDedupStore() {
  absl::MutexLock lock(&mu_);
  Disconnect();
}

absl::StatusOr<std::unique_ptr<RedisDedupStore>> RedisDedupStore::Connect(
    const config::RedisConfig& config, absl::Duration window,
    absl::Duration pending_ttl, prometheus::Registry& registry) {
  absl::StatusOr<std::unique_ptr<redis::RedisConnector>> connector =
      redis::RedisConnector::Create(config);
  if (!connector.ok()) return connector.status();
  std::unique_ptr<RedisDedupStore> store(new RedisDedupStore(
      config, std::move(*connector), window, pending_ttl, registry));
  absl::MutexLock lock(&store->mu_);
  if (absl::Status s = store->EnsureConnected(); !s.ok()) return s;
  return store;
}

void RedisDedupStore::Disconnect() {
  if (ctx_ != nullptr) redisFree(ctx_);
  ctx_ = nullptr;
}

absl::Status RedisDedupStore::EnsureConnected() {
  if (ctx_ != nullptr) return absl::OkStatus();
  absl::StatusOr<redisContext*> c = connector_->Open();
  if (!c.ok()) {
    probe_->Error("connect");
    return c.status();
  }
  ctx_ = *c;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> RedisDedupStore::Pipeline(
    const std::string& op, const std::vector<std::vector<std::string>>& cmds) {
  const absl::Time start = absl::Now();
  if (absl::Status s = EnsureConnected(); !s.ok()) {
    probe_->Error(op);
    return s;
  }
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  for (const auto& argv : cmds) {
    ptrs.clear();
    lens.clear();
    for (const auto& a : argv) {
      ptrs.push_back(a.data());
      lens.push_back(a.size());
    }
    if (redisAppendCommandArgv(ctx_, static_cast<int>(argv.size()), ptrs.data(),
                               lens.data()) != REDIS_OK) {
      const std::string why = ctx_->errstr;
      Disconnect();
      probe_->Error(op);
      return absl::UnavailableError(
          absl::StrCat("Redis at ", config_.address, ": ", why));
    }
  }
  std::vector<std::string> out;
  out.reserve(cmds.size());
  absl::Status error = absl::OkStatus();
  for (size_t i = 0; i < cmds.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(ctx_, &raw) != REDIS_OK || raw == nullptr) {
      const std::string why = ctx_->errstr;
      Disconnect();
      probe_->Error(op);
      return absl::UnavailableError(
          absl::StrCat("Redis at ", config_.address, ": ", why));
    }
    Reply r(static_cast<redisReply*>(raw));
    switch (r->type) {
      case REDIS_REPLY_STRING:
      case REDIS_REPLY_STATUS:
        out.emplace_back(r->str, r->len);
        break;
      case REDIS_REPLY_INTEGER:
        out.push_back(absl::StrCat(r->integer));
        break;
      case REDIS_REPLY_NIL:
        out.emplace_back();
        break;
      case REDIS_REPLY_ERROR:
        // Keep reading so the connection stays in step with its replies.
        if (error.ok()) {
          error = absl::InternalError(absl::StrCat(
              "Redis ", op, " failed: ", std::string(r->str, r->len)));
        }
        out.emplace_back();
        break;
      default:
        if (error.ok()) {
          error = absl::InternalError(
              absl::StrCat("Redis ", op, ": unexpected reply type ", r->type));
        }
        out.emplace_back();
    }
  }
  if (!error.ok()) {
    probe_->Error(op);
    return error;
  }
  probe_->RoundTrip(op, absl::Now() - start);
  return out;
}

std::string RedisDedupStore::Key(const std::string& event_id) const {
  return absl::StrCat(config_.key_prefix, "ingest:event:", event_id);
}

absl::StatusOr<std::vector<ClaimResult>> RedisDedupStore::Claim(
    const std::vector<DedupEntry>& entries) {
  if (entries.empty()) return std::vector<ClaimResult>{};
  std::vector<std::vector<std::string>> cmds;
  cmds.reserve(entries.size());
  const std::string ttl = Millis(pending_ttl_);
  for (const DedupEntry& e : entries) {
    cmds.push_back({"EVAL", kClaimScript, "1", Key(e.event_id),
                    absl::StrCat("p ", e.fingerprint), ttl});
  }
  absl::MutexLock lock(&mu_);
  absl::StatusOr<std::vector<std::string>> replies =
      Pipeline("dedup_claim", cmds);
  if (!replies.ok()) return replies.status();
  std::vector<ClaimResult> out;
  out.reserve(entries.size());
  for (const std::string& value : *replies) {
    if (value.empty()) {
      out.push_back({ClaimState::kClaimed, ""});
    } else if (value.size() >= 2 && value[1] == ' ' &&
               (value[0] == 'p' || value[0] == 'd')) {
      out.push_back({value[0] == 'd' ? ClaimState::kDone : ClaimState::kPending,
                     value.substr(2)});
    } else {
      // A value this code never writes: treat it as written before.
      out.push_back({ClaimState::kDone, value});
    }
  }
  return out;
}

absl::Status RedisDedupStore::Confirm(const std::vector<DedupEntry>& entries) {
  if (entries.empty()) return absl::OkStatus();
  std::vector<std::vector<std::string>> cmds;
  cmds.reserve(entries.size());
  const std::string window = Millis(window_);
  for (const DedupEntry& e : entries) {
    cmds.push_back({"SET", Key(e.event_id), absl::StrCat("d ", e.fingerprint),
                    "PX", window});
  }
  absl::MutexLock lock(&mu_);
  return Pipeline("dedup_confirm", cmds).status();
}

absl::Status RedisDedupStore::Release(const std::vector<DedupEntry>& entries) {
  if (entries.empty()) return absl::OkStatus();
  std::vector<std::vector<std::string>> cmds;
  cmds.reserve(entries.size());
  for (const DedupEntry& e : entries) {
    cmds.push_back({"EVAL", kReleaseScript, "1", Key(e.event_id),
                    absl::StrCat("p ", e.fingerprint)});
  }
  absl::MutexLock lock(&mu_);
  return Pipeline("dedup_release", cmds).status();
}

}  // namespace giamsat::dedup
