#include "services/ingestor/json_decoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/ingestor/csv_codec.h"

namespace giamsat::ingestor {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using P = std::pair<std::string, std::string>;

constexpr char kEvent[] = R"({"eventId":"e1","sourceSystem":"igate",
  "unitId":"U1","occurredAt":"2026-04-24T16:00:00+07:00",
  "dossier":{"dossierId":"D1","kind":"DOSSIER_RECEIVED",
  "procedureCode":"1.001757","legalDuration":{"workingDays":3}}})";

std::vector<P> Problems(const DecodedItem& item) {
  std::vector<P> out;
  for (const auto& e : item.errors) out.emplace_back(e.field(), e.reason());
  return out;
}

DecodedItem Decode(const std::string& json) { return DecodeJsonEvent(json); }

TEST(JsonDecoderTest, DecodesOneObjectWithOffsetTimestamp) {
  absl::StatusOr<std::vector<DecodedItem>> items = DecodeJsonEvents(kEvent);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  const DecodedItem& item = (*items)[0];
  ASSERT_TRUE(item.decoded);
  EXPECT_EQ(item.event_id, "e1");
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
  EXPECT_EQ((*items)[1].event_id, "e2");
  EXPECT_THAT(Problems((*items)[1]),
              ElementsAre(P{"dossier.kind", "unknown_enum"}));
  EXPECT_THAT((*items)[1].errors[0].message(), HasSubstr("NOPE"));
  EXPECT_THAT((*items)[1].errors[0].message(), HasSubstr("DOSSIER_RECEIVED"));
}

TEST(JsonDecoderTest, TimestampsNeedAUtcOffset) {
  EXPECT_THAT(Problems(Decode(R"({"occurredAt":"2026-04-24T16:00:00"})")),
              ElementsAre(P{"occurredAt", "missing_utc_offset"}));
  EXPECT_THAT(Problems(Decode(R"({"occurredAt":"24/04/2026 16:00"})")),
              ElementsAre(P{"occurredAt", "bad_timestamp"}));
  EXPECT_THAT(Problems(Decode(R"({"occurredAt":"2026-02-30T16:00:00Z"})")),
              ElementsAre(P{"occurredAt", "bad_timestamp"}));
  EXPECT_THAT(Problems(Decode(R"({"occurredAt":1745485200})")),
              ElementsAre(P{"occurredAt", "wrong_type"}));
  DecodedItem z = Decode(R"({"occurredAt":"2026-04-24T09:00:00.5Z"})");
  EXPECT_TRUE(z.decoded);
  EXPECT_EQ(z.event.occurred_at().nanos(), 500000000);
}

TEST(JsonDecoderTest, KindsOfAnotherSubjectTypeAreNamedAsSuch) {
  DecodedItem item =
      Decode(R"({"dossier":{"dossierId":"D","kind":"FEEDBACK_RECEIVED"}})");
  EXPECT_THAT(Problems(item), ElementsAre(P{"dossier.kind", "invalid_kind"}));
  EXPECT_THAT(item.errors[0].message(), HasSubstr("FeedbackEventKind"));
}

TEST(JsonDecoderTest, TypeErrorsNameTheField) {
  DecodedItem item = Decode(R"({"eventId":7,
      "dossier":{"legalDuration":{"workingDays":-1},"paidOnline":"yes",
                 "channel":99},
      "inspection":{"shortcomings":["a",3]}})");
  EXPECT_THAT(Problems(item),
              ::testing::UnorderedElementsAre(
                  P{"eventId", "wrong_type"},
                  P{"dossier.legalDuration.workingDays", "out_of_range"},
                  P{"dossier.paidOnline", "wrong_type"},
                  P{"dossier.channel", "unknown_enum"},
                  P{"inspection.shortcomings[1]", "wrong_type"},
                  P{"payload", "ambiguous"}));
}

TEST(JsonDecoderTest, SnakeCaseKeysNullsAndStringNumbersAreAccepted) {
  DecodedItem item = Decode(R"({"event_id":"e","unit_id":null,
      "dossier":{"dossier_id":"D","legal_duration":{"working_days":"3"}}})");
  ASSERT_TRUE(item.decoded) << Problems(item).size();
  EXPECT_EQ(item.event.dossier().legal_duration().working_days(), 3u);
}

TEST(JsonDecoderTest, UnknownFieldsAreRejectedWithoutAPolicy) {
  DecodedItem item = Decode(R"({"eventId":"e","citizenName":"A"})");
  ASSERT_FALSE(item.decoded);
  EXPECT_THAT(Problems(item), ElementsAre(P{"citizenName", "unknown_field"}));
}

TEST(JsonDecoderTest, ValuesOfUnknownFieldsAreNotKept) {
  DecodedItem item = Decode(R"({"eventId":"e","ghiChu":"Ông Nguyễn Văn A",
      "dossier":{"dossierId":"D","note":{"who":"Bà B"},"kind":"NOPE"}})");
  ASSERT_FALSE(item.decoded);
  EXPECT_EQ(item.raw,
            R"json({"eventId":"e","ghiChu":"(removed)","dossier":)json"
            R"json({"dossierId":"D","note":"(removed)","kind":"NOPE"}})json");
  EXPECT_THAT(Problems(item), ::testing::UnorderedElementsAre(
                                  P{"ghiChu", "unknown_field"},
                                  P{"dossier.note", "unknown_field"},
                                  P{"dossier.kind", "unknown_enum"}));
}

TEST(JsonDecoderTest, FieldsSetByTheIngestorAreIgnoredOnInput) {
  DecodedItem item = Decode(
      R"({"eventId":"e","ingestedAt":"2020-01-01T00:00:00Z","citizenRef":"x"})");
  ASSERT_TRUE(item.decoded);
  EXPECT_FALSE(item.event.has_ingested_at());
  EXPECT_EQ(item.event.citizen_ref(), "");
}

TEST(JsonDecoderTest, NonJsonIsRejectedAndNotKept) {
  DecodedItem item = Decode("{\"eventId\": \"e\", \"phone\": \"0912345678\"");
  EXPECT_FALSE(item.decoded);
  EXPECT_EQ(item.raw, "");
  EXPECT_THAT(Problems(item), ElementsAre(P{"(event)", "malformed"}));
  EXPECT_EQ(DecodeJsonEvents("not json").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeJsonEvents("42").status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::StatusOr<std::vector<DecodedItem>> items = DecodeJsonEvents("[1]");
  ASSERT_TRUE(items.ok());
  EXPECT_THAT(Problems((*items)[0]), ElementsAre(P{"(event)", "malformed"}));
}

TEST(JsonDecoderTest, PersonalDataIsRemovedBeforeParsing) {
  PiiPolicy policy;
  policy.drop_fields = {"citizen_name", "phone"};
  policy.hash_fields = {"cccd"};
  policy.hash_key = "k";
  EventDecoder decoder(policy);
  DecodedItem item = decoder.DecodeJson(R"({"eventId":"e","CitizenName":"A",
      "feedback":{"feedbackId":"F","Phone":"0912345678","CCCD":"001099012345"}})");
  ASSERT_TRUE(item.decoded) << item.errors.size();
  EXPECT_EQ(item.raw, R"({"eventId":"e","feedback":{"feedbackId":"F"}})");
  EXPECT_EQ(item.event.citizen_ref(), KeyedHash("k", "001099012345"));
  EXPECT_THAT(item.pii.actions,
              ::testing::UnorderedElementsAre(P{"citizen_name", "dropped"},
                                              P{"phone", "dropped"},
                                              P{"cccd", "hashed"}));
}

TEST(JsonDecoderTest, ProtobufUnknownFieldsAndIngestorFieldsAreDiscarded) {
  v1::Event e;
  e.set_event_id("e");
  e.set_citizen_ref("forged");
  e.mutable_ingested_at()->set_seconds(5);
  std::string bytes = e.SerializeAsString();
  // Field 99, length-delimited "0912345678": unknown to this schema.
  bytes += std::string("\x9a\x06\x0a", 3) + "0912345678";
  v1::Event parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  DecodedItem item = EventDecoder().FromProto(parsed);
  EXPECT_EQ(item.encoding, "protobuf");
  EXPECT_THAT(item.raw, Not(HasSubstr("0912345678")));
  EXPECT_EQ(item.event.citizen_ref(), "");
  EXPECT_FALSE(item.event.has_ingested_at());
}

TEST(JsonDecoderTest, CsvRecordsDecodeThroughTheirHeader) {
  absl::StatusOr<CsvHeader> header = CsvHeader::Parse(
      "eventId,sourceSystem,unitId,occurredAt,dossier.dossierId,dossier.kind,"
      "dossier.procedureCode,dossier.legalDuration.workingDays,"
      "dossier.paidOnline,citizenName");
  ASSERT_TRUE(header.ok()) << header.status();
  PiiPolicy policy;
  policy.drop_fields = {"citizenName"};
  EventDecoder decoder(policy);
  DecodedItem item = decoder.DecodeCsv(
      *header,
      "c1,igate,U1,2026-04-24T16:00:00+07:00,D1,DOSSIER_RECEIVED,1.001757,3,"
      "yes,\"Nguyễn, Văn A\"");
  ASSERT_TRUE(item.decoded)
      << (item.errors.empty() ? "" : item.errors[0].message());
  EXPECT_EQ(item.encoding, "csv");
  EXPECT_TRUE(item.event.dossier().paid_online());
  EXPECT_EQ(item.event.dossier().legal_duration().working_days(), 3u);
  EXPECT_THAT(item.raw, Not(HasSubstr("Nguyễn")));

  DecodedItem short_row = decoder.DecodeCsv(*header, "c2,igate");
  EXPECT_FALSE(short_row.decoded);
  EXPECT_EQ(short_row.event_id, "c2");
  EXPECT_EQ(short_row.errors[0].reason(), "malformed");
  EXPECT_THAT(short_row.errors[0].message(), HasSubstr("2 fields"));

  DecodedItem broken = decoder.DecodeCsv(*header, "c3,\"unterminated");
  EXPECT_FALSE(broken.decoded);
  EXPECT_EQ(broken.raw, "");
}

}  // namespace
}  // namespace giamsat::ingestor
