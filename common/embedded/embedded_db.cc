#include "common/embedded/embedded_db.h"

#include <rocksdb/options.h>

#include <filesystem>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/embedded/internal/db_impl.h"

namespace giamsat::embedded {

EmbeddedDb::Impl::~Impl() {
  if (!db) return;
  for (auto* cf : {log, state, dedup}) {
    if (cf != nullptr) db->DestroyColumnFamilyHandle(cf).PermitUncheckedError();
  }
  db->Close().PermitUncheckedError();
}

namespace internal {

absl::Status ToStatus(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat(what, ": ", s.ToString());
  if (s.IsIOError() || s.IsBusy() || s.IsTimedOut() || s.IsTryAgain() ||
      s.IsIncomplete()) {
    return absl::UnavailableError(message);
  }
  if (s.IsCorruption()) return absl::DataLossError(message);
  return absl::InternalError(message);
}

void AppendBigEndian32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

void AppendBigEndian64(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

uint32_t ReadBigEndian32(absl::string_view in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(in[i]);
  return v;
}

uint64_t ReadBigEndian64(absl::string_view in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(in[i]);
  return v;
}

}  // namespace internal

EmbeddedDb::EmbeddedDb(std::string dir, std::unique_ptr<Impl> impl)
    : dir_(std::move(dir)), impl_(std::move(impl)) {}

EmbeddedDb::~EmbeddedDb() = default;

absl::StatusOr<std::shared_ptr<EmbeddedDb>> EmbeddedDb::Open(
    const std::string& dir, const EmbeddedDbOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("storage.data_dir ", dir, ": ", ec.message()));
  }
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  // A ward's volume is small: keep the memory and thread footprint low.
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 3;
  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.write_buffer_size = 16 << 20;
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, cf_options},
      {"log", cf_options},
      {"state", cf_options},
      {"dedup", cf_options}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::Open(db_options, dir, families, &handles, &raw);
  if (!s.ok()) {
    if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
      return absl::FailedPreconditionError(
          absl::StrCat("storage.data_dir ", dir,
                       " is in use by another process: ", s.ToString()));
    }
    return internal::ToStatus(s, absl::StrCat("storage.data_dir ", dir));
  }
  auto impl = std::make_unique<Impl>();
  impl->db.reset(raw);
  // handles[0] is the default family, owned by the DB.
  raw->DestroyColumnFamilyHandle(handles[0]).PermitUncheckedError();
  impl->log = handles[1];
  impl->state = handles[2];
  impl->dedup = handles[3];
  impl->write_options.sync = options.sync_writes;
  return std::shared_ptr<EmbeddedDb>(new EmbeddedDb(dir, std::move(impl)));
}

}  // namespace giamsat::embedded
