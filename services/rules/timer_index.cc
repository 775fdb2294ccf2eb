#include "services/rules/timer_index.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "absl/hash/hash.h"

namespace giamsat::rules {
namespace {

constexpr int64_t kMaxAheadMs = int64_t{100} * 365 * 86400 * 1000;
// How far ahead Due() and Compact() prefetch the entries of the items they
// check.
constexpr size_t kPrefetchAhead = 8;
// How far apart Apply()'s stages are: index slot lines are fetched twice
// this many changes ahead, and the entries they name this many ahead.
constexpr size_t kApplyAhead = 8;
// How far ahead of the wheel's time the index slots of the timers about to
// fire are fetched.
constexpr int kWarmAheadMs = 16;
// Stale items tolerated beyond one per pending timer before a compaction.
constexpr size_t kCompactSlack = 4096;

void Prefetch(const void* p) { __builtin_prefetch(p, 0, 1); }

}  // namespace

TimerIndex::TimerIndex() = default;

TimerIndex::~TimerIndex() { Clear(); }

uint64_t TimerIndex::HashOf(absl::string_view subject) {
  return absl::HashOf(subject);
}

uint32_t TimerIndex::Find(absl::string_view subject, uint64_t hash) const {
  return index_.Find(hash, [&](uint32_t entry) {
    return SubjectOf(entries_[entry]) == subject;
  });
}

absl::string_view TimerIndex::SubjectOf(const Entry& e) const {
  if (e.size != kLong) return absl::string_view(e.text, e.size);
  const std::string* s;
  std::memcpy(&s, e.text, sizeof(s));
  return *s;
}

void TimerIndex::StoreSubject(Entry& e, absl::string_view subject) {
  if (subject.size() <= kInline) {
    e.size = static_cast<uint8_t>(subject.size());
    std::memcpy(e.text, subject.data(), subject.size());
    return;
  }
  e.size = kLong;
  const std::string* s = new std::string(subject);
  std::memcpy(e.text, &s, sizeof(s));
}

void TimerIndex::ReleaseSubject(Entry& e) {
  if (e.size == kLong) {
    const std::string* s;
    std::memcpy(&s, e.text, sizeof(s));
    delete s;
  }
  e.size = 0;
}

uint16_t TimerIndex::PartitionId(const events::TopicPartition& tp) {
  auto it = std::find(partitions_.begin(), partitions_.end(), tp);
  if (it != partitions_.end()) {
    return static_cast<uint16_t>(it - partitions_.begin());
  }
  partitions_.push_back(tp);
  return static_cast<uint16_t>(partitions_.size() - 1);
}

void TimerIndex::Place(const Item& it) {
  int64_t s = std::max<int64_t>(0, it.due_ms);
  if (s < now_ms_) {
    due_.push_back(it);
    return;
  }
  s = std::min(s, now_ms_ + kMaxAheadMs);
  const uint64_t x = static_cast<uint64_t>(s) ^ static_cast<uint64_t>(now_ms_);
  // The highest byte in which the due time differs from now.
  const int level = std::clamp(
      (static_cast<int>(std::bit_width(x)) + 7) / 8 - 1, 0, kLevels - 1);
  const int slot = static_cast<int>((s >> (8 * level)) & (kSlots - 1));
  slots_[level * kSlots + slot].push_back(it);
  occupied_[level][slot / 64] |= uint64_t{1} << (slot % 64);
}

int TimerIndex::NextSlot(int level, int after) const {
  for (int w = (after + 1) / 64; w < kSlots / 64; ++w) {
    uint64_t bits = occupied_[level][w];
    if (w == (after + 1) / 64) {
      const int shift = (after + 1) % 64;
      bits &= shift == 0 ? ~uint64_t{0} : ~((uint64_t{1} << shift) - 1);
    }
    if (bits != 0) return w * 64 + __builtin_ctzll(bits);
  }
  return -1;
}

void TimerIndex::Cascade(int level, int slot) {
  // Taken out first: the slot's memory is released (a higher-level slot is
  // not used again for a long time).
  std::vector<Item> items;
  items.swap(slots_[level * kSlots + slot]);
  occupied_[level][slot / 64] &= ~(uint64_t{1} << (slot % 64));
  for (const Item& it : items) {
    // Items going to level 0 are due within 256 ms: their entries, read when
    // they are found due, are fetched now (a few hundred cache lines at most
    // in a steady state).
    if (level == 1) Prefetch(&entries_[it.entry]);
    Place(it);
  }
}

void TimerIndex::CascadeBoundary() {
  for (int level = kLevels - 1; level >= 1; --level) {
    const int64_t mask = (int64_t{1} << (8 * level)) - 1;
    if ((now_ms_ & mask) == 0) {
      Cascade(level, static_cast<int>((now_ms_ >> (8 * level)) & (kSlots - 1)));
    }
  }
}

void TimerIndex::ExpireLevel0(int from, int to) {
  for (int slot = NextSlot(0, from - 1); slot >= 0 && slot <= to;
       slot = NextSlot(0, slot)) {
    std::vector<Item>& items = slots_[slot];
    due_.insert(due_.end(), items.begin(), items.end());
    items.clear();  // kept: level-0 slots come round every 256 ms
    occupied_[0][slot / 64] &= ~(uint64_t{1} << (slot % 64));
  }
  // The timers due kWarmAheadMs later: their entries were fetched when they
  // came down to level 0, so their index slots, which the caller reads when
  // it moves or cancels them after they fire, can be fetched now.
  const int last = std::min(to + kWarmAheadMs, kSlots - 1);
  for (int slot = NextSlot(0, from + kWarmAheadMs - 1);
       slot >= 0 && slot <= last; slot = NextSlot(0, slot)) {
    for (const Item& it : slots_[slot]) {
      if (Live(it)) index_.Prefetch(HashOf(SubjectOf(entries_[it.entry])));
    }
  }
}

void TimerIndex::Advance(int64_t t) {
  while (now_ms_ < t) {
    const bool level0_busy =
        std::any_of(occupied_[0].begin(), occupied_[0].end(),
                    [](uint64_t w) { return w != 0; });
    if (level0_busy) {
      const int64_t block_end = (now_ms_ | (kSlots - 1)) + 1;
      const int64_t limit = std::min(t, block_end);
      ExpireLevel0(static_cast<int>(now_ms_ & (kSlots - 1)),
                   static_cast<int>((limit - 1) & (kSlots - 1)));
      now_ms_ = limit;
      if (now_ms_ == block_end) CascadeBoundary();
      continue;
    }
    // Level 0 is empty: jump to the next occupied slot of a higher level.
    bool jumped = false;
    for (int level = 1; level < kLevels && !jumped; ++level) {
      const int shift = 8 * level;
      const int pos = static_cast<int>((now_ms_ >> shift) & (kSlots - 1));
      const int next = NextSlot(level, pos);
      if (next < 0) continue;
      const int64_t target = ((now_ms_ >> (shift + 8)) << (shift + 8)) |
                             (static_cast<int64_t>(next) << shift);
      if (target > t) {
        now_ms_ = t;
        return;
      }
      now_ms_ = target;
      Cascade(level, next);
      jumped = true;
    }
    if (!jumped) {
      now_ms_ = t;  // nothing pending in the wheel
      return;
    }
  }
}

uint32_t TimerIndex::NewEntry() {
  // The entry freed last is reused first: it is likely still in the cache.
  if (free_.empty()) {
    entries_.emplace_back();
    return static_cast<uint32_t>(entries_.size() - 1);
  }
  const uint32_t i = free_.back();
  free_.pop_back();
  return i;
}

void TimerIndex::Set(const std::string& subject,
                     const events::TopicPartition& tp, absl::Time due) {
  SetHashed(subject, HashOf(subject), tp, due);
}

void TimerIndex::Cancel(const std::string& subject) {
  CancelHashed(subject, HashOf(subject));
}

void TimerIndex::Apply(absl::Span<const TimerChange> changes) {
  // Three stages, kApplyAhead changes apart: hash a change and fetch its
  // index slot line; look in that line for the entries it may name and
  // fetch them; make the change.
  const size_t n = changes.size();
  hashes_.resize(n);
  for (size_t i = 0; i < n + 2 * kApplyAhead; ++i) {
    if (i < n) {
      hashes_[i] = HashOf(changes[i].subject);
      index_.Prefetch(hashes_[i]);
    }
    if (i >= kApplyAhead && i - kApplyAhead < n) {
      // Visits every entry stored under the hash (no match is claimed).
      index_.Find(hashes_[i - kApplyAhead], [this](uint32_t entry) {
        Prefetch(&entries_[entry]);
        return false;
      });
    }
    if (i >= 2 * kApplyAhead) {
      const size_t k = i - 2 * kApplyAhead;
      const TimerChange& c = changes[k];
      if (c.due.has_value()) {
        SetHashed(c.subject, hashes_[k], c.tp, *c.due);
      } else {
        CancelHashed(c.subject, hashes_[k]);
      }
    }
  }
}

void TimerIndex::SetHashed(absl::string_view subject, uint64_t hash,
                           const events::TopicPartition& tp, absl::Time due) {
  uint32_t i = Find(subject, hash);
  if (i == HashSlots::kNone) {
    i = NewEntry();
    index_.Insert(hash, i);
    StoreSubject(entries_[i], subject);
  }
  Entry& e = entries_[i];
  ++e.gen;  // any item already in the wheel for this subject is now stale
  e.partition = PartitionId(tp);
  Place(Item{i, e.gen, absl::ToUnixMillis(due)});
  ++items_;
  MaybeCompact();
}

void TimerIndex::CancelHashed(absl::string_view subject, uint64_t hash) {
  const uint32_t i = Find(subject, hash);
  if (i == HashSlots::kNone) return;
  index_.Erase(hash, i);
  Entry& e = entries_[i];
  ++e.gen;
  ReleaseSubject(e);
  free_.push_back(i);
  MaybeCompact();
}

std::vector<TimerEntry> TimerIndex::Due(absl::Time now, size_t max) {
  // Everything due at or before `now`: before the next millisecond.
  const int64_t t = std::max<int64_t>(0, absl::ToUnixMillis(now)) + 1;
  if (t > now_ms_) Advance(t);
  std::vector<TimerEntry> out;
  // Walks the due list from its head, dropping stale items and closing up
  // the live ones found in front of where the walk stopped.
  size_t w = due_head_;
  size_t r = due_head_;
  for (; r < due_.size() && out.size() < max; ++r) {
    if (r + kPrefetchAhead < due_.size()) {
      Prefetch(&entries_[due_[r + kPrefetchAhead].entry]);
    }
    const Item it = due_[r];
    if (!Live(it)) {
      --items_;
      continue;
    }
    const Entry& e = entries_[it.entry];
    out.push_back({std::string(SubjectOf(e)), partitions_[e.partition],
                   absl::FromUnixMillis(it.due_ms)});
    due_[w++] = it;
  }
  const size_t kept = w - due_head_;
  std::move_backward(due_.begin() + due_head_, due_.begin() + w,
                     due_.begin() + r);
  due_head_ = r - kept;
  if (due_head_ == due_.size()) {
    due_.clear();
    due_head_ = 0;
  } else if (due_head_ > 1024 && due_head_ * 2 > due_.size()) {
    due_.erase(due_.begin(), due_.begin() + due_head_);
    due_head_ = 0;
  }
  return out;
}

void TimerIndex::MaybeCompact() {
  if (items_ > 2 * index_.size() + kCompactSlack) Compact();
}

void TimerIndex::Compact() {
  auto drop_stale = [this](std::vector<Item>& items, size_t from) {
    size_t w = from;
    for (size_t r = from; r < items.size(); ++r) {
      if (r + kPrefetchAhead < items.size()) {
        Prefetch(&entries_[items[r + kPrefetchAhead].entry]);
      }
      if (Live(items[r])) items[w++] = items[r];
    }
    items.resize(w);
    items.shrink_to_fit();
    return w - from;
  };
  items_ = 0;
  for (int l = 0; l < kLevels; ++l) {
    for (int s = 0; s < kSlots; ++s) {
      std::vector<Item>& items = slots_[l * kSlots + s];
      if (items.empty()) continue;
      items_ += drop_stale(items, 0);
      if (items.empty()) occupied_[l][s / 64] &= ~(uint64_t{1} << (s % 64));
    }
  }
  items_ += drop_stale(due_, due_head_);
}

void TimerIndex::Clear() {
  for (Entry& e : entries_) ReleaseSubject(e);
  index_.Clear();
  entries_.clear();
  free_.clear();
  partitions_.clear();
  for (std::vector<Item>& items : slots_) std::vector<Item>().swap(items);
  occupied_ = {};
  due_.clear();
  due_head_ = 0;
  items_ = 0;
  now_ms_ = 0;
}

}  // namespace giamsat::rules
