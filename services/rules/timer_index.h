// TimerIndex: when each open subject must next be evaluated, in memory.
//
// A hierarchical timing wheel (six levels of 256 slots, one millisecond each
// at the lowest, after Varghese & Lauck) whose slots are vectors of small
// items (entry index, generation, due millisecond), over a flat array of
// 32-byte entries (the subject inline up to 24 characters, its partition
// and its generation), with an open-addressing index from subject to entry
// (HashSlots: eight-byte slots holding the entry index and 32 bits of the
// subject's hash, so a lookup reads one slot line and then the entry).
//
// Cancelling or moving a timer only bumps its entry's generation: the item
// left in the wheel is stale and is dropped when it reaches the due list
// (or by a compaction once stale items outnumber the pending timers), so a
// cancel touches one index slot line and one entry, never its neighbours,
// and a cascade to a lower level moves items without touching entries.
// Entries are fetched when their items come down to the lowest level, and
// their index slots a few milliseconds before they fall due, so the caller
// that moves or cancels a timer that fired finds both in the cache. Set,
// Cancel and the expiry of one timer are O(1) amortised whatever the number
// pending (an item moves down at most five levels before it expires), and
// empty stretches of time are skipped with per-level occupancy bitmaps.
// About 75 bytes per pending timer at 10 million (the entry, the index slot
// and the wheel items with their stale share and vector slack; plus the
// subject when longer than 24 characters).
//
// Due() returns the timers due at `now` (millisecond exact) in the order
// they were found due (earliest first among those found by one call); they
// stay pending until Set, Cancel or Apply moves them. Its durable copy is a
// sorted set per partition in the state store, written in the same atomic batch
// as the state that produced it, and loaded back when a partition is assigned.
// Timers further than 100 years ahead are kept at 100 years. Not thread-safe:
// the consumer thread owns it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/events/event_log.h"
#include "services/rules/hash_slots.h"

namespace giamsat::rules {

struct TimerEntry {
  std::string subject;  // dossier or feedback key, e.g. "d:D1"
  events::TopicPartition partition;
  absl::Time due;
};

// One Set (`due` given) or Cancel (`due` empty), for TimerIndex::Apply.
struct TimerChange {
  std::string subject;
  events::TopicPartition tp;
  std::optional<absl::Time> due;
};

class TimerIndex {
 public:
  TimerIndex();
  ~TimerIndex();
  TimerIndex(const TimerIndex&) = delete;
  TimerIndex& operator=(const TimerIndex&) = delete;

  void Set(const std::string& subject, const events::TopicPartition& tp,
           absl::Time due);
  void Cancel(const std::string& subject);
  // The changes in order, as Set and Cancel one by one would make them, but
  // with the index slots and entries of the changes a few places ahead
  // fetched while the current one is made, so that the memory round trips
  // of a batch overlap instead of following one another (the rules service
  // applies each batch of events' timer changes this way).
  void Apply(absl::Span<const TimerChange> changes);
  // Up to `max` entries due at or before `now`, in the order found due (not
  // removed). Moves the wheel to `now`; `now` should not go backwards (an
  // earlier `now` finds only what was already found due).
  std::vector<TimerEntry> Due(absl::Time now, size_t max);
  void Clear();
  size_t size() const { return index_.size(); }

  // Wheel and due-list items held, live or stale (for tests and memory
  // figures).
  size_t item_count() const { return items_; }

 private:
  static constexpr int kLevels = 6;
  static constexpr int kSlots = 256;
  static constexpr size_t kInline = 24;
  // Entry::size of a subject kept on the heap (longer than kInline).
  static constexpr uint8_t kLong = 0xFF;

  // One subject with a timer, or a free entry. Its generation grows by one
  // at every Set and Cancel; only the item carrying the current one is live.
  struct alignas(32) Entry {
    uint32_t gen = 0;
    uint16_t partition = 0;
    uint8_t size = 0;         // subject length, or kLong
    char text[kInline] = {};  // the subject, or a std::string* when kLong
  };
  static_assert(sizeof(Entry) == 32);

  // A timer in a wheel slot or in the due list.
  struct Item {
    uint32_t entry;
    uint32_t gen;
    int64_t due_ms;
  };

  static uint64_t HashOf(absl::string_view subject);
  // The entry of `subject` (whose hash is `hash`), or HashSlots::kNone.
  uint32_t Find(absl::string_view subject, uint64_t hash) const;
  absl::string_view SubjectOf(const Entry& e) const;
  void StoreSubject(Entry& e, absl::string_view subject);
  void ReleaseSubject(Entry& e);
  bool Live(const Item& it) const { return entries_[it.entry].gen == it.gen; }

  void SetHashed(absl::string_view subject, uint64_t hash,
                 const events::TopicPartition& tp, absl::Time due);
  void CancelHashed(absl::string_view subject, uint64_t hash);
  uint32_t NewEntry();
  uint16_t PartitionId(const events::TopicPartition& tp);
  // Puts an item in the slot for its due time relative to now_ms_, or in the
  // due list when that time has passed.
  void Place(const Item& it);
  // Moves the wheel to millisecond `t`: every item due before it is on the
  // due list.
  void Advance(int64_t t);
  // Re-places every item of one slot (their time came nearer).
  void Cascade(int level, int slot);
  // now_ms_ just entered a new level-0 block: cascades the slots it entered.
  void CascadeBoundary();
  // Moves the level-0 slots [from, to] to the due list.
  void ExpireLevel0(int from, int to);
  int NextSlot(int level, int after) const;
  // Drops every stale item once they outnumber the pending timers (amortised
  // O(1) per Set or Cancel).
  void MaybeCompact();
  void Compact();

  std::vector<Entry> entries_;
  std::vector<uint32_t> free_;
  HashSlots index_;  // subject -> entry
  std::vector<events::TopicPartition> partitions_;
  std::array<std::vector<Item>, kLevels * kSlots> slots_;
  std::array<std::array<uint64_t, kSlots / 64>, kLevels> occupied_{};
  // Items due, in the order found due; those before due_head_ are dropped.
  std::vector<Item> due_;
  size_t due_head_ = 0;
  size_t items_ = 0;              // items in slots_ and due_ (after due_head_)
  std::vector<uint64_t> hashes_;  // Apply's scratch: the changes' hashes
  int64_t now_ms_ = 0;            // the wheel's current time, Unix milliseconds
};

}  // namespace giamsat::rules
