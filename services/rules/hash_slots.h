// HashSlots: an open-addressing table from a key's 64-bit hash to the index
// of the caller's entry holding that key (TimerIndex's subject index).
//
// Each slot is eight bytes (the entry index and 32 bits of the hash), eight
// to a cache line, probed linearly from the hash's home slot; erasing shifts
// the slots behind back, so there are no tombstones and probe runs stay as
// short as the load allows (at most 0.7; the table doubles beyond it).
// Keys are compared by the caller's `eq(entry)`, which is asked only when
// the stored 32 hash bits match: a lookup reads one slot line and, when the
// key is present, its entry, and a miss usually reads no entry at all.
// Prefetch() lets a caller with several keys in hand fetch their slot lines
// ahead of use. Entry indices are the caller's and never move. Not
// thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace giamsat::rules {

class HashSlots {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // The entry whose key matches (`eq(entry)`) among those stored under
  // `hash`, or kNone.
  template <typename Eq>
  uint32_t Find(uint64_t hash, const Eq& eq) const {
    if (slots_.empty()) return kNone;
    const uint32_t tag = Tag(hash);
    for (size_t i = Home(tag);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.entry == kNone) return kNone;
      if (s.tag == tag && eq(s.entry)) return s.entry;
    }
  }
  // Stores `entry` under `hash`; the caller has checked that its key is
  // absent.
  void Insert(uint64_t hash, uint32_t entry);
  // Removes `entry`, stored under `hash`.
  void Erase(uint64_t hash, uint32_t entry);
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[Home(Tag(hash))], 0, 1);
  }
  void Clear();
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint32_t entry = kNone;
    uint32_t tag = 0;
  };
  static uint32_t Tag(uint64_t hash) { return static_cast<uint32_t>(hash); }
  size_t Home(uint32_t tag) const { return tag & mask_; }
  // Puts `slot` in the first free slot from its home (there is one).
  void Place(const Slot& slot);
  void Grow();

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace giamsat::rules
