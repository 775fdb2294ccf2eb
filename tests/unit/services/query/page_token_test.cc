#include "services/query/page_token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "giamsat/v1/query.pb.h"

namespace giamsat::query {
namespace {

using ::testing::HasSubstr;

TEST(PageTokenTest, RoundTripsAndIgnoresPageFields) {
  v1::ListAlertsRequest a;
  a.set_unit_id("U|1");
  const uint64_t fp = RequestFingerprint(a);
  a.set_page_size(7);
  a.set_page_token("x");
  EXPECT_EQ(RequestFingerprint(a), fp);
  PageCursor c{1234, -5, "id|with|bars"};
  const std::string token = EncodePageToken(fp, c);
  EXPECT_LE(token.size(), kMaxPageTokenBytes);
  auto back = DecodePageToken(token, fp);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->pinned_ms, 1234);
  EXPECT_EQ(back->last_score, -5);
  EXPECT_EQ(back->last_id, "id|with|bars");
}

TEST(PageTokenTest, RejectsForeignMalformedAndLongTokens) {
  v1::ListAlertsRequest a;
  a.set_unit_id("U1");
  const std::string token = EncodePageToken(RequestFingerprint(a), {});
  a.set_unit_id("U2");
  EXPECT_THAT(DecodePageToken(token, RequestFingerprint(a)).status().message(),
              HasSubstr("other parameters"));
  EXPECT_THAT(DecodePageToken("!!!", 1).status().message(),
              HasSubstr("page_token"));
  EXPECT_THAT(DecodePageToken(std::string(600, 'a'), 1).status().message(),
              HasSubstr("too long"));
}

TEST(PageTokenTest, PageSizeDefaultsAndCaps) {
  EXPECT_EQ(*PageSize(0, 50, 500), 50);
  EXPECT_EQ(*PageSize(10000, 50, 500), 500);
  EXPECT_THAT(PageSize(-1, 50, 500).status().message(), HasSubstr("page_size"));
}

}  // namespace
}  // namespace giamsat::query
