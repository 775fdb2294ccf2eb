#include "common/embedded/embedded_event_log.h"

#include <rocksdb/iterator.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/embedded/internal/db_impl.h"
#include "common/embedded/internal/log_record.h"
#include "common/events/whole_assignment.h"

namespace giamsat::embedded {
namespace {

using internal::AppendBigEndian32;
using internal::AppendBigEndian64;
using internal::DecodeLogValue;
using internal::EncodeLogValue;
using internal::ReadBigEndian32;
using internal::ReadBigEndian64;

constexpr char kPartitionsKey[] = "event-log.partitions";

// Key: topic, NUL, partition (4 bytes), offset (8 bytes), big-endian so
// that a partition's records are contiguous and in offset order.
std::string PartitionPrefix(const std::string& topic, int32_t partition) {
  std::string k = topic;
  k.push_back('\0');
  AppendBigEndian32(k, static_cast<uint32_t>(partition));
  return k;
}

std::string RecordKey(const std::string& topic, int32_t partition,
                      int64_t offset) {
  std::string k = PartitionPrefix(topic, partition);
  AppendBigEndian64(k, static_cast<uint64_t>(offset));
  return k;
}

}  // namespace

absl::StatusOr<std::unique_ptr<EmbeddedEventLog>> EmbeddedEventLog::Open(
    std::shared_ptr<EmbeddedDb> db, int partitions, const core::Clock& clock) {
  if (partitions < 1) {
    return absl::InvalidArgumentError("storage.partitions: must be >= 1");
  }
  std::unique_ptr<EmbeddedEventLog> log(
      new EmbeddedEventLog(std::move(db), partitions, clock));
  EmbeddedDb::Impl& impl = log->db_->impl();
  // The partition count is fixed once the log exists: keys would move to
  // other partitions and lose their order otherwise.
  std::string stored;
  rocksdb::Status meta =
      impl.db->Get(rocksdb::ReadOptions(), impl.db->DefaultColumnFamily(),
                   kPartitionsKey, &stored);
  if (meta.ok()) {
    if (stored != std::to_string(partitions)) {
      return absl::FailedPreconditionError(
          absl::StrCat("storage.partitions: the event log in ", log->db_->dir(),
                       " has ", stored, " partitions, not ", partitions,
                       " (the count cannot change once events are written)"));
    }
  } else if (meta.IsNotFound()) {
    if (absl::Status s = internal::ToStatus(
            impl.db->Put(impl.write_options, impl.db->DefaultColumnFamily(),
                         kPartitionsKey, std::to_string(partitions)),
            "event log: open");
        !s.ok()) {
      return s;
    }
  } else {
    return internal::ToStatus(meta, "event log: open");
  }
  std::unique_ptr<rocksdb::Iterator> it(
      impl.db->NewIterator(rocksdb::ReadOptions(), impl.log));
  // The last key of each partition gives its end offset; jump from one
  // partition to the next instead of scanning every record.
  it->SeekToFirst();
  absl::MutexLock lock(&log->mu_);
  while (it->Valid()) {
    const rocksdb::Slice key = it->key();
    const absl::string_view k(key.data(), key.size());
    const size_t nul = k.find('\0');
    if (nul == absl::string_view::npos || k.size() != nul + 1 + 4 + 8) {
      return absl::DataLossError("event log: malformed record key");
    }
    const std::string topic(k.substr(0, nul));
    const int32_t partition =
        static_cast<int32_t>(ReadBigEndian32(k.substr(nul + 1)));
    // Seek past this partition, then step back to its last record.
    std::string next = PartitionPrefix(topic, partition);
    AppendBigEndian64(next, ~uint64_t{0});
    it->SeekForPrev(next);
    if (!it->Valid()) break;
    const rocksdb::Slice last = it->key();
    log->end_[{topic, partition}] =
        static_cast<int64_t>(ReadBigEndian64(
            absl::string_view(last.data(), last.size()).substr(nul + 1 + 4))) +
        1;
    it->Seek(next);
  }
  if (absl::Status s = internal::ToStatus(it->status(), "event log: open");
      !s.ok()) {
    return s;
  }
  return log;
}

int32_t EmbeddedEventLog::PartitionOf(const std::string& key) const {
  // FNV-1a: stable across processes and builds.
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<int32_t>(h % static_cast<uint64_t>(partitions_));
}

std::vector<absl::Status> EmbeddedEventLog::PublishBatch(
    const std::vector<events::OutRecord>& records) {
  std::vector<absl::Status> out(records.size());
  if (records.empty()) return out;
  absl::MutexLock write_lock(&write_mu_);
  std::map<std::pair<std::string, int32_t>, int64_t> end;
  {
    absl::MutexLock lock(&mu_);
    end = end_;
  }
  EmbeddedDb::Impl& impl = db_->impl();
  const absl::Time appended = clock_.Now();
  rocksdb::WriteBatch batch;
  for (const auto& r : records) {
    const int32_t p = PartitionOf(r.key);
    int64_t& next = end[{r.topic, p}];
    rocksdb::Status s = batch.Put(impl.log, RecordKey(r.topic, p, next),
                                  EncodeLogValue(r, appended));
    if (!s.ok()) {
      out.assign(records.size(), internal::ToStatus(s, "event log: append"));
      return out;
    }
    ++next;
  }
  absl::Status s = internal::ToStatus(
      impl.db->Write(impl.write_options, &batch), "event log: append");
  if (!s.ok()) {
    out.assign(records.size(), s);
    return out;
  }
  absl::MutexLock lock(&mu_);
  end_ = std::move(end);
  ++version_;
  return out;
}

absl::StatusOr<std::vector<events::InRecord>> EmbeddedEventLog::Read(
    const events::TopicPartition& tp, int64_t offset, size_t max) const {
  std::vector<events::InRecord> out;
  if (max == 0) return out;
  EmbeddedDb::Impl& impl = db_->impl();
  const std::string prefix = PartitionPrefix(tp.topic, tp.partition);
  std::unique_ptr<rocksdb::Iterator> it(
      impl.db->NewIterator(rocksdb::ReadOptions(), impl.log));
  for (it->Seek(RecordKey(tp.topic, tp.partition, offset));
       it->Valid() && out.size() < max && it->key().starts_with(prefix);
       it->Next()) {
    events::InRecord r;
    r.topic = tp.topic;
    r.partition = tp.partition;
    const rocksdb::Slice k = it->key();
    r.offset = static_cast<int64_t>(ReadBigEndian64(
        absl::string_view(k.data(), k.size()).substr(prefix.size())));
    const rocksdb::Slice v = it->value();
    if (absl::Status s =
            DecodeLogValue(absl::string_view(v.data(), v.size()), r);
        !s.ok()) {
      return s;
    }
    out.push_back(std::move(r));
  }
  if (absl::Status s = internal::ToStatus(it->status(), "event log: read");
      !s.ok()) {
    return s;
  }
  return out;
}

std::map<std::pair<std::string, int32_t>, int64_t>
EmbeddedEventLog::EndOffsets() const {
  absl::MutexLock lock(&mu_);
  return end_;
}

void EmbeddedEventLog::MarkProcessed(const events::TopicPartition& tp,
                                     int64_t next) {
  absl::MutexLock lock(&mu_);
  processed_[{tp.topic, tp.partition}] = next;
}

std::map<std::pair<std::string, int32_t>, int64_t> EmbeddedEventLog::Lag()
    const {
  absl::MutexLock lock(&mu_);
  std::map<std::pair<std::string, int32_t>, int64_t> out;
  for (const auto& [tp, next] : processed_) {
    auto it = end_.find(tp);
    out[tp] = std::max<int64_t>(0, (it == end_.end() ? 0 : it->second) - next);
  }
  return out;
}

uint64_t EmbeddedEventLog::version() const {
  absl::MutexLock lock(&mu_);
  return version_;
}

uint64_t EmbeddedEventLog::WaitForAppend(uint64_t seen_version,
                                         absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  auto appended = [this, seen_version]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return version_ != seen_version;
  };
  mu_.AwaitWithTimeout(absl::Condition(&appended), timeout);
  return version_;
}

namespace {

class EmbeddedSource final : public events::RecordSource {
 public:
  EmbeddedSource(EmbeddedEventLog* log, std::vector<std::string> topics,
                 events::StartOffsetFn start, events::AssignmentFn on_assign)
      : log_(log),
        topics_(std::move(topics)),
        start_(std::move(start)),
        on_assign_(std::move(on_assign)) {}

  absl::StatusOr<std::vector<events::InRecord>> Poll(
      size_t max_records, absl::Duration timeout) override {
    if (!assigned_) {
      absl::StatusOr<events::ReadPositions> positions =
          events::AssignAllPartitions(topics_, log_->partitions(), start_,
                                      on_assign_);
      if (!positions.ok()) return positions.status();
      position_ = *std::move(positions);
      for (const auto& [tp, next] : position_) {
        log_->MarkProcessed({tp.first, tp.second}, next);
      }
      assigned_ = true;
    }
    const absl::Time deadline = absl::Now() + timeout;
    while (true) {
      // Read the version first: an append after it wakes the wait below.
      const uint64_t version = log_->version();
      std::vector<events::InRecord> out;
      const auto end = log_->EndOffsets();
      for (auto& [tp, pos] : position_) {
        if (out.size() >= max_records) break;
        auto it = end.find(tp);
        if (it == end.end() || pos >= it->second) continue;
        absl::StatusOr<std::vector<events::InRecord>> records =
            log_->Read({tp.first, tp.second}, pos, max_records - out.size());
        if (!records.ok()) return records.status();
        if (!records->empty()) pos = records->back().offset + 1;
        for (auto& r : *records) out.push_back(std::move(r));
      }
      const absl::Duration left = deadline - absl::Now();
      if (!out.empty() || left <= absl::ZeroDuration()) return out;
      log_->WaitForAppend(version, left);
    }
  }

  absl::Status Seek(const events::TopicPartition& tp, int64_t offset) override {
    auto it = position_.find({tp.topic, tp.partition});
    if (it == position_.end()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "seek on a partition not owned: ", tp.topic, "/", tp.partition));
    }
    it->second = offset;
    return absl::OkStatus();
  }

  void ReportProcessed(const events::TopicPartition& tp,
                       int64_t next) override {
    log_->MarkProcessed(tp, next);
  }

  // The log's end as stored now; 0 for an owned partition that never had a
  // record.
  std::optional<int64_t> EndOffset(const events::TopicPartition& tp) override {
    const auto end = log_->EndOffsets();
    auto it = end.find({tp.topic, tp.partition});
    if (it != end.end()) return it->second;
    if (position_.contains({tp.topic, tp.partition})) return 0;
    return std::nullopt;
  }

 private:
  EmbeddedEventLog* log_;
  std::vector<std::string> topics_;
  events::StartOffsetFn start_;
  events::AssignmentFn on_assign_;
  bool assigned_ = false;
  events::ReadPositions position_;
};

}  // namespace

std::unique_ptr<events::RecordSource> EmbeddedEventLog::NewSource(
    std::vector<std::string> topics, events::StartOffsetFn start,
    events::AssignmentFn on_assign) {
  return std::make_unique<EmbeddedSource>(
      this, std::move(topics), std::move(start), std::move(on_assign));
}

}  // namespace giamsat::embedded
