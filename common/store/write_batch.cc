#include "common/store/write_batch.h"

#include <algorithm>
#include <utility>

namespace giamsat::store {

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

void WriteBatch::Put(std::string key, std::string value) {
  Touch(key);
  ops_.push_back({WriteOp::Kind::kPut, std::move(key), {}, std::move(value)});
}

void WriteBatch::Delete(std::string key) {
  Touch(key);
  ops_.push_back({WriteOp::Kind::kDelete, std::move(key), {}, {}});
}

void WriteBatch::AddMergeable(absl::string_view key, absl::string_view field,
                              WriteOp::Kind kind, int64_t value) {
  auto k = mergeable_.find(key);
  if (k == mergeable_.end()) {
    k = mergeable_.try_emplace(std::string(key)).first;
  }
  auto [f, inserted] = k->second.try_emplace(field, ops_.size());
  if (!inserted) {
    WriteOp& op = ops_[f->second];
    if (op.kind == kind) {
      op.delta = kind == WriteOp::Kind::kHashIncrement
                     ? op.delta + value
                     : std::max(op.delta, value);
      return;
    }
    f->second = ops_.size();  // the op appended below is the last one
  }
  ops_.push_back({kind, std::string(key), std::string(field), {}, value});
}

void WriteBatch::HashIncrement(absl::string_view key, absl::string_view field,
                               int64_t delta) {
  AddMergeable(key, field, WriteOp::Kind::kHashIncrement, delta);
}

void WriteBatch::AppendHashIncrement(absl::string_view key,
                                     absl::string_view field, int64_t delta) {
  Touch(key, field);
  ops_.push_back({WriteOp::Kind::kHashIncrement,
                  std::string(key),
                  std::string(field),
                  {},
                  delta});
}

void WriteBatch::HashPut(std::string key, std::string field,
                         std::string value) {
  Touch(key, field);
  ops_.push_back({WriteOp::Kind::kHashPut, std::move(key), std::move(field),
                  std::move(value)});
}

void WriteBatch::HashMax(absl::string_view key, absl::string_view field,
                         int64_t value) {
  AddMergeable(key, field, WriteOp::Kind::kHashMax, value);
}

void WriteBatch::HashDelete(std::string key, std::string field) {
  Touch(key, field);
  ops_.push_back(
      {WriteOp::Kind::kHashDelete, std::move(key), std::move(field), {}, 0});
}

void WriteBatch::SortedSetAdd(std::string key, std::string member,
                              int64_t score) {
  Touch(key);
  ops_.push_back({WriteOp::Kind::kSortedSetAdd,
                  std::move(key),
                  std::move(member),
                  {},
                  score});
}

void WriteBatch::SortedSetRemove(std::string key, std::string member) {
  Touch(key);
  ops_.push_back({WriteOp::Kind::kSortedSetRemove,
                  std::move(key),
                  std::move(member),
                  {},
                  0});
}

void WriteBatch::UpdateOffset(OffsetUpdate update) {
  offsets_.push_back(std::move(update));
}

void WriteBatch::RequireFence(FenceCheck fence) {
  fences_.push_back(std::move(fence));
}

}  // namespace giamsat::store
