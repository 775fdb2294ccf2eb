// The bytes of an event-log record: the append time round-trips, records
// written before it was kept still decode, malformed values are DataLoss.
#include "common/embedded/internal/log_record.h"

#include <gtest/gtest.h>

#include <string>

#include "common/embedded/internal/db_impl.h"

namespace giamsat::embedded::internal {
namespace {

TEST(LogRecordTest, KeyValueAndAppendTimeRoundTrip) {
  const absl::Time at = absl::FromUnixMillis(1764547200123);
  const std::string bytes = EncodeLogValue({"t", "key-1", "payload"}, at);
  events::InRecord r;
  ASSERT_TRUE(DecodeLogValue(bytes, r).ok());
  EXPECT_EQ(r.key, "key-1");
  EXPECT_EQ(r.value, "payload");
  EXPECT_EQ(r.log_time, at);
}

TEST(LogRecordTest, ARecordWrittenWithoutAnAppendTimeDecodesWithNone) {
  std::string legacy;
  AppendBigEndian32(legacy, 3);
  legacy += "keyvalue";
  events::InRecord r;
  ASSERT_TRUE(DecodeLogValue(legacy, r).ok());
  EXPECT_EQ(r.key, "key");
  EXPECT_EQ(r.value, "value");
  EXPECT_EQ(r.log_time, absl::InfinitePast());
}

TEST(LogRecordTest, TruncatedValuesAreDataLoss) {
  const std::string bytes =
      EncodeLogValue({"t", "key-1", "v"}, absl::FromUnixSeconds(1));
  for (size_t n : {size_t{0}, size_t{3}, size_t{8}, size_t{13}}) {
    events::InRecord r;
    EXPECT_EQ(DecodeLogValue(bytes.substr(0, n), r).code(),
              absl::StatusCode::kDataLoss)
        << n;
  }
}

}  // namespace
}  // namespace giamsat::embedded::internal
