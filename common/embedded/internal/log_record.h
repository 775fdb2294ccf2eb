// Private to common/embedded: the bytes of one event-log record's value.
//
// Layout: the key's size (big-endian 32 bits; the top bit set when the
// append time follows), the append time in Unix milliseconds (big-endian 64
// bits), the key, the value. Records written before the append time was
// kept have the bit clear and no time; they decode with log_time left at
// InfinitePast. Decoding a malformed value is DataLoss.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/events/event_log.h"

namespace giamsat::embedded::internal {

std::string EncodeLogValue(const events::OutRecord& r, absl::Time appended);

// Sets out.key, out.value and (when stored) out.log_time.
absl::Status DecodeLogValue(absl::string_view v, events::InRecord& out);

}  // namespace giamsat::embedded::internal
