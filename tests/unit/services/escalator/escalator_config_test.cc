// The escalator's config: defaults, the policy section, errors by key.
#include "services/escalator/escalator_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace giamsat::escalator {
namespace {

using ::testing::HasSubstr;

TEST(EscalatorConfigTest, ShippedFileDecodes) {
  auto c = DecodeEscalatorConfig(
      YAML::LoadFile(GIAMSAT_SOURCE_DIR "/deploy/config/escalator.yaml"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->kafka.group_id, "giamsat-escalator");
  ASSERT_EQ(c->policy.levels.size(), 3u);
  EXPECT_EQ(c->policy.levels[0].ack_within, absl::Hours(4));
  EXPECT_EQ(c->policy.repeat_every, absl::Hours(4));
  EXPECT_EQ(c->policy.urgent_severity, v1::SEVERITY_CRITICAL);
}

TEST(EscalatorConfigTest, PolicyIsDecodedAndErrorsNameTheKey) {
  auto c = DecodeEscalatorConfig(YAML::Load(R"(
escalation: {grouping_window_seconds: 1, repeat_every_working_hours: 0.5}
policy:
  levels:
    - {ack_within_working_hours: 0.01}
    - {unit_levels: [ward], ack_within_working_hours: 2}
  routes:
    - {rules: [DOSSIER_OVERDUE], min_severity: critical, under: HN, max_level: 2}
  contacts:
    HN.W.VP: {name: VP, email: vp@example.org, webhook: true}
)"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->policy.levels[0].ack_within, absl::Seconds(36));
  EXPECT_EQ(c->policy.repeat_every, absl::Minutes(30));
  EXPECT_EQ(c->policy.routes[0].min_severity, v1::SEVERITY_CRITICAL);
  EXPECT_TRUE(c->policy.contacts.at("HN.W.VP").webhook);

  auto bad = DecodeEscalatorConfig(YAML::Load(R"(
escalation: {urgent_severity: loud}
policy:
  levels: [{unit_levels: [planet]}]
  routes: [{max_level: 0, colour: red}]
  contacts: {HN: {email: nobody}}
)"));
  ASSERT_FALSE(bad.ok());
  const std::string m(bad.status().message());
  EXPECT_THAT(m, HasSubstr("escalation.urgent_severity"));
  EXPECT_THAT(m, HasSubstr("policy.levels[0].unit_levels"));
  EXPECT_THAT(m, HasSubstr("policy.routes[0].max_level"));
  EXPECT_THAT(m, HasSubstr("policy.routes[0].colour"));
  EXPECT_THAT(m, HasSubstr("policy.contacts.HN.email"));
}

}  // namespace
}  // namespace giamsat::escalator
