#include "common/embedded/embedded_state_store.h"

#include <rocksdb/iterator.h>
#include <rocksdb/utilities/write_batch_with_index.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/embedded/internal/db_impl.h"

namespace giamsat::embedded {
namespace {

using internal::AppendBigEndian32;
using internal::AppendBigEndian64;
using internal::FromOrderedBits;
using internal::OrderedBits;
using internal::ReadBigEndian64;

// Key spaces of the "state" column family (one byte tag, then the key;
// NUL separates a key from its field, member or score):
//   s<key>                      string value
//   h<key>\0<field>             hash field -> value
//   z<key>\0<member>            sorted-set member -> score (8 bytes)
//   Z<key>\0<score 8B><member>  score index, for ranges by score
//   o<topic>\0<partition 4B>    next offset (decimal)
std::string StringKey(absl::string_view key) { return absl::StrCat("s", key); }
std::string HashPrefix(absl::string_view key) {
  std::string k = absl::StrCat("h", key);
  k.push_back('\0');
  return k;
}
std::string ZMemberPrefix(absl::string_view key) {
  std::string k = absl::StrCat("z", key);
  k.push_back('\0');
  return k;
}
std::string ZScorePrefix(absl::string_view key) {
  std::string k = absl::StrCat("Z", key);
  k.push_back('\0');
  return k;
}
std::string ZScoreKey(absl::string_view key, int64_t score,
                      absl::string_view member) {
  std::string k = ZScorePrefix(key);
  AppendBigEndian64(k, OrderedBits(score));
  k.append(member.data(), member.size());
  return k;
}
std::string OffsetKey(absl::string_view topic, int32_t partition) {
  std::string k = absl::StrCat("o", topic);
  k.push_back('\0');
  AppendBigEndian32(k, static_cast<uint32_t>(partition));
  return k;
}
std::string EncodeScore(int64_t score) {
  std::string v;
  AppendBigEndian64(v, OrderedBits(score));
  return v;
}
int64_t DecodeScore(absl::string_view v) {
  return FromOrderedBits(ReadBigEndian64(v));
}
absl::string_view View(const rocksdb::Slice& s) {
  return absl::string_view(s.data(), s.size());
}

// The pending batch plus the database, read as one (a batch may read what
// its earlier ops wrote).
class BatchView {
 public:
  BatchView(EmbeddedDb::Impl& impl)
      : impl_(impl), batch_(rocksdb::BytewiseComparator(), 0, true) {}

  absl::StatusOr<std::optional<std::string>> Get(const std::string& key) {
    std::string value;
    rocksdb::Status s = batch_.GetFromBatchAndDB(
        impl_.db.get(), rocksdb::ReadOptions(), impl_.state, key, &value);
    if (s.IsNotFound()) return std::nullopt;
    if (!s.ok()) return internal::ToStatus(s, "state store: read");
    return value;
  }
  // Every key starting with `prefix` (batch and database merged).
  absl::StatusOr<std::vector<std::string>> Keys(const std::string& prefix) {
    std::unique_ptr<rocksdb::Iterator> base(
        impl_.db->NewIterator(rocksdb::ReadOptions(), impl_.state));
    std::unique_ptr<rocksdb::Iterator> it(
        batch_.NewIteratorWithBase(impl_.state, base.release()));
    std::vector<std::string> out;
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
         it->Next()) {
      out.push_back(it->key().ToString());
    }
    if (!it->status().ok()) {
      return internal::ToStatus(it->status(), "state store: scan");
    }
    return out;
  }
  rocksdb::Status Put(const std::string& key, const std::string& value) {
    return batch_.Put(impl_.state, key, value);
  }
  rocksdb::Status Delete(const std::string& key) {
    return batch_.Delete(impl_.state, key);
  }
  rocksdb::WriteBatch* batch() { return batch_.GetWriteBatch(); }

 private:
  EmbeddedDb::Impl& impl_;
  rocksdb::WriteBatchWithIndex batch_;
};

absl::Status Check(const rocksdb::Status& s) {
  return internal::ToStatus(s, "state store: commit");
}

absl::Status RemoveMember(BatchView& view, absl::string_view key,
                          absl::string_view member) {
  const std::string member_key = absl::StrCat(ZMemberPrefix(key), member);
  absl::StatusOr<std::optional<std::string>> old = view.Get(member_key);
  if (!old.ok()) return old.status();
  if (!old->has_value()) return absl::OkStatus();
  if (absl::Status s = Check(view.Delete(member_key)); !s.ok()) return s;
  return Check(view.Delete(ZScoreKey(key, DecodeScore(**old), member)));
}

absl::Status DeleteAll(BatchView& view, absl::string_view key) {
  if (absl::Status s = Check(view.Delete(StringKey(key))); !s.ok()) return s;
  for (const std::string& prefix :
       {HashPrefix(key), ZMemberPrefix(key), ZScorePrefix(key)}) {
    absl::StatusOr<std::vector<std::string>> keys = view.Keys(prefix);
    if (!keys.ok()) return keys.status();
    for (const auto& k : *keys) {
      if (absl::Status s = Check(view.Delete(k)); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status Apply(BatchView& view, const store::WriteOp& op) {
  using Kind = store::WriteOp::Kind;
  const std::string field_key =
      absl::StrCat(HashPrefix(op.key), op.field);  // hash ops
  switch (op.kind) {
    case Kind::kPut:
      return Check(view.Put(StringKey(op.key), std::string(op.value)));
    case Kind::kDelete:
      return DeleteAll(view, op.key);
    case Kind::kHashPut:
      return Check(view.Put(field_key, std::string(op.value)));
    case Kind::kHashDelete:
      return Check(view.Delete(field_key));
    case Kind::kHashIncrement:
    case Kind::kHashMax: {
      absl::StatusOr<std::optional<std::string>> v = view.Get(field_key);
      if (!v.ok()) return v.status();
      int64_t current = 0;
      const bool parsed = v->has_value() && absl::SimpleAtoi(**v, &current);
      if (op.kind == Kind::kHashIncrement) {
        if (v->has_value() && !parsed) {
          return absl::FailedPreconditionError(absl::StrCat(
              "hash field ", op.key, " ", op.field, " is not a number"));
        }
        return Check(view.Put(field_key, absl::StrCat(current + op.delta)));
      }
      if (parsed && current >= op.delta) return absl::OkStatus();
      return Check(view.Put(field_key, absl::StrCat(op.delta)));
    }
    case Kind::kSortedSetAdd: {
      if (absl::Status s = RemoveMember(view, op.key, op.field); !s.ok()) {
        return s;
      }
      if (absl::Status s =
              Check(view.Put(absl::StrCat(ZMemberPrefix(op.key), op.field),
                             EncodeScore(op.delta)));
          !s.ok()) {
        return s;
      }
      return Check(view.Put(ZScoreKey(op.key, op.delta, op.field), ""));
    }
    case Kind::kSortedSetRemove:
      return RemoveMember(view, op.key, op.field);
  }
  return absl::InternalError("unknown write op");
}

}  // namespace

absl::StatusOr<store::CommitOutcome> EmbeddedStateStore::Commit(
    const store::WriteBatch& batch) {
  absl::MutexLock lock(&commit_mu_);
  EmbeddedDb::Impl& impl = db_->impl();
  if (absl::Status s = fences_.Check(batch); !s.ok()) return s;
  bool all_at_next = !batch.offsets().empty();
  for (const auto& o : batch.offsets()) {
    absl::StatusOr<std::optional<int64_t>> stored =
        GetOffset(o.topic, o.partition);
    if (!stored.ok()) return stored.status();
    const int64_t current = stored->value_or(-1);
    if (current != o.next) all_at_next = false;
    if (current != o.expected && current != o.next) {
      return absl::AbortedError(absl::StrCat(
          "offset of ", o.topic, "/", o.partition, " is ", current,
          ", expected ", o.expected, ": partition owned by another writer"));
    }
  }
  if (all_at_next) return store::CommitOutcome::kAlreadyApplied;
  BatchView view(impl);
  for (const store::WriteOp& op : batch.ops()) {
    if (absl::Status s = Apply(view, op); !s.ok()) return s;
  }
  for (const auto& o : batch.offsets()) {
    if (absl::Status s = Check(
            view.Put(OffsetKey(o.topic, o.partition), absl::StrCat(o.next)));
        !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = Check(impl.db->Write(impl.write_options, view.batch()));
      !s.ok()) {
    return s;
  }
  return store::CommitOutcome::kApplied;
}

absl::StatusOr<std::optional<std::string>> EmbeddedStateStore::Get(
    absl::string_view key) {
  EmbeddedDb::Impl& impl = db_->impl();
  std::string value;
  rocksdb::Status s =
      impl.db->Get(rocksdb::ReadOptions(), impl.state, StringKey(key), &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) return internal::ToStatus(s, "state store: get");
  return value;
}

absl::StatusOr<std::vector<std::optional<std::string>>>
EmbeddedStateStore::GetMany(const std::vector<std::string>& keys) {
  EmbeddedDb::Impl& impl = db_->impl();
  std::vector<std::string> stored;
  stored.reserve(keys.size());
  for (const auto& key : keys) stored.push_back(StringKey(key));
  std::vector<rocksdb::Slice> slices(stored.begin(), stored.end());
  std::vector<rocksdb::ColumnFamilyHandle*> families(keys.size(), impl.state);
  std::vector<std::string> values;
  std::vector<rocksdb::Status> statuses =
      impl.db->MultiGet(rocksdb::ReadOptions(), families, slices, &values);
  std::vector<std::optional<std::string>> out;
  out.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) {
      out.emplace_back(std::nullopt);
    } else if (!statuses[i].ok()) {
      return internal::ToStatus(statuses[i], "state store: get many");
    } else {
      out.emplace_back(std::move(values[i]));
    }
  }
  return out;
}

absl::StatusOr<std::vector<store::Hash>> EmbeddedStateStore::GetHashes(
    const std::vector<std::string>& keys) {
  EmbeddedDb::Impl& impl = db_->impl();
  // One snapshot, so the hashes are of one moment as with one Redis
  // pipeline of a single writer.
  rocksdb::ReadOptions read;
  const rocksdb::Snapshot* snapshot = impl.db->GetSnapshot();
  read.snapshot = snapshot;
  std::unique_ptr<rocksdb::Iterator> it(impl.db->NewIterator(read, impl.state));
  std::vector<store::Hash> out;
  out.reserve(keys.size());
  for (const auto& key : keys) {
    const std::string prefix = HashPrefix(key);
    store::Hash h;
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
         it->Next()) {
      h.emplace(std::string(View(it->key()).substr(prefix.size())),
                it->value().ToString());
    }
    out.push_back(std::move(h));
  }
  absl::Status s = internal::ToStatus(it->status(), "state store: hashes");
  it.reset();
  impl.db->ReleaseSnapshot(snapshot);
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
EmbeddedStateStore::GetSortedSet(absl::string_view key) {
  return GetSortedSetRange(key, std::numeric_limits<int64_t>::min(),
                           std::numeric_limits<int64_t>::max(), 0,
                           std::numeric_limits<int64_t>::max());
}

absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
EmbeddedStateStore::GetSortedSetRange(absl::string_view key, int64_t min_score,
                                      int64_t max_score, int64_t offset,
                                      int64_t limit) {
  EmbeddedDb::Impl& impl = db_->impl();
  const std::string prefix = ZScorePrefix(key);
  std::unique_ptr<rocksdb::Iterator> it(
      impl.db->NewIterator(rocksdb::ReadOptions(), impl.state));
  std::vector<std::pair<std::string, int64_t>> out;
  for (it->Seek(ZScoreKey(key, min_score, ""));
       it->Valid() && it->key().starts_with(prefix) &&
       static_cast<int64_t>(out.size()) < limit;
       it->Next()) {
    const absl::string_view rest = View(it->key()).substr(prefix.size());
    const int64_t score = DecodeScore(rest);
    if (score > max_score) break;
    if (offset > 0) {
      --offset;
      continue;
    }
    out.emplace_back(std::string(rest.substr(8)), score);
  }
  if (absl::Status s = internal::ToStatus(it->status(), "state store: range");
      !s.ok()) {
    return s;
  }
  return out;
}

absl::StatusOr<int64_t> EmbeddedStateStore::TakeFence(absl::string_view topic,
                                                      int32_t partition) {
  absl::MutexLock lock(&commit_mu_);
  return fences_.Take(topic, partition);
}

absl::StatusOr<std::optional<int64_t>> EmbeddedStateStore::GetOffset(
    absl::string_view topic, int32_t partition) {
  EmbeddedDb::Impl& impl = db_->impl();
  std::string value;
  rocksdb::Status s = impl.db->Get(rocksdb::ReadOptions(), impl.state,
                                   OffsetKey(topic, partition), &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) return internal::ToStatus(s, "state store: offset");
  int64_t next = 0;
  if (!absl::SimpleAtoi(value, &next)) {
    return absl::DataLossError(
        absl::StrCat("state store: offset of ", topic, "/", partition));
  }
  return next;
}

}  // namespace giamsat::embedded
