#include "common/store/write_batch.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace giamsat::store {
namespace {

// Text blocks hold at least this many bytes (a longer string gets a block
// of its own size).
constexpr size_t kBlockBytes = 64 * 1024;

}  // namespace

WriteBatch::WriteBatch(WriteBatch&& other) noexcept {
  *this = std::move(other);
}

WriteBatch& WriteBatch::operator=(WriteBatch&& other) noexcept {
  if (this == &other) return *this;
  // The blocks move as they are, so the views into them stay valid.
  blocks_ = std::move(other.blocks_);
  free_at_ = std::exchange(other.free_at_, nullptr);
  free_size_ = std::exchange(other.free_size_, 0);
  ops_ = std::move(other.ops_);
  offsets_ = std::move(other.offsets_);
  fences_ = std::move(other.fences_);
  mergeable_ = std::move(other.mergeable_);
  other.blocks_.clear();
  other.ops_.clear();
  other.offsets_.clear();
  other.fences_.clear();
  other.mergeable_.clear();
  return *this;
}

WriteBatch::~WriteBatch() = default;

absl::string_view WriteBatch::Keep(absl::string_view text) {
  if (text.empty()) return {};
  if (text.size() > free_size_) {
    const size_t size = std::max(kBlockBytes, text.size());
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
    free_at_ = blocks_.back().get();
    free_size_ = size;
  }
  char* at = free_at_;
  std::memcpy(at, text.data(), text.size());
  free_at_ += text.size();
  free_size_ -= text.size();
  return absl::string_view(at, text.size());
}

void WriteBatch::Append(WriteOp::Kind kind, absl::string_view key,
                        absl::string_view field, absl::string_view value,
                        int64_t delta) {
  ops_.push_back({kind, Keep(key), Keep(field), Keep(value), delta});
}

void WriteBatch::Touch(absl::string_view key) {
  if (mergeable_.empty()) return;
  if (auto it = mergeable_.find(key); it != mergeable_.end()) {
    mergeable_.erase(it);
  }
}

void WriteBatch::Touch(absl::string_view key, absl::string_view field) {
  if (mergeable_.empty()) return;
  if (auto it = mergeable_.find(key); it != mergeable_.end()) {
    if (auto f = it->second.find(field); f != it->second.end()) {
      it->second.erase(f);
    }
  }
}

void WriteBatch::Put(absl::string_view key, absl::string_view value) {
  Touch(key);
  Append(WriteOp::Kind::kPut, key, {}, value, 0);
}

void WriteBatch::Delete(absl::string_view key) {
  Touch(key);
  Append(WriteOp::Kind::kDelete, key, {}, {}, 0);
}

void WriteBatch::AddMergeable(absl::string_view key, absl::string_view field,
                              WriteOp::Kind kind, int64_t value) {
  auto k = mergeable_.find(key);
  if (k != mergeable_.end()) {
    if (auto f = k->second.find(field); f != k->second.end()) {
      WriteOp& op = ops_[f->second];
      if (op.kind == kind) {
        op.delta = kind == WriteOp::Kind::kHashIncrement
                       ? op.delta + value
                       : std::max(op.delta, value);
        return;
      }
      // Another kind: the op appended below becomes the last one.
      f->second = ops_.size();
      Append(kind, key, field, {}, value);
      return;
    }
  }
  Append(kind, key, field, {}, value);
  const WriteOp& op = ops_.back();  // the map keys view the op's own text
  if (k == mergeable_.end()) k = mergeable_.try_emplace(op.key).first;
  k->second.try_emplace(op.field, ops_.size() - 1);
}

void WriteBatch::HashIncrement(absl::string_view key, absl::string_view field,
                               int64_t delta) {
  AddMergeable(key, field, WriteOp::Kind::kHashIncrement, delta);
}

void WriteBatch::AppendHashIncrement(absl::string_view key,
                                     absl::string_view field, int64_t delta) {
  Touch(key, field);
  Append(WriteOp::Kind::kHashIncrement, key, field, {}, delta);
}

void WriteBatch::HashPut(absl::string_view key, absl::string_view field,
                         absl::string_view value) {
  Touch(key, field);
  Append(WriteOp::Kind::kHashPut, key, field, value, 0);
}

void WriteBatch::HashMax(absl::string_view key, absl::string_view field,
                         int64_t value) {
  AddMergeable(key, field, WriteOp::Kind::kHashMax, value);
}

void WriteBatch::HashDelete(absl::string_view key, absl::string_view field) {
  Touch(key, field);
  Append(WriteOp::Kind::kHashDelete, key, field, {}, 0);
}

void WriteBatch::SortedSetAdd(absl::string_view key, absl::string_view member,
                              int64_t score) {
  Touch(key);
  Append(WriteOp::Kind::kSortedSetAdd, key, member, {}, score);
}

void WriteBatch::SortedSetRemove(absl::string_view key,
                                 absl::string_view member) {
  Touch(key);
  Append(WriteOp::Kind::kSortedSetRemove, key, member, {}, 0);
}

void WriteBatch::UpdateOffset(OffsetUpdate update) {
  offsets_.push_back(std::move(update));
}

void WriteBatch::RequireFence(FenceCheck fence) {
  fences_.push_back(std::move(fence));
}

}  // namespace giamsat::store
