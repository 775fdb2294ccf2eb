#include "services/query/query_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/config/config_tree.h"

namespace giamsat::query {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<QueryConfig> Decode(const std::string& yaml) {
  auto tree = config::ParseTree(yaml, "test");
  EXPECT_TRUE(tree.ok());
  return DecodeQueryConfig(*tree);
}

TEST(QueryConfigTest, DefaultsAndOverrides) {
  auto c = Decode("");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->max_page_size, 500);
  EXPECT_EQ(c->units_file, kDefaultUnitsFile);
  EXPECT_TRUE(c->auth_tokens_file.empty());
  auto d = Decode(
      "limits: {max_page_size: 20, default_page_size: 10}\n"
      "watch: {coalesce_ms: 0}");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->max_page_size, 20);
  EXPECT_EQ(d->watch_coalesce_ms, 0);
  EXPECT_EQ(c->cache_max_age_ms, 1000);
  EXPECT_EQ(c->cache_max_entries, 10000);
  EXPECT_TRUE(c->cache_refresh_ahead);
  auto off =
      Decode("cache: {max_age_ms: 0, max_entries: 5, refresh_ahead: false}");
  ASSERT_TRUE(off.ok()) << off.status();
  EXPECT_EQ(off->cache_max_age_ms, 0);
  EXPECT_EQ(off->cache_max_entries, 5);
  EXPECT_FALSE(off->cache_refresh_ahead);
  EXPECT_THAT(Decode("cache: {max_age_ms: -1}").status().message(),
              HasSubstr("cache.max_age_ms"));
  EXPECT_THAT(Decode("cache: {max_entries: 0}").status().message(),
              HasSubstr("cache.max_entries"));
}

TEST(QueryConfigTest, BadValuesNameTheKey) {
  EXPECT_THAT(Decode("tls: {cert_file: a}").status().message(),
              HasSubstr("tls.key_file"));
  EXPECT_THAT(Decode("tls: {require_client_cert: true, cert_file: a, "
                     "key_file: b}")
                  .status()
                  .message(),
              HasSubstr("tls.require_client_cert"));
  EXPECT_THAT(Decode("limits: {default_page_size: 900}").status().message(),
              HasSubstr("limits.default_page_size"));
  EXPECT_THAT(
      Decode("dossier: {default_counting_mode: weeks}").status().message(),
      HasSubstr("dossier.default_counting_mode"));
}

TEST(QueryConfigTest, ScoringPointsTargetsAndBands) {
  auto d = Decode("");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->indicators_766.indicators.size(), 10u);
  EXPECT_DOUBLE_EQ(d->tt01.excellent_from, 15);
  auto c = Decode(
      "indicators_766: {i3_3: {max_points: 15, target: 0.6}}\n"
      "tt01: {good_from: 13, online_points: 1}");
  ASSERT_TRUE(c.ok()) << c.status();
  const domain::IndicatorSpec& online = c->indicators_766.indicators[2];
  EXPECT_EQ(online.id, "3.3");
  EXPECT_EQ(online.group, "online");
  EXPECT_DOUBLE_EQ(online.max_points, 15);
  EXPECT_DOUBLE_EQ(online.target, 0.6);
  EXPECT_DOUBLE_EQ(c->tt01.good_from, 13);
  EXPECT_EQ(c->tt01.online_points, 1);
  EXPECT_THAT(
      Decode("indicators_766: {i4_2: {target: 1.5}}").status().message(),
      HasSubstr("indicators_766.i4_2.target"));
  EXPECT_THAT(
      Decode("indicators_766: {i1_1: {max_points: 2}}").status().message(),
      HasSubstr("indicators_766.i1_1"));
  EXPECT_THAT(Decode("tt01: {fair_from: 13}").status().message(),
              HasSubstr("tt01.fair_from: must be below good_from"));
}

}  // namespace
}  // namespace giamsat::query
