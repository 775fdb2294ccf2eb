#include "common/embedded/embedded_dedup_store.h"

#include <rocksdb/iterator.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/embedded/internal/db_impl.h"

namespace giamsat::embedded {
namespace {

// Value of an id: "<P|D> <expiry unix ms> <fingerprint>" (fingerprints
// have no spaces, see DedupEntry).
struct Slot {
  bool done = false;
  int64_t expires_ms = 0;
  std::string fingerprint;
};

std::string Encode(const Slot& s) {
  return absl::StrCat(s.done ? "D" : "P", " ", s.expires_ms, " ",
                      s.fingerprint);
}

bool Decode(absl::string_view v, Slot& out) {
  std::vector<absl::string_view> parts =
      absl::StrSplit(v, absl::MaxSplits(' ', 2));
  if (parts.size() != 3 || (parts[0] != "D" && parts[0] != "P")) return false;
  out.done = parts[0] == "D";
  out.fingerprint = std::string(parts[2]);
  return absl::SimpleAtoi(parts[1], &out.expires_ms);
}

}  // namespace

absl::StatusOr<std::vector<dedup::ClaimResult>> EmbeddedDedupStore::Claim(
    const std::vector<dedup::DedupEntry>& entries) {
  absl::MutexLock lock(&mu_);
  EmbeddedDb::Impl& impl = db_->impl();
  const int64_t now_ms = absl::ToUnixMillis(clock_.Now());
  std::vector<dedup::ClaimResult> out;
  out.reserve(entries.size());
  rocksdb::WriteBatch batch;
  for (const auto& e : entries) {
    std::string value;
    rocksdb::Status s =
        impl.db->Get(rocksdb::ReadOptions(), impl.dedup, e.event_id, &value);
    if (!s.ok() && !s.IsNotFound()) {
      return internal::ToStatus(s, "dedup store: claim");
    }
    Slot slot;
    if (s.ok() && Decode(value, slot) && slot.expires_ms > now_ms) {
      out.push_back(
          {slot.done ? dedup::ClaimState::kDone : dedup::ClaimState::kPending,
           slot.fingerprint});
      continue;
    }
    Slot claim{false, absl::ToUnixMillis(clock_.Now() + pending_ttl_),
               e.fingerprint};
    if (rocksdb::Status put = batch.Put(impl.dedup, e.event_id, Encode(claim));
        !put.ok()) {
      return internal::ToStatus(put, "dedup store: claim");
    }
    out.push_back({dedup::ClaimState::kClaimed, ""});
  }
  if (absl::Status s = internal::ToStatus(
          impl.db->Write(impl.write_options, &batch), "dedup store: claim");
      !s.ok()) {
    return s;
  }
  return out;
}

absl::Status EmbeddedDedupStore::Confirm(
    const std::vector<dedup::DedupEntry>& entries) {
  absl::MutexLock lock(&mu_);
  EmbeddedDb::Impl& impl = db_->impl();
  const int64_t expires = absl::ToUnixMillis(clock_.Now() + window_);
  rocksdb::WriteBatch batch;
  for (const auto& e : entries) {
    if (rocksdb::Status s = batch.Put(impl.dedup, e.event_id,
                                      Encode({true, expires, e.fingerprint}));
        !s.ok()) {
      return internal::ToStatus(s, "dedup store: confirm");
    }
  }
  return internal::ToStatus(impl.db->Write(impl.write_options, &batch),
                            "dedup store: confirm");
}

absl::Status EmbeddedDedupStore::Release(
    const std::vector<dedup::DedupEntry>& entries) {
  absl::MutexLock lock(&mu_);
  EmbeddedDb::Impl& impl = db_->impl();
  rocksdb::WriteBatch batch;
  for (const auto& e : entries) {
    std::string value;
    rocksdb::Status s =
        impl.db->Get(rocksdb::ReadOptions(), impl.dedup, e.event_id, &value);
    if (s.IsNotFound()) continue;
    if (!s.ok()) return internal::ToStatus(s, "dedup store: release");
    Slot slot;
    if (Decode(value, slot) && !slot.done &&
        slot.fingerprint == e.fingerprint) {
      if (rocksdb::Status d = batch.Delete(impl.dedup, e.event_id); !d.ok()) {
        return internal::ToStatus(d, "dedup store: release");
      }
    }
  }
  return internal::ToStatus(impl.db->Write(impl.write_options, &batch),
                            "dedup store: release");
}

absl::StatusOr<size_t> EmbeddedDedupStore::Purge() {
  return DeleteWhere(false);
}

absl::StatusOr<size_t> EmbeddedDedupStore::ReleaseAllPending() {
  return DeleteWhere(true);
}

absl::StatusOr<size_t> EmbeddedDedupStore::DeleteWhere(bool pending_only) {
  absl::MutexLock lock(&mu_);
  EmbeddedDb::Impl& impl = db_->impl();
  const int64_t now_ms = absl::ToUnixMillis(clock_.Now());
  rocksdb::WriteBatch batch;
  size_t deleted = 0;
  std::unique_ptr<rocksdb::Iterator> it(
      impl.db->NewIterator(rocksdb::ReadOptions(), impl.dedup));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    Slot slot;
    const rocksdb::Slice v = it->value();
    const bool valid = Decode(absl::string_view(v.data(), v.size()), slot);
    const bool drop = pending_only ? valid && !slot.done
                                   : !valid || slot.expires_ms <= now_ms;
    if (!drop) continue;
    if (rocksdb::Status s = batch.Delete(impl.dedup, it->key()); !s.ok()) {
      return internal::ToStatus(s, "dedup store: delete");
    }
    ++deleted;
  }
  if (absl::Status s = internal::ToStatus(it->status(), "dedup store: scan");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = internal::ToStatus(
          impl.db->Write(impl.write_options, &batch), "dedup store: delete");
      !s.ok()) {
    return s;
  }
  return deleted;
}

}  // namespace giamsat::embedded
