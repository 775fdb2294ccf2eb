#include "services/ingestor/pii_scrubber.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "nlohmann/json.hpp"

namespace giamsat::ingestor {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using json = nlohmann::ordered_json;

TEST(PiiScrubberTest, KeyedHashIsHmacSha256) {
  // RFC 4231 test case 2.
  EXPECT_EQ(KeyedHash("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(PiiScrubberTest, NamesAreNormalised) {
  EXPECT_EQ(NormalisePiiName("Citizen_Name"), "citizenname");
  EXPECT_EQ(NormalisePiiName("so-dien-thoai"), "sodienthoai");
}

TEST(PiiScrubberTest, DropsAtAnyDepthAndHashesTheFirstIdByPolicyOrder) {
  PiiPolicy policy;
  policy.drop_fields = {"phone", "applicant"};
  policy.hash_fields = {"cccd", "idNumber"};
  policy.hash_key = "k";
  json doc = json::parse(R"({"eventId":"e","id_number":"B 2",
      "list":[{"PHONE":"1"},{"keep":2}],"applicant":{"name":"x"},
      "nested":{"cccd":"a-1"},"citizenRef":"forged"})");
  PiiReport report;
  const std::string ref = ScrubJson(doc, policy, &report);
  EXPECT_EQ(doc.dump(),
            R"({"eventId":"e","list":[{},{"keep":2}],"nested":{}})");
  EXPECT_EQ(ref, KeyedHash("k", "A1"));
  EXPECT_EQ(report.actions.size(), 4u);
}

TEST(PiiScrubberTest, WithoutAKeyHashFieldsAreOnlyDropped) {
  PiiPolicy policy;
  policy.hash_fields = {"cccd"};
  json doc = json::parse(R"({"cccd":"001"})");
  PiiReport report;
  EXPECT_EQ(ScrubJson(doc, policy, &report), "");
  EXPECT_EQ(doc.dump(), "{}");
  EXPECT_THAT(report.actions, ElementsAre(std::pair<std::string, std::string>{
                                  "cccd", "dropped"}));
}

TEST(PiiScrubberTest, MasksLongDigitRunsOnly) {
  auto mask = [](std::string s) {
    MaskDigitRuns(s, 9);
    return s;
  };
  EXPECT_EQ(mask("gọi 0912 345 678 nhé"), "gọi *** nhé");
  EXPECT_EQ(mask("CCCD 001099012345."), "CCCD ***.");
  EXPECT_EQ(mask("090-123-4567"), "***");
  EXPECT_EQ(mask("hạn 24/04/2026, 3 ngày, mã 1.001757"),
            "hạn 24/04/2026, 3 ngày, mã 1.001757");
  EXPECT_EQ(mask("12345678"), "12345678");
  std::string off = "0912345678";
  EXPECT_FALSE(MaskDigitRuns(off, 0));
}

TEST(PiiScrubberTest, RedactsFreeTextOfEvents) {
  v1::Event e;
  e.mutable_inspection()->add_shortcomings("liên hệ 0912345678");
  PiiReport report;
  RedactFreeText(e, PiiPolicy{}, &report);
  EXPECT_EQ(e.inspection().shortcomings(0), "liên hệ ***");
  EXPECT_EQ(report.actions.size(), 1u);
}

TEST(PiiScrubberTest, PolicyMayNotNameSchemaFields) {
  PiiPolicy policy;
  policy.drop_fields = {"phone", "unit_id", "Reason"};
  EXPECT_THAT(PiiNamesClashingWithSchema(policy),
              ElementsAre("unit_id", "Reason"));
  policy.drop_fields = {"phone"};
  EXPECT_THAT(PiiNamesClashingWithSchema(policy), IsEmpty());
}

}  // namespace
}  // namespace giamsat::ingestor
