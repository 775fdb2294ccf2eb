// Private to common/embedded: the RocksDB handles behind EmbeddedDb and the
// byte encodings its adapters share.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/embedded/embedded_db.h"

namespace giamsat::embedded {

struct EmbeddedDb::Impl {
  std::unique_ptr<rocksdb::DB> db;
  rocksdb::ColumnFamilyHandle* log = nullptr;    // the event log
  rocksdb::ColumnFamilyHandle* state = nullptr;  // the state store
  rocksdb::ColumnFamilyHandle* dedup = nullptr;  // the dedup store
  rocksdb::WriteOptions write_options;

  ~Impl();
};

namespace internal {

// RocksDB status -> absl::Status: I/O errors and busy are Unavailable
// (retry), corruption is DataLoss, the rest Internal.
absl::Status ToStatus(const rocksdb::Status& s, absl::string_view what);

// Big-endian fixed-width integers, so that keys sort numerically.
void AppendBigEndian32(std::string& out, uint32_t v);
void AppendBigEndian64(std::string& out, uint64_t v);
uint32_t ReadBigEndian32(absl::string_view in);
uint64_t ReadBigEndian64(absl::string_view in);
// A signed value mapped to an unsigned one of the same order.
inline uint64_t OrderedBits(int64_t v) {
  return static_cast<uint64_t>(v) ^ (uint64_t{1} << 63);
}
inline int64_t FromOrderedBits(uint64_t v) {
  return static_cast<int64_t>(v ^ (uint64_t{1} << 63));
}

}  // namespace internal
}  // namespace giamsat::embedded
