// EmbeddedDb: the on-disk database of the standalone mode (RocksDB), shared
// by the embedded event log, state store and deduplication store, each in
// its own column family. RocksDB headers stay in this folder's .cc files.
//
// Durability: every write goes through RocksDB's write-ahead log, so a write
// that returned OK survives the process being killed (kill -9). With
// `sync_writes` (the default) the log is also fsync'ed before the write
// returns, so it survives a power loss too.
// Only one process may open a directory at a time (RocksDB's LOCK file):
// Open fails with FailedPrecondition naming the directory otherwise.
// Safe for concurrent use.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace giamsat::embedded {

struct EmbeddedDbOptions {
  // fsync the write-ahead log before a write returns.
  bool sync_writes = true;
};

class EmbeddedDb {
 public:
  struct Impl;  // defined in internal/db_impl.h
  // Opens (creating it when missing) the database in directory `dir`.
  static absl::StatusOr<std::shared_ptr<EmbeddedDb>> Open(
      const std::string& dir, const EmbeddedDbOptions& options);
  ~EmbeddedDb();
  EmbeddedDb(const EmbeddedDb&) = delete;
  EmbeddedDb& operator=(const EmbeddedDb&) = delete;

  const std::string& dir() const { return dir_; }
  Impl& impl() const { return *impl_; }

 private:
  EmbeddedDb(std::string dir, std::unique_ptr<Impl> impl);
  std::string dir_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace giamsat::embedded
