// Conversions between google.protobuf.Timestamp and absl::Time.
#pragma once

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace giamsat::core {

inline absl::Time FromProto(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

inline google::protobuf::Timestamp ToProto(absl::Time t) {
  google::protobuf::Timestamp ts;
  const int64_t nanos = absl::ToUnixNanos(t);
  ts.set_seconds(nanos / 1000000000 - (nanos % 1000000000 < 0 ? 1 : 0));
  ts.set_nanos(
      static_cast<int32_t>(((nanos % 1000000000) + 1000000000) % 1000000000));
  return ts;
}

}  // namespace giamsat::core
