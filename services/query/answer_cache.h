// AnswerCache: the query service's in-process cache of whole answers, as
// dashboard front-ends keep one. An answer is computed at most once per
// max_age for one key (the caller's scope, the method and the request;
// AnswerKey) and given to every identical call inside that time; it is
// never given once older than max_age (its age counts from the start of
// the read that produced it, on the injected clock). Each key's answers
// are kept for a share of max_age between 3/4 and all of it, fixed per key
// (Lifetime: a hash of the key), so answers read together (after a start,
// or a burst) do not all expire together and send every caller to the
// store in the same instant. Single flight: calls
// arriving while the answer of their key is being computed wait for that
// computation instead of reading the store themselves, and share its
// result, error included. Errors are not kept: the next call computes
// again. Refresh ahead (when given a RunLater): the first call that gets a
// kept answer at least half its key's lifetime old also starts a read of
// that key in the background (RunLater; one at a time per key), which
// replaces the answer when it succeeds, so keys in steady use are read
// before they expire and their callers do not wait for the store; a failed
// read leaves the kept answer to expire as usual, and keys nobody asks for
// are not read again. `compute` is therefore copied and may run after Get
// returned, on another thread: it must own what it uses or refer only to
// things that outlive the RunLater's tasks. At most max_entries answers are
// kept; inserting one more drops the oldest first. max_age zero disables the
// cache (every call computes). Authorization is the caller's business and must
// happen before Get: the cache only separates answers by the scope in the key.
// Thread-safe; `compute` runs without the cache's lock held.
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/core/clock.h"
#include "google/protobuf/message.h"

namespace giamsat::query {

struct AnswerCacheOptions {
  // Longest time an answer is given again (query.cache.max_age); zero
  // disables the cache.
  absl::Duration max_age = absl::Seconds(1);
  // Most answers kept (query.cache.max_entries), >= 1.
  size_t max_entries = 10000;
};

// The key of an answer: the caller's scope (the units it may read, "*" for
// all), the method and the request's deterministic serialization.
std::string AnswerKey(absl::string_view scope, absl::string_view method,
                      const google::protobuf::Message& request);

class AnswerCache {
 public:
  enum class Outcome {
    kHit,            // a kept answer younger than max_age
    kHitRefreshing,  // the same, and a background read of its key began
    kShared,         // waited for the computation of an identical call
    kMiss,           // computed by this call (and kept)
    kOff,            // the cache is disabled: computed by this call
  };
  struct Answer {
    std::shared_ptr<const google::protobuf::Message> message;
    // When the read that produced it started.
    absl::Time computed_at;
    Outcome outcome;
  };
  using Compute = std::function<
      absl::StatusOr<std::shared_ptr<const google::protobuf::Message>>()>;

  // Queues a task to run on another thread, in order (RefreshWorker::Run).
  using RunLater = std::function<void(std::function<void()>)>;

  // Without `refresh_later`, answers are only read when a call misses.
  AnswerCache(const core::Clock& clock, AnswerCacheOptions options,
              RunLater refresh_later = nullptr)
      : clock_(clock),
        options_(options),
        refresh_later_(std::move(refresh_later)) {}

  // The answer of `key`: kept, shared with a computation in flight, or
  // computed now by `compute`.
  absl::StatusOr<Answer> Get(const std::string& key, Compute compute);

  // How long answers of `key` are given again: max_age minus up to a
  // quarter of it, by a hash of the key.
  absl::Duration Lifetime(absl::string_view key) const;

  // Calls waiting for a computation in flight now; answers kept now.
  int waiting() const;
  size_t size() const;
  const AnswerCacheOptions& options() const { return options_; }

 private:
  struct Entry {
    bool ready = false;
    absl::Status status;
    std::shared_ptr<const google::protobuf::Message> message;
    absl::Time computed_at;
    std::list<std::string>::iterator order;
    bool refreshing = false;  // a background read of its key is queued
  };
  using Entries = absl::flat_hash_map<std::string, std::shared_ptr<Entry>>;
  // Drops `it` from the map and the order list.
  void Erase(Entries::iterator it) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // What a ready kept answer of `key` is worth at `now`.
  enum class Freshness { kFresh, kRefreshDue, kExpired };
  Freshness FreshnessOf(const Entry& entry, absl::string_view key,
                        absl::Time now) const;
  // `key`'s place in the map when `entry` is still its answer, else end().
  Entries::iterator Current(const std::string& key, const Entry* entry)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The kept answer of `key` when it can be given as it is (young enough,
  // and no background read due), looked up under a reader lock: the path
  // of nearly every call, which concurrent calls share.
  std::optional<Answer> PlainHit(const std::string& key, absl::Time now) const;
  // The background read of `key` (`entry` is its kept answer).
  void Refresh(const std::string& key, const std::shared_ptr<Entry>& entry,
               const Compute& compute);

  const core::Clock& clock_;
  const AnswerCacheOptions options_;
  const RunLater refresh_later_;
  mutable absl::Mutex mu_;
  Entries entries_ ABSL_GUARDED_BY(mu_);
  // Keys, oldest insertion first.
  std::list<std::string> order_ ABSL_GUARDED_BY(mu_);
  int waiting_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace giamsat::query
