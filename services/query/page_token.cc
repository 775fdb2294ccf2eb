#include "services/query/page_token.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace giamsat::query {
namespace {

constexpr absl::string_view kVersion = "p1";

absl::Status BadToken(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("page_token: ", why));
}

}  // namespace

uint64_t RequestFingerprint(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  const google::protobuf::Descriptor* d = copy->GetDescriptor();
  const google::protobuf::Reflection* r = copy->GetReflection();
  for (const char* name : {"page_token", "page_size"}) {
    if (const auto* f = d->FindFieldByName(name); f != nullptr) {
      r->ClearField(copy.get(), f);
    }
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream raw(&bytes);
    google::protobuf::io::CodedOutputStream out(&raw);
    out.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&out);
  }
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string EncodePageToken(uint64_t fingerprint, const PageCursor& cursor) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(kVersion, "|", fingerprint, "|", cursor.pinned_ms, "|",
                   cursor.last_score, "|", cursor.last_id));
}

absl::StatusOr<PageCursor> DecodePageToken(absl::string_view token,
                                           uint64_t fingerprint) {
  if (token.size() > kMaxPageTokenBytes) return BadToken("too long");
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) return BadToken("malformed");
  std::vector<std::string> parts = absl::StrSplit(raw, absl::MaxSplits('|', 4));
  PageCursor c;
  uint64_t fp = 0;
  if (parts.size() != 5 || parts[0] != kVersion ||
      !absl::SimpleAtoi(parts[1], &fp) ||
      !absl::SimpleAtoi(parts[2], &c.pinned_ms) ||
      !absl::SimpleAtoi(parts[3], &c.last_score)) {
    return BadToken("malformed");
  }
  if (fp != fingerprint) {
    return BadToken("belongs to a request with other parameters");
  }
  c.last_id = std::move(parts[4]);
  return c;
}

absl::StatusOr<int> PageSize(int32_t requested, int default_size, int max) {
  if (requested < 0) {
    return absl::InvalidArgumentError("page_size: must not be negative");
  }
  if (requested == 0) return std::min(default_size, max);
  return std::min<int>(requested, max);
}

}  // namespace giamsat::query
