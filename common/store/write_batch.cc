#include "common/store/write_batch.h"

#include <utility>

namespace giamsat::store {

void WriteBatch::Put(std::string key, std::string value) {
  ops_.push_back({WriteOp::Kind::kPut, std::move(key), {}, std::move(value)});
}

void WriteBatch::Delete(std::string key) {
  ops_.push_back({WriteOp::Kind::kDelete, std::move(key), {}, {}});
}

void WriteBatch::HashIncrement(std::string key, std::string field,
                               int64_t delta) {
  ops_.push_back({WriteOp::Kind::kHashIncrement,
                  std::move(key),
                  std::move(field),
                  {},
                  delta});
}

void WriteBatch::HashPut(std::string key, std::string field,
                         std::string value) {
  ops_.push_back({WriteOp::Kind::kHashPut, std::move(key), std::move(field),
                  std::move(value)});
}

void WriteBatch::HashMax(std::string key, std::string field, int64_t value) {
  ops_.push_back(
      {WriteOp::Kind::kHashMax, std::move(key), std::move(field), {}, value});
}

void WriteBatch::HashDelete(std::string key, std::string field) {
  ops_.push_back(
      {WriteOp::Kind::kHashDelete, std::move(key), std::move(field), {}, 0});
}

void WriteBatch::SortedSetAdd(std::string key, std::string member,
                              int64_t score) {
  ops_.push_back({WriteOp::Kind::kSortedSetAdd,
                  std::move(key),
                  std::move(member),
                  {},
                  score});
}

void WriteBatch::SortedSetRemove(std::string key, std::string member) {
  ops_.push_back({WriteOp::Kind::kSortedSetRemove,
                  std::move(key),
                  std::move(member),
                  {},
                  0});
}

void WriteBatch::UpdateOffset(OffsetUpdate update) {
  offsets_.push_back(std::move(update));
}

}  // namespace giamsat::store
