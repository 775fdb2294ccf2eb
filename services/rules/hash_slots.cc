#include "services/rules/hash_slots.h"

namespace giamsat::rules {
namespace {

constexpr size_t kMinSlots = 16;

}  // namespace

void HashSlots::Insert(uint64_t hash, uint32_t entry) {
  // Grows before the load passes 0.7.
  if ((size_ + 1) * 10 > slots_.size() * 7) Grow();
  Place({entry, Tag(hash)});
  ++size_;
}

void HashSlots::Place(const Slot& slot) {
  size_t i = Home(slot.tag);
  while (slots_[i].entry != kNone) i = (i + 1) & mask_;
  slots_[i] = slot;
}

void HashSlots::Erase(uint64_t hash, uint32_t entry) {
  if (slots_.empty()) return;
  size_t i = Home(Tag(hash));
  while (slots_[i].entry != entry) {
    if (slots_[i].entry == kNone) return;  // not stored
    i = (i + 1) & mask_;
  }
  // Backward shift: a later slot of the run moves into the hole unless its
  // home lies cyclically in (hole, slot], where it would no longer be found.
  for (size_t j = (i + 1) & mask_; slots_[j].entry != kNone;
       j = (j + 1) & mask_) {
    const size_t home = Home(slots_[j].tag);
    const bool stays =
        i <= j ? (i < home && home <= j) : (i < home || home <= j);
    if (stays) continue;
    slots_[i] = slots_[j];
    i = j;
  }
  slots_[i] = Slot{};
  --size_;
}

void HashSlots::Grow() {
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.assign(old.empty() ? kMinSlots : old.size() * 2, Slot{});
  mask_ = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.entry != kNone) Place(s);
  }
}

void HashSlots::Clear() {
  std::vector<Slot>().swap(slots_);
  mask_ = 0;
  size_ = 0;
}

}  // namespace giamsat::rules
