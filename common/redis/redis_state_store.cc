#include "common/redis/redis_state_store.h"

#include <hiredis/hiredis.h>

#include <algorithm>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/redis/commit_script.h"
#include "common/redis/hiredis_reply.h"
#include "common/redis/redis_connector.h"
#include "common/redis/redis_probe.h"

namespace giamsat::redis {

// A connection taken from the pool; returned to it when destroyed.
class RedisStateStore::Lease {
 public:
  Lease(RedisStateStore& store, Connection* c) : store_(store), c_(c) {}
  ~Lease() {
    absl::MutexLock lock(&store_.mu_);
    store_.idle_.push_back(c_);
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  Connection& operator*() { return *c_; }
  Connection* operator->() { return c_; }

 private:
  RedisStateStore& store_;
  Connection* c_;
};

RedisStateStore::RedisStateStore(config::RedisConfig config,
                                 std::unique_ptr<RedisConnector> connector,
                                 store::KeyLayout layout,
                                 prometheus::Registry& registry)
    : config_(std::move(config)),
      connector_(std::move(connector)),
      layout_(std::move(layout)),
      probe_(std::make_unique<RedisProbe>(registry)),
      connections_(static_cast<size_t>(std::max(1, config_.pool_size))) {
  for (Connection& c : connections_) idle_.push_back(&c);
}

RedisStateStore::~RedisStateStore() {
  for (Connection& c : connections_) Disconnect(c);
}

RedisStateStore::Lease RedisStateStore::Acquire() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](std::vector<Connection*>* idle) { return !idle->empty(); }, &idle_));
  Connection* c = idle_.back();
  idle_.pop_back();
  return Lease(*this, c);
}

absl::StatusOr<std::unique_ptr<RedisStateStore>> RedisStateStore::Connect(
    const config::RedisConfig& config, store::KeyLayout layout,
    prometheus::Registry& registry) {
  absl::StatusOr<std::unique_ptr<RedisConnector>> connector =
      RedisConnector::Create(config);
  if (!connector.ok()) return connector.status();
  std::unique_ptr<RedisStateStore> store(new RedisStateStore(
      config, std::move(*connector), std::move(layout), registry));
  {
    Lease first = store->Acquire();
    if (absl::Status s = store->EnsureConnected(*first); !s.ok()) return s;
  }
  return store;
}

void RedisStateStore::Disconnect(Connection& c) {
  if (c.ctx != nullptr) redisFree(c.ctx);
  c.ctx = nullptr;
}

absl::Status RedisStateStore::EnsureConnected(Connection& conn) {
  if (conn.ctx != nullptr) return absl::OkStatus();
  absl::StatusOr<redisContext*> c = connector_->Open();
  if (!c.ok()) {
    probe_->Error("connect");
    return c.status();
  }
  conn.ctx = *c;
  conn.script_sha.clear();
  return absl::OkStatus();
}

namespace {

// Sends one command; Unavailable (and a dropped connection) on I/O errors.
absl::StatusOr<Reply> Call(redisContext*& ctx, const std::string& address,
                           const std::vector<std::string>& argv) {
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  for (const auto& a : argv) {
    ptrs.push_back(a.data());
    lens.push_back(a.size());
  }
  Reply r(static_cast<redisReply*>(redisCommandArgv(
      ctx, static_cast<int>(argv.size()), ptrs.data(), lens.data())));
  if (!r) {
    const std::string why = ctx->errstr;
    redisFree(ctx);
    ctx = nullptr;
    return absl::UnavailableError(
        absl::StrCat("Redis at ", address, ": ", why));
  }
  return r;
}

}  // namespace

absl::StatusOr<store::CommitOutcome> RedisStateStore::Commit(
    const store::WriteBatch& batch) {
  Lease c = Acquire();
  const absl::Time start = absl::Now();
  if (absl::Status s = EnsureConnected(*c); !s.ok()) return s;
  if (c->script_sha.empty()) {
    absl::StatusOr<Reply> r =
        Call(c->ctx, config_.address,
             {"SCRIPT", "LOAD", std::string(CommitScript())});
    if (!r.ok()) {
      probe_->Error("commit");
      return r.status();
    }
    if ((*r)->type != REDIS_REPLY_STRING) {
      probe_->Error("commit");
      return absl::InternalError("Redis SCRIPT LOAD gave no sha");
    }
    c->script_sha = ReplyString(r->get());
  }
  EncodeCommitCommand(c->script_sha, batch, layout_, c->command);
  void* raw = nullptr;
  if (redisAppendFormattedCommand(c->ctx, c->command.data(),
                                  c->command.size()) != REDIS_OK ||
      redisGetReply(c->ctx, &raw) != REDIS_OK) {
    const std::string why = c->ctx->errstr;
    Disconnect(*c);
    probe_->Error("commit");
    return absl::UnavailableError(
        absl::StrCat("Redis at ", config_.address, ": ", why));
  }
  Reply r(static_cast<redisReply*>(raw));
  const redisReply* reply = r.get();
  if (reply->type == REDIS_REPLY_ERROR) {
    probe_->Error("commit");
    if (ReplyString(reply).starts_with("NOSCRIPT")) c->script_sha.clear();
    return absl::UnavailableError(
        absl::StrCat("Redis commit failed: ", ReplyString(reply)));
  }
  probe_->RoundTrip("commit", absl::Now() - start);
  if (reply->type != REDIS_REPLY_ARRAY || reply->elements < 1) {
    return absl::InternalError("unexpected reply to the commit script");
  }
  const std::string verdict = ReplyString(reply->element[0]);
  if (verdict == "applied") return store::CommitOutcome::kApplied;
  if (verdict == "already") return store::CommitOutcome::kAlreadyApplied;
  std::string detail;
  for (size_t i = 1; i < reply->elements; ++i) {
    absl::StrAppend(&detail, " ", ReplyString(reply->element[i]));
  }
  if (verdict == "fenced") {
    return absl::AbortedError(absl::StrCat(
        "fence moved on (a newer owner took the partition):", detail));
  }
  return absl::AbortedError(absl::StrCat(
      "offset conflict (another writer owns the partition):", detail));
}

absl::StatusOr<std::optional<std::string>> RedisStateStore::Get(
    absl::string_view key) {
  Lease c = Acquire();
  const absl::Time start = absl::Now();
  if (absl::Status s = EnsureConnected(*c); !s.ok()) return s;
  absl::StatusOr<Reply> r =
      Call(c->ctx, config_.address, {"GET", std::string(key)});
  if (!r.ok()) {
    probe_->Error("get");
    return r.status();
  }
  probe_->RoundTrip("get", absl::Now() - start);
  if ((*r)->type == REDIS_REPLY_NIL) return std::nullopt;
  if ((*r)->type != REDIS_REPLY_STRING) {
    return absl::InternalError(absl::StrCat("GET ", key, ": not a string"));
  }
  return ReplyString(r->get());
}

absl::StatusOr<std::vector<std::optional<std::string>>>
RedisStateStore::GetMany(const std::vector<std::string>& keys) {
  std::vector<std::optional<std::string>> out;
  if (keys.empty()) return out;
  Lease c = Acquire();
  const absl::Time start = absl::Now();
  if (absl::Status s = EnsureConnected(*c); !s.ok()) return s;
  std::vector<const char*> ptrs = {"MGET"};
  std::vector<size_t> lens = {4};
  ptrs.reserve(keys.size() + 1);
  lens.reserve(keys.size() + 1);
  for (const auto& key : keys) {
    ptrs.push_back(key.data());
    lens.push_back(key.size());
  }
  Reply r(static_cast<redisReply*>(redisCommandArgv(
      c->ctx, static_cast<int>(ptrs.size()), ptrs.data(), lens.data())));
  if (!r) {
    const std::string why = c->ctx->errstr;
    Disconnect(*c);
    probe_->Error("mget");
    return absl::UnavailableError(
        absl::StrCat("Redis at ", config_.address, ": ", why));
  }
  probe_->RoundTrip("mget", absl::Now() - start);
  if (r->type != REDIS_REPLY_ARRAY || r->elements != keys.size()) {
    return absl::InternalError(
        absl::StrCat("MGET of ", keys.size(), " keys: unexpected reply"));
  }
  out.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const redisReply* e = r->element[i];
    if (e->type == REDIS_REPLY_NIL) {
      out.emplace_back(std::nullopt);
    } else if (e->type == REDIS_REPLY_STRING) {
      out.emplace_back(ReplyString(e));
    } else {
      return absl::InternalError(
          absl::StrCat("MGET ", keys[i], ": not a string"));
    }
  }
  return out;
}

absl::StatusOr<std::vector<store::Hash>> RedisStateStore::GetHashes(
    const std::vector<std::string>& keys) {
  Lease c = Acquire();
  const absl::Time start = absl::Now();
  if (absl::Status s = EnsureConnected(*c); !s.ok()) return s;
  // Pipelined: one round trip for all keys.
  for (const auto& key : keys) {
    const char* argv[] = {"HGETALL", key.data()};
    const size_t lens[] = {7, key.size()};
    redisAppendCommandArgv(c->ctx, 2, argv, lens);
  }
  std::vector<store::Hash> out;
  out.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(c->ctx, &raw) != REDIS_OK) {
      const std::string why = c->ctx->errstr;
      Disconnect(*c);
      probe_->Error("hgetall");
      return absl::UnavailableError(
          absl::StrCat("Redis at ", config_.address, ": ", why));
    }
    Reply r(static_cast<redisReply*>(raw));
    store::Hash hash;
    if (r->type == REDIS_REPLY_ARRAY) {
      for (size_t e = 0; e + 1 < r->elements; e += 2) {
        hash.emplace(ReplyString(r->element[e]),
                     ReplyString(r->element[e + 1]));
      }
    }
    out.push_back(std::move(hash));
  }
  probe_->RoundTrip("hgetall", absl::Now() - start);
  return out;
}

absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
RedisStateStore::GetSortedSet(absl::string_view key) {
  return ZRange("zrange",
                {"ZRANGE", std::string(key), "0", "-1", "WITHSCORES"});
}

absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
RedisStateStore::GetSortedSetRange(absl::string_view key, int64_t min_score,
                                   int64_t max_score, int64_t offset,
                                   int64_t limit) {
  return ZRange("zrangebyscore",
                {"ZRANGEBYSCORE", std::string(key), absl::StrCat(min_score),
                 absl::StrCat(max_score), "WITHSCORES", "LIMIT",
                 absl::StrCat(offset), absl::StrCat(limit)});
}

absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
RedisStateStore::ZRange(absl::string_view op,
                        const std::vector<std::string>& command) {
  Lease c = Acquire();
  const absl::Time start = absl::Now();
  if (absl::Status s = EnsureConnected(*c); !s.ok()) return s;
  absl::StatusOr<Reply> r = Call(c->ctx, config_.address, command);
  if (!r.ok()) {
    probe_->Error(std::string(op));
    return r.status();
  }
  probe_->RoundTrip(std::string(op), absl::Now() - start);
  std::vector<std::pair<std::string, int64_t>> out;
  const redisReply* reply = r->get();
  if (reply->type != REDIS_REPLY_ARRAY) return out;
  for (size_t i = 0; i + 1 < reply->elements; i += 2) {
    int64_t score = 0;
    if (!absl::SimpleAtoi(ReplyString(reply->element[i + 1]), &score)) {
      return absl::InternalError("sorted-set score is not an integer");
    }
    out.emplace_back(ReplyString(reply->element[i]), score);
  }
  return out;
}

absl::StatusOr<std::optional<int64_t>> RedisStateStore::GetOffset(
    absl::string_view topic, int32_t partition) {
  Lease c = Acquire();
  if (absl::Status s = EnsureConnected(*c); !s.ok()) return s;
  absl::StatusOr<Reply> r =
      Call(c->ctx, config_.address,
           {"HGET", layout_.Offsets(topic), absl::StrCat(partition)});
  if (!r.ok()) {
    probe_->Error("get_offset");
    return r.status();
  }
  if ((*r)->type == REDIS_REPLY_NIL) return std::nullopt;
  int64_t next = 0;
  if ((*r)->type != REDIS_REPLY_STRING ||
      !absl::SimpleAtoi(ReplyString(r->get()), &next)) {
    return absl::InternalError("stored offset is not a number");
  }
  return next;
}

absl::StatusOr<int64_t> RedisStateStore::TakeFence(absl::string_view topic,
                                                   int32_t partition) {
  Lease c = Acquire();
  if (absl::Status s = EnsureConnected(*c); !s.ok()) return s;
  absl::StatusOr<Reply> r =
      Call(c->ctx, config_.address,
           {"HINCRBY", layout_.Fences(topic), absl::StrCat(partition), "1"});
  if (!r.ok()) {
    probe_->Error("take_fence");
    return r.status();
  }
  if ((*r)->type != REDIS_REPLY_INTEGER) {
    return absl::InternalError("unexpected reply to HINCRBY of a fence");
  }
  return static_cast<int64_t>((*r)->integer);
}

}  // namespace giamsat::redis
