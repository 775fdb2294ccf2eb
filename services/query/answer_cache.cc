#include "services/query/answer_cache.h"

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace giamsat::query {

std::string AnswerKey(absl::string_view scope, absl::string_view method,
                      const google::protobuf::Message& request) {
  std::string out = absl::StrCat(scope.size(), ":", scope, method, "\n");
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  return out;
}

absl::Duration AnswerCache::Lifetime(absl::string_view key) const {
  const int64_t spread = absl::ToInt64Microseconds(options_.max_age) / 4;
  if (spread <= 0) return options_.max_age;
  const uint64_t h = absl::HashOf(key);
  return options_.max_age - absl::Microseconds(static_cast<int64_t>(
                                h % static_cast<uint64_t>(spread)));
}

void AnswerCache::Erase(Entries::iterator it) {
  order_.erase(it->second->order);
  entries_.erase(it);
}

AnswerCache::Freshness AnswerCache::FreshnessOf(const Entry& entry,
                                                absl::string_view key,
                                                absl::Time now) const {
  const absl::Duration age = now - entry.computed_at;
  const absl::Duration lifetime = Lifetime(key);
  if (age >= lifetime) return Freshness::kExpired;
  if (refresh_later_ && !entry.refreshing && age >= lifetime / 2) {
    return Freshness::kRefreshDue;
  }
  return Freshness::kFresh;
}

AnswerCache::Entries::iterator AnswerCache::Current(const std::string& key,
                                                    const Entry* entry) {
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.get() != entry) return entries_.end();
  return it;
}

void AnswerCache::Refresh(const std::string& key,
                          const std::shared_ptr<Entry>& entry,
                          const Compute& compute) {
  const absl::Time started = clock_.Now();
  absl::StatusOr<std::shared_ptr<const google::protobuf::Message>> message =
      compute();
  absl::MutexLock lock(&mu_);
  entry->refreshing = false;
  if (!message.ok()) return;  // the kept answer expires as usual
  if (Current(key, entry.get()) == entries_.end()) {
    return;  // dropped or replaced meanwhile
  }
  entry->message = std::move(*message);
  entry->computed_at = started;
}

std::optional<AnswerCache::Answer> AnswerCache::PlainHit(const std::string& key,
                                                         absl::Time now) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || !it->second->ready) return std::nullopt;
  const Entry& found = *it->second;
  if (FreshnessOf(found, key, now) != Freshness::kFresh) return std::nullopt;
  return Answer{found.message, found.computed_at, Outcome::kHit};
}

absl::StatusOr<AnswerCache::Answer> AnswerCache::Get(const std::string& key,
                                                     Compute compute) {
  const absl::Time now = clock_.Now();
  if (options_.max_age <= absl::ZeroDuration()) {
    absl::StatusOr<std::shared_ptr<const google::protobuf::Message>> message =
        compute();
    if (!message.ok()) return message.status();
    return Answer{std::move(*message), now, Outcome::kOff};
  }
  if (std::optional<Answer> hit = PlainHit(key, now)) return *std::move(hit);
  std::shared_ptr<Entry> entry;
  {
    absl::MutexLock lock(&mu_);
    if (auto it = entries_.find(key); it != entries_.end()) {
      std::shared_ptr<Entry> found = it->second;
      if (!found->ready) {
        ++waiting_;
        mu_.Await(absl::Condition(&found->ready));
        --waiting_;
        if (!found->status.ok()) return found->status;
        return Answer{found->message, found->computed_at, Outcome::kShared};
      }
      const Freshness freshness = FreshnessOf(*found, key, now);
      if (freshness != Freshness::kExpired) {
        Answer answer{found->message, found->computed_at, Outcome::kHit};
        if (freshness == Freshness::kRefreshDue) {
          found->refreshing = true;
          answer.outcome = Outcome::kHitRefreshing;
          refresh_later_([this, key, found, compute = std::move(compute)] {
            Refresh(key, found, compute);
          });
        }
        return answer;
      }
      Erase(it);  // too old
    }
    while (entries_.size() >= options_.max_entries && !order_.empty()) {
      Erase(entries_.find(order_.front()));
    }
    entry = std::make_shared<Entry>();
    entry->computed_at = now;
    entry->order = order_.insert(order_.end(), key);
    entries_.emplace(key, entry);
  }
  absl::StatusOr<std::shared_ptr<const google::protobuf::Message>> message =
      compute();
  absl::MutexLock lock(&mu_);
  entry->ready = true;
  if (!message.ok()) {
    entry->status = message.status();
    // Not kept (unless it was dropped or replaced meanwhile).
    if (auto it = Current(key, entry.get()); it != entries_.end()) Erase(it);
    return entry->status;
  }
  entry->message = std::move(*message);
  return Answer{entry->message, entry->computed_at, Outcome::kMiss};
}

int AnswerCache::waiting() const {
  absl::MutexLock lock(&mu_);
  return waiting_;
}

size_t AnswerCache::size() const {
  absl::MutexLock lock(&mu_);
  return entries_.size();
}

}  // namespace giamsat::query
