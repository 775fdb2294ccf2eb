// TimerIndex: when each open subject must next be evaluated, in memory.
//
// A hierarchical timing wheel (six levels of 256 slots, one millisecond each
// at the lowest, after
// Varghese & Lauck) over a flat array of entries linked into intrusive
// lists, with a hash index from subject to entry: Set, Cancel and the
// expiry of one timer are O(1) amortised whatever the number pending (an
// entry moves down at most five levels before it expires), and empty
// stretches of time are skipped with per-level occupancy bitmaps. About 90
// bytes per pending timer (plus the subject's characters beyond 15).
//
// Due() returns the timers due at `now` (millisecond exact) in the order
// they were found due (earliest first among those found by one call); they
// stay pending until Set or Cancel moves them. Its
// durable copy is a sorted set per partition in the state store, written in
// the same atomic batch as the state that produced it, and loaded back when
// a partition is assigned. Timers further than 100 years ahead are kept at
// 100 years. Not thread-safe: the consumer thread owns it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/events/event_log.h"

namespace giamsat::rules {

struct TimerEntry {
  std::string subject;  // dossier or feedback key, e.g. "d:D1"
  events::TopicPartition partition;
  absl::Time due;
};

class TimerIndex {
 public:
  TimerIndex();
  TimerIndex(const TimerIndex&) = delete;
  TimerIndex& operator=(const TimerIndex&) = delete;

  void Set(const std::string& subject, const events::TopicPartition& tp,
           absl::Time due);
  void Cancel(const std::string& subject);
  // Up to `max` entries due at or before `now`, in the order found due (not
  // removed). Moves the wheel to `now`; `now` should not go backwards (an
  // earlier `now` finds only what was already found due).
  std::vector<TimerEntry> Due(absl::Time now, size_t max);
  void Clear();
  size_t size() const { return index_.size(); }

 private:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  static constexpr int kLevels = 6;
  static constexpr int kSlots = 256;
  // List ids: level * kSlots + slot; then the due list; then free.
  static constexpr uint16_t kDueList = kLevels * kSlots;
  static constexpr uint16_t kFree = kDueList + 1;

  struct Entry {
    std::string subject;
    int64_t due_ms = 0;
    uint32_t prev = kNone;
    uint32_t next = kNone;
    uint16_t list = kFree;
    uint16_t partition = 0;
  };

  // Hash and equality of entry indexes by their subject, with lookups by
  // subject text.
  struct SubjectHash {
    using is_transparent = void;
    const std::vector<Entry>* entries;
    size_t operator()(uint32_t i) const {
      return absl::HashOf(absl::string_view((*entries)[i].subject));
    }
    size_t operator()(absl::string_view s) const { return absl::HashOf(s); }
  };
  struct SubjectEq {
    using is_transparent = void;
    const std::vector<Entry>* entries;
    absl::string_view Of(uint32_t i) const { return (*entries)[i].subject; }
    absl::string_view Of(absl::string_view s) const { return s; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return Of(a) == Of(b);
    }
  };

  uint16_t PartitionId(const events::TopicPartition& tp);
  // Links entry `i` into the list for its due time relative to now_ms_.
  void Place(uint32_t i);
  void Link(uint32_t i, uint16_t list);
  void Unlink(uint32_t i);
  // Moves the wheel to millisecond `t`: every entry due before it is on the
  // due list.
  void Advance(int64_t t);
  // Re-places every entry of one slot (their time came nearer).
  void Cascade(int level, int slot);
  // now_ms_ just entered a new level-0 block: cascades the slots it entered.
  void CascadeBoundary();
  // Moves the level-0 slots [from, to] to the due list.
  void ExpireLevel0(int from, int to);
  int NextSlot(int level, int after) const;

  std::vector<Entry> entries_;
  std::vector<uint32_t> free_;
  absl::flat_hash_set<uint32_t, SubjectHash, SubjectEq> index_;
  std::vector<events::TopicPartition> partitions_;
  std::array<uint32_t, kLevels * kSlots + 1> heads_;
  uint32_t due_tail_ = kNone;
  std::array<std::array<uint64_t, kSlots / 64>, kLevels> occupied_{};
  int64_t now_ms_ = 0;  // the wheel's current time, Unix milliseconds
};

}  // namespace giamsat::rules
