#include "services/ingestor/json_decoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace giamsat::ingestor {
namespace {

using ::testing::HasSubstr;

constexpr char kEvent[] = R"({"eventId":"e1","sourceSystem":"igate",
  "unitId":"U1","occurredAt":"2026-04-24T16:00:00+07:00",
  "dossier":{"dossierId":"D1","kind":"DOSSIER_RECEIVED",
  "procedureCode":"1.001757","legalDuration":{"workingDays":3}}})";

TEST(JsonDecoderTest, DecodesOneObjectWithOffsetTimestamp) {
  absl::StatusOr<std::vector<DecodedItem>> items = DecodeJsonEvents(kEvent);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  const DecodedItem& item = (*items)[0];
  ASSERT_TRUE(item.decoded);
  EXPECT_EQ(item.event.dossier().kind(), v1::DOSSIER_RECEIVED);
  // 16:00 at +07:00 is 09:00 UTC.
  EXPECT_EQ(item.event.occurred_at().seconds() % 86400, 9 * 3600);
}

TEST(JsonDecoderTest, DecodesEachArrayElementOnItsOwn) {
  const std::string body = std::string("[") + kEvent +
                           R"(, {"eventId":"e2","dossier":{"kind":"NOPE"}}])";
  absl::StatusOr<std::vector<DecodedItem>> items = DecodeJsonEvents(body);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 2u);
  EXPECT_TRUE((*items)[0].decoded);
  EXPECT_FALSE((*items)[1].decoded);
  ASSERT_EQ((*items)[1].errors.size(), 1u);
  EXPECT_EQ((*items)[1].errors[0].reason(), "malformed");
  EXPECT_THAT((*items)[1].errors[0].message(), HasSubstr("NOPE"));
}

TEST(JsonDecoderTest, TimestampWithoutOffsetIsRejected) {
  DecodedItem item =
      DecodeJsonEvent(R"({"eventId":"e","occurredAt":"2026-04-24T16:00:00"})");
  EXPECT_FALSE(item.decoded);
}

TEST(JsonDecoderTest, UnknownFieldsAreRejectedNotDropped) {
  DecodedItem item = DecodeJsonEvent(R"({"eventId":"e","citizenName":"A"})");
  ASSERT_FALSE(item.decoded);
  EXPECT_THAT(item.errors[0].message(), HasSubstr("citizenName"));
}

TEST(JsonDecoderTest, NonJsonBodyIsAnError) {
  EXPECT_EQ(DecodeJsonEvents("not json").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeJsonEvents("42").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace giamsat::ingestor
