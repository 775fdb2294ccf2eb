#include "common/embedded/internal/log_record.h"

#include <cstdint>

#include "common/embedded/internal/db_impl.h"

namespace giamsat::embedded::internal {
namespace {

constexpr uint32_t kHasAppendTime = 0x80000000u;

}  // namespace

std::string EncodeLogValue(const events::OutRecord& r, absl::Time appended) {
  std::string v;
  v.reserve(4 + 8 + r.key.size() + r.value.size());
  AppendBigEndian32(v, static_cast<uint32_t>(r.key.size()) | kHasAppendTime);
  AppendBigEndian64(v, static_cast<uint64_t>(absl::ToUnixMillis(appended)));
  v += r.key;
  v += r.value;
  return v;
}

absl::Status DecodeLogValue(absl::string_view v, events::InRecord& out) {
  if (v.size() < 4) return absl::DataLossError("event log record too short");
  uint32_t key_size = ReadBigEndian32(v);
  v.remove_prefix(4);
  if ((key_size & kHasAppendTime) != 0) {
    key_size &= ~kHasAppendTime;
    if (v.size() < 8) {
      return absl::DataLossError("event log record append time truncated");
    }
    out.log_time =
        absl::FromUnixMillis(static_cast<int64_t>(ReadBigEndian64(v)));
    v.remove_prefix(8);
  }
  if (v.size() < key_size) {
    return absl::DataLossError("event log record key truncated");
  }
  out.key = std::string(v.substr(0, key_size));
  out.value = std::string(v.substr(key_size));
  return absl::OkStatus();
}

}  // namespace giamsat::embedded::internal
