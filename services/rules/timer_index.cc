#include "services/rules/timer_index.h"

#include <algorithm>

namespace giamsat::rules {
namespace {

constexpr int64_t kMaxAheadMs = int64_t{100} * 365 * 86400 * 1000;

}  // namespace

TimerIndex::TimerIndex()
    : index_(0, SubjectHash{&entries_}, SubjectEq{&entries_}) {
  heads_.fill(kNone);
}

uint16_t TimerIndex::PartitionId(const events::TopicPartition& tp) {
  auto it = std::find(partitions_.begin(), partitions_.end(), tp);
  if (it != partitions_.end()) {
    return static_cast<uint16_t>(it - partitions_.begin());
  }
  partitions_.push_back(tp);
  return static_cast<uint16_t>(partitions_.size() - 1);
}

void TimerIndex::Link(uint32_t i, uint16_t list) {
  Entry& e = entries_[i];
  e.list = list;
  if (list == kDueList) {
    e.prev = due_tail_;
    e.next = kNone;
    if (due_tail_ != kNone) {
      entries_[due_tail_].next = i;
    } else {
      heads_[kDueList] = i;
    }
    due_tail_ = i;
    return;
  }
  e.prev = kNone;
  e.next = heads_[list];
  if (e.next != kNone) entries_[e.next].prev = i;
  heads_[list] = i;
  occupied_[list / kSlots][(list % kSlots) / 64] |= uint64_t{1} << (list % 64);
}

void TimerIndex::Unlink(uint32_t i) {
  Entry& e = entries_[i];
  if (e.prev != kNone) {
    entries_[e.prev].next = e.next;
  } else {
    heads_[e.list] = e.next;
  }
  if (e.next != kNone) {
    entries_[e.next].prev = e.prev;
  } else if (e.list == kDueList) {
    due_tail_ = e.prev;
  }
  if (e.list < kDueList && heads_[e.list] == kNone) {
    occupied_[e.list / kSlots][(e.list % kSlots) / 64] &=
        ~(uint64_t{1} << (e.list % 64));
  }
  e.prev = e.next = kNone;
  e.list = kFree;
}

void TimerIndex::Place(uint32_t i) {
  int64_t s = std::max<int64_t>(0, entries_[i].due_ms);
  if (s < now_ms_) {
    Link(i, kDueList);
    return;
  }
  s = std::min(s, now_ms_ + kMaxAheadMs);
  const uint64_t x = static_cast<uint64_t>(s) ^ static_cast<uint64_t>(now_ms_);
  int level = 0;
  while (level < kLevels - 1 && (x >> (8 * (level + 1))) != 0) ++level;
  const int slot = static_cast<int>((s >> (8 * level)) & (kSlots - 1));
  Link(i, static_cast<uint16_t>(level * kSlots + slot));
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
  const uint16_t list = static_cast<uint16_t>(level * kSlots + slot);
  uint32_t i = heads_[list];
  while (i != kNone) {
    const uint32_t next = entries_[i].next;
    Unlink(i);
    Place(i);
    i = next;
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
    uint32_t i = heads_[slot];
    while (i != kNone) {
      const uint32_t next = entries_[i].next;
      Unlink(i);
      Link(i, kDueList);
      i = next;
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

void TimerIndex::Set(const std::string& subject,
                     const events::TopicPartition& tp, absl::Time due) {
  uint32_t i;
  auto it = index_.find(absl::string_view(subject));
  if (it != index_.end()) {
    i = *it;
    Unlink(i);
  } else {
    if (free_.empty()) {
      i = static_cast<uint32_t>(entries_.size());
      entries_.emplace_back();
    } else {
      i = free_.back();
      free_.pop_back();
    }
    entries_[i].subject = subject;
    index_.insert(i);
  }
  entries_[i].due_ms = absl::ToUnixMillis(due);
  entries_[i].partition = PartitionId(tp);
  Place(i);
}

void TimerIndex::Cancel(const std::string& subject) {
  auto it = index_.find(absl::string_view(subject));
  if (it == index_.end()) return;
  const uint32_t i = *it;
  index_.erase(it);
  Unlink(i);
  std::string().swap(entries_[i].subject);
  free_.push_back(i);
}

std::vector<TimerEntry> TimerIndex::Due(absl::Time now, size_t max) {
  // Everything due at or before `now`: before the next millisecond.
  const int64_t t = std::max<int64_t>(0, absl::ToUnixMillis(now)) + 1;
  if (t > now_ms_) Advance(t);
  std::vector<TimerEntry> out;
  for (uint32_t i = heads_[kDueList]; i != kNone && out.size() < max;
       i = entries_[i].next) {
    const Entry& e = entries_[i];
    out.push_back(
        {e.subject, partitions_[e.partition], absl::FromUnixMillis(e.due_ms)});
  }
  return out;
}

void TimerIndex::Clear() {
  index_.clear();
  entries_.clear();
  free_.clear();
  partitions_.clear();
  heads_.fill(kNone);
  due_tail_ = kNone;
  occupied_ = {};
  now_ms_ = 0;
}

}  // namespace giamsat::rules
