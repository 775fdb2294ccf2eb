#include "services/query/access_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace giamsat::query {
namespace {

using ::testing::HasSubstr;

TEST(AccessPolicyTest, TokensMapToUnitSubtrees) {
  auto tree = UnitTree::LoadFile(GIAMSAT_TEST_UNITS);
  ASSERT_TRUE(tree.ok());
  auto policy = AccessPolicy::Parse(R"(clients:
  - {name: city, token: "city-token-0123456789", units: [HN]}
  - {name: ward, token: "ward-token-0123456789", units: [HN.UBND.YENHOA]})",
                                    "tokens");
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_TRUE(policy->enabled());
  auto ward = policy->Authenticate("Bearer ward-token-0123456789");
  ASSERT_TRUE(ward.ok());
  EXPECT_TRUE(policy->CheckUnit(**ward, "HN.UBND.YENHOA.VP", *tree).ok());
  EXPECT_EQ(policy->CheckUnit(**ward, "HN.UBND.HOANKIEM", *tree).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(policy->CheckUnit(**ward, "HN", *tree).code(),
            absl::StatusCode::kPermissionDenied);
  auto city = policy->Authenticate("Bearer city-token-0123456789");
  ASSERT_TRUE(city.ok());
  EXPECT_TRUE(policy->CheckUnit(**city, "HN.UBND.HOANKIEM", *tree).ok());
  EXPECT_EQ(policy->Authenticate(std::nullopt).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(policy->Authenticate("Bearer nope").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(policy->Authenticate("city-token-0123456789").status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(AccessPolicyTest, AllowAllAndBadFiles) {
  AccessPolicy all = AccessPolicy::AllowAll();
  EXPECT_FALSE(all.enabled());
  auto anyone = all.Authenticate(std::nullopt);
  ASSERT_TRUE(anyone.ok());
  EXPECT_TRUE(all.CheckUnit(**anyone, "X", UnitTree()).ok());
  EXPECT_THAT(AccessPolicy::Parse("clients:\n  - {name: a, token: short, "
                                  "units: [HN]}",
                                  "f")
                  .status()
                  .message(),
              HasSubstr("token"));
  EXPECT_THAT(AccessPolicy::Parse("clients:\n  - {name: a, token: "
                                  "long-enough-token-123}",
                                  "f")
                  .status()
                  .message(),
              HasSubstr("units"));
}

}  // namespace
}  // namespace giamsat::query
