#include "common/escalation/audit_trail.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <tuple>

#include "absl/strings/str_cat.h"

namespace giamsat::escalation {
namespace {

// Index members are read this many at a time.
constexpr int64_t kChunk = 256;

bool After(int64_t micros, const std::string& id, const AuditCursor& c) {
  return std::tie(micros, id) > std::tie(c.micros, c.entry_id);
}

// The matching entries of one index, in (score, member) order, read lazily.
class IndexStream {
 public:
  IndexStream(store::StateStore& store, const store::KeyLayout& layout,
              std::string key, const AuditQuery& query)
      : store_(store),
        layout_(layout),
        key_(std::move(key)),
        query_(query),
        start_score_(query.after.has_value()
                         ? std::max(query.since_micros, query.after->micros)
                         : query.since_micros) {}

  // The next matching entry, or nullptr when the index has no more.
  absl::StatusOr<const v1::AuditEntry*> Head() {
    while (!head_.has_value()) {
      if (ids_.empty()) {
        if (exhausted_) return nullptr;
        if (absl::Status s = Fill(); !s.ok()) return s;
        continue;
      }
      auto [id, micros] = std::move(ids_.front());
      ids_.pop_front();
      if (query_.after.has_value() && !After(micros, id, *query_.after)) {
        continue;
      }
      absl::StatusOr<std::optional<std::string>> bytes =
          store_.Get(layout_.AuditEntry(id));
      if (!bytes.ok()) return bytes.status();
      if (!bytes->has_value()) continue;  // index written, entry not (yet)
      v1::AuditEntry entry;
      if (!entry.ParseFromString(**bytes)) {
        return absl::DataLossError(
            absl::StrCat("stored audit entry ", id, " cannot be parsed"));
      }
      if (!query_.alert_id.empty() &&
          std::find(entry.alert_ids().begin(), entry.alert_ids().end(),
                    query_.alert_id) == entry.alert_ids().end()) {
        continue;
      }
      head_micros_ = micros;
      head_ = std::move(entry);
    }
    return &*head_;
  }
  int64_t head_micros() const { return head_micros_; }
  v1::AuditEntry Pop() {
    v1::AuditEntry e = std::move(*head_);
    head_.reset();
    return e;
  }

 private:
  // Reads the next chunk of members. Members of one score come in member
  // order, so `offset_` counts those of `start_score_` already read.
  absl::Status Fill() {
    auto range = store_.GetSortedSetRange(key_, start_score_,
                                          std::numeric_limits<int64_t>::max(),
                                          offset_, kChunk);
    if (!range.ok()) return range.status();
    if (static_cast<int64_t>(range->size()) < kChunk) exhausted_ = true;
    if (range->empty()) return absl::OkStatus();
    const int64_t last = range->back().second;
    if (last == start_score_) {
      offset_ += static_cast<int64_t>(range->size());
    } else {
      start_score_ = last;
      offset_ = std::count_if(range->begin(), range->end(),
                              [&](const auto& m) { return m.second == last; });
    }
    for (auto& m : *range) ids_.push_back(std::move(m));
    return absl::OkStatus();
  }

  store::StateStore& store_;
  const store::KeyLayout& layout_;
  const std::string key_;
  const AuditQuery& query_;
  int64_t start_score_;
  int64_t offset_ = 0;
  bool exhausted_ = false;
  std::deque<std::pair<std::string, int64_t>> ids_;
  std::optional<v1::AuditEntry> head_;
  int64_t head_micros_ = 0;
};

}  // namespace

absl::StatusOr<AuditPage> ReadAuditTrail(store::StateStore& store,
                                         const store::KeyLayout& layout,
                                         const AuditQuery& query) {
  std::vector<std::unique_ptr<IndexStream>> streams;
  if (query.units.empty()) {
    streams.push_back(std::make_unique<IndexStream>(
        store, layout, layout.AuditIndex(""), query));
  }
  for (const std::string& unit : query.units) {
    streams.push_back(std::make_unique<IndexStream>(
        store, layout, layout.AuditIndex(unit), query));
  }
  AuditPage page;
  const size_t limit = static_cast<size_t>(std::max(query.limit, 1));
  int64_t last_micros = 0;
  while (true) {
    IndexStream* first = nullptr;
    int64_t first_micros = 0;
    std::string first_id;
    for (auto& s : streams) {
      absl::StatusOr<const v1::AuditEntry*> head = s->Head();
      if (!head.ok()) return head.status();
      if (*head == nullptr) continue;
      if (first == nullptr ||
          std::make_pair(s->head_micros(), (*head)->entry_id()) <
              std::make_pair(first_micros, first_id)) {
        first = s.get();
        first_micros = s->head_micros();
        first_id = (*head)->entry_id();
      }
    }
    if (first == nullptr) break;
    if (page.entries.size() == limit) {
      const v1::AuditEntry& last = page.entries.back();
      page.next = AuditCursor{last_micros, last.entry_id()};
      break;
    }
    last_micros = first->head_micros();
    page.entries.push_back(first->Pop());
  }
  return page;
}

}  // namespace giamsat::escalation
