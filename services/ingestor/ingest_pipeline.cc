#include "services/ingestor/ingest_pipeline.h"

#include <openssl/sha.h>

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/util/time_util.h"
#include "spdlog/spdlog.h"

namespace giamsat::ingestor {
namespace {

google::protobuf::Timestamp ToProto(absl::Time t) {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
      absl::ToUnixNanos(t));
}

// 128 bits of SHA-256 of the event's bytes, in hex.
std::string Fingerprint(const v1::Event& event) {
  const std::string bytes = event.SerializeAsString();
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
         digest);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

v1::FieldError ConflictError(const std::string& event_id) {
  v1::FieldError e;
  e.set_field("eventId");
  e.set_reason("duplicate_conflict");
  e.set_message(absl::StrCat("eventId ", event_id,
                             " was already used for an event with different "
                             "content; event ids must not be reused"));
  return e;
}

int64_t Seconds(absl::Duration d) {
  return std::max<int64_t>(
      1, absl::ToInt64Seconds(absl::Ceil(d, absl::Seconds(1))));
}

// Per-item processing state.
enum class Fate {
  kRejected,
  kUnavailable,
  kDuplicate,
  kPublish,   // claimed; written in this request
  kFollower,  // same id as an earlier item of this request
};

}  // namespace

bool IngestOutcome::any_unavailable() const {
  for (const ItemOutcome& o : items) {
    if (!o.status.ok()) return true;
  }
  return false;
}

v1::IngestBatchResult IngestOutcome::TakeBatchResult() {
  v1::IngestBatchResult batch;
  for (ItemOutcome& o : items) {
    if (o.result.accepted()) batch.set_accepted(batch.accepted() + 1);
    if (o.result.duplicate()) batch.set_duplicates(batch.duplicates() + 1);
    if (o.result.unavailable()) batch.set_unavailable(batch.unavailable() + 1);
    if (!o.result.accepted() && !o.result.unavailable()) {
      batch.set_rejected(batch.rejected() + 1);
    }
    *batch.add_results() = std::move(o.result);
  }
  return batch;
}

DecodedItem ItemFromProto(const v1::Event& event) {
  return EventDecoder().FromProto(event);
}

// One request's writes, shared with the queue's callback (which may run
// after the request stopped waiting).
struct IngestPipeline::Request {
  // Entries of the events to write, in record order (dead letters follow).
  std::vector<dedup::DedupEntry> entries;
  size_t dead_letters = 0;
  int64_t bytes = 0;
  absl::Mutex mu;
  bool done ABSL_GUARDED_BY(mu) = false;
  std::vector<absl::Status> statuses ABSL_GUARDED_BY(mu);
};

IngestPipeline::IngestPipeline(events::EventPublisher& log,
                               dedup::DedupStore& dedup,
                               ReferenceCatalog* reference,
                               const core::Clock& clock, events::Topics topics,
                               PipelineOptions options, IngestProbe& probe)
    : log_(log),
      dedup_(dedup),
      reference_(reference),
      clock_(clock),
      topics_(std::move(topics)),
      options_(options),
      probe_(probe),
      limiter_(options.max_inflight_bytes),
      health_(clock, options.retry_after),
      queue_(std::make_unique<PublishQueue>(log, options.max_publish_batch)) {}

IngestPipeline::~IngestPipeline() { queue_.reset(); }

void IngestPipeline::Settle(Request& request,
                            std::vector<absl::Status> statuses) {
  std::vector<dedup::DedupEntry> confirmed;
  std::vector<dedup::DedupEntry> released;
  bool any_ok = false;
  bool any_unavailable = false;
  for (size_t i = 0; i < request.entries.size(); ++i) {
    if (statuses[i].ok()) {
      any_ok = true;
      confirmed.push_back(request.entries[i]);
    } else {
      if (absl::IsUnavailable(statuses[i])) any_unavailable = true;
      released.push_back(request.entries[i]);
    }
  }
  for (size_t i = request.entries.size(); i < statuses.size(); ++i) {
    if (statuses[i].ok()) {
      any_ok = true;
    } else {
      if (absl::IsUnavailable(statuses[i])) any_unavailable = true;
      probe_.DeadLetterFailed();
      spdlog::error("dead-letter write failed: {}", statuses[i].ToString());
    }
  }
  if (!confirmed.empty()) {
    if (absl::Status s = dedup_.Confirm(confirmed); !s.ok()) {
      // The events are in Kafka; their pending claims expire on their own,
      // after which a re-sent copy would be written again.
      probe_.DedupError("confirm");
      spdlog::error("{} written event ids not confirmed in the dedup store: {}",
                    confirmed.size(), s.ToString());
    }
  }
  if (!released.empty()) {
    if (absl::Status s = dedup_.Release(released); !s.ok()) {
      probe_.DedupError("release");
      spdlog::warn("{} unwritten event ids not released (they expire): {}",
                   released.size(), s.ToString());
    }
  }
  if (any_unavailable) {
    health_.Failed();
  } else if (any_ok) {
    health_.Succeeded();
  }
  probe_.KafkaWritable(health_.healthy());
  limiter_.Release(request.bytes);
  probe_.InflightBytes(limiter_.in_use());
  absl::MutexLock lock(&request.mu);
  request.statuses = std::move(statuses);
  request.done = true;
}

IngestOutcome IngestPipeline::Ingest(std::vector<DecodedItem> items,
                                     const std::string& entry_point) {
  const absl::Time start = absl::Now();
  IngestOutcome out;
  out.items.resize(items.size());
  if (items.empty()) return out;
  for (size_t i = 0; i < items.size(); ++i) {
    out.items[i].result.set_event_id(
        items[i].decoded ? items[i].event.event_id() : items[i].event_id);
  }
  auto unavailable = [&](size_t i, const std::string& cause,
                         const std::string& message) {
    out.items[i].status = absl::UnavailableError(message);
    out.items[i].result.set_unavailable(true);
    out.items[i].result.clear_errors();
    probe_.Unavailable(entry_point, cause);
  };

  // 1. Admission.
  if (const absl::Duration blocked = health_.BlockedFor();
      blocked > absl::ZeroDuration()) {
    out.retry_after = blocked;
    for (size_t i = 0; i < items.size(); ++i) {
      unavailable(i, "kafka_down",
                  absl::StrCat("Kafka is not taking writes now; retry after ",
                               Seconds(blocked), " s"));
    }
    return out;
  }
  int64_t bytes = 0;
  for (const DecodedItem& item : items) {
    bytes += static_cast<int64_t>(item.raw.size()) * 2 + 256;
  }
  if (!limiter_.TryAcquire(bytes)) {
    out.retry_after = options_.retry_after;
    for (size_t i = 0; i < items.size(); ++i) {
      unavailable(i, "overloaded",
                  absl::StrCat("too many events in flight; retry after ",
                               Seconds(options_.retry_after), " s"));
    }
    return out;
  }
  probe_.InflightBytes(limiter_.in_use());

  // 2. Validation.
  const absl::Time now = clock_.Now();
  std::shared_ptr<const ReferenceData> reference =
      reference_ ? reference_->Current() : nullptr;
  std::vector<Fate> fate(items.size(), Fate::kRejected);
  std::vector<std::string> fingerprints(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    DecodedItem& item = items[i];
    for (const auto& [field, action] : item.pii.actions) {
      probe_.PiiField(field, action);
    }
    if (item.decoded) {
      item.errors =
          Validate(item.event, now, options_.validation, reference.get());
    }
    if (item.errors.empty()) {
      Normalise(item.event, reference.get());
      fingerprints[i] = Fingerprint(item.event);
      fate[i] = Fate::kPublish;
    }
  }

  // 3. Deduplication: within the request, then against the store.
  std::map<std::string, size_t> first_of;
  std::vector<size_t> leader(items.size());
  std::vector<size_t> to_claim;
  for (size_t i = 0; i < items.size(); ++i) {
    if (fate[i] != Fate::kPublish) continue;
    auto [it, inserted] = first_of.emplace(items[i].event.event_id(), i);
    if (inserted) {
      to_claim.push_back(i);
    } else if (fingerprints[it->second] == fingerprints[i]) {
      fate[i] = Fate::kFollower;
      leader[i] = it->second;
    } else {
      fate[i] = Fate::kRejected;
      items[i].errors.push_back(ConflictError(items[i].event.event_id()));
    }
  }
  if (!to_claim.empty()) {
    std::vector<dedup::DedupEntry> entries;
    entries.reserve(to_claim.size());
    for (size_t i : to_claim) {
      entries.push_back({items[i].event.event_id(), fingerprints[i]});
    }
    absl::StatusOr<std::vector<dedup::ClaimResult>> claims =
        dedup_.Claim(entries);
    if (!claims.ok()) {
      probe_.DedupError("claim");
      spdlog::warn("dedup store unavailable: {}", claims.status().ToString());
      out.retry_after = options_.retry_after;
      for (size_t i : to_claim) fate[i] = Fate::kUnavailable;
      for (size_t i : to_claim) {
        unavailable(i, "dedup",
                    absl::StrCat("the deduplication store is unavailable (",
                                 claims.status().message(), "); retry"));
      }
    } else {
      for (size_t k = 0; k < to_claim.size(); ++k) {
        const size_t i = to_claim[k];
        const dedup::ClaimResult& c = (*claims)[k];
        if (c.state == dedup::ClaimState::kClaimed) continue;
        if (c.fingerprint != fingerprints[i]) {
          fate[i] = Fate::kRejected;
          items[i].errors.push_back(ConflictError(items[i].event.event_id()));
        } else if (c.state == dedup::ClaimState::kDone) {
          fate[i] = Fate::kDuplicate;
        } else {
          fate[i] = Fate::kUnavailable;
          out.retry_after = options_.retry_after;
          unavailable(i, "in_progress",
                      absl::StrCat("an earlier copy of event ",
                                   items[i].event.event_id(),
                                   " is still being written; retry after ",
                                   Seconds(options_.retry_after), " s"));
        }
      }
    }
  }

  // 4. Records: events to write, then dead letters.
  auto request = std::make_shared<Request>();
  request->bytes = bytes;
  std::vector<events::OutRecord> records;
  std::vector<size_t> published;
  for (size_t i = 0; i < items.size(); ++i) {
    if (fate[i] != Fate::kPublish) continue;
    v1::Event& event = items[i].event;
    *event.mutable_ingested_at() = ToProto(now);
    records.push_back({topics_.ForEvent(event),
                       std::string(events::SubjectId(event)),
                       event.SerializeAsString()});
    request->entries.push_back({event.event_id(), fingerprints[i]});
    published.push_back(i);
  }
  for (size_t i = 0; i < items.size(); ++i) {
    if (fate[i] != Fate::kRejected) continue;
    DecodedItem& item = items[i];
    v1::IngestResult& result = out.items[i].result;
    probe_.Rejected(entry_point);
    v1::DeadLetter letter;
    letter.set_raw(item.raw);
    letter.set_encoding(item.encoding);
    letter.set_entry_point(entry_point);
    letter.set_event_id(result.event_id());
    letter.set_origin(item.origin);
    *letter.mutable_rejected_at() = ToProto(now);
    for (v1::FieldError& e : item.errors) {
      probe_.RejectReason(e.reason());
      *letter.add_errors() = e;
      *result.add_errors() = std::move(e);
    }
    records.push_back(
        {topics_.DeadLetter(),
         result.event_id().empty() ? item.origin : result.event_id(),
         letter.SerializeAsString()});
    ++request->dead_letters;
  }

  // 5. Write and wait for the acknowledgement (bounded).
  bool timed_out = false;
  std::vector<absl::Status> statuses;
  if (records.empty()) {
    limiter_.Release(bytes);
    probe_.InflightBytes(limiter_.in_use());
  } else {
    queue_->Submit(std::move(records),
                   [this, request](std::vector<absl::Status> s) {
                     Settle(*request, std::move(s));
                   });
    absl::MutexLock lock(&request->mu);
    timed_out = !request->mu.AwaitWithTimeout(absl::Condition(&request->done),
                                              options_.request_timeout);
    if (!timed_out) statuses = request->statuses;
  }
  if (timed_out) {
    health_.Failed();
    probe_.KafkaWritable(false);
    spdlog::warn("Kafka did not acknowledge {} records within {}",
                 published.size() + request->dead_letters,
                 absl::FormatDuration(options_.request_timeout));
  }

  // 6. Answers.
  for (size_t k = 0; k < published.size(); ++k) {
    const size_t i = published[k];
    if (timed_out) {
      out.retry_after = std::max(out.retry_after, options_.retry_after);
      unavailable(i, "kafka_timeout",
                  absl::StrCat("Kafka did not acknowledge the write within ",
                               absl::FormatDuration(options_.request_timeout),
                               "; it may still complete: retry after ",
                               Seconds(options_.retry_after),
                               " s (a retry is never written twice)"));
    } else if (statuses[k].ok()) {
      out.items[i].result.set_accepted(true);
      probe_.Accepted(entry_point);
    } else if (absl::IsUnavailable(statuses[k])) {
      out.retry_after = std::max(out.retry_after, options_.retry_after);
      unavailable(
          i, "kafka_error",
          absl::StrCat("Kafka did not take the event: ", statuses[k].message(),
                       "; retry after ", Seconds(options_.retry_after), " s"));
    } else {
      // A record Kafka will never take (e.g. too large): final.
      v1::FieldError* e = out.items[i].result.add_errors();
      e->set_field("(event)");
      e->set_reason("not_writable");
      e->set_message(std::string(statuses[k].message()));
      probe_.Rejected(entry_point);
      probe_.RejectReason("not_writable");
    }
  }
  for (size_t i = 0; i < items.size(); ++i) {
    if (fate[i] == Fate::kDuplicate) {
      out.items[i].result.set_accepted(true);
      out.items[i].result.set_duplicate(true);
      probe_.Duplicate(entry_point);
    }
  }
  for (size_t i = 0; i < items.size(); ++i) {
    if (fate[i] != Fate::kFollower) continue;
    // Same id and content as an earlier item: it shares that one's fate.
    const ItemOutcome& lead = out.items[leader[i]];
    out.items[i].status = lead.status;
    out.items[i].result = lead.result;
    if (lead.result.accepted()) {
      out.items[i].result.set_duplicate(true);
      probe_.Duplicate(entry_point);
    } else if (!lead.status.ok()) {
      probe_.Unavailable(entry_point, "in_progress");
    } else {
      probe_.Rejected(entry_point);
    }
  }
  probe_.Request(entry_point, absl::Now() - start);
  return out;
}

}  // namespace giamsat::ingestor
