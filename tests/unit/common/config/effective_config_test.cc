// ConfigReader::EffectiveYaml and --print-config: the effective config lists
// every key the decoding code reads, with its value, and reads back as is.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/config/config_reader.h"
#include "common/config/config_tree.h"
#include "common/config/sections.h"
#include "common/config/service_args.h"

namespace giamsat::config {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

YAML::Node Tree(const std::string& text) {
  absl::StatusOr<YAML::Node> tree = ParseTree(text, "test.yaml");
  EXPECT_TRUE(tree.ok()) << tree.status();
  return *tree;
}

struct Sample {
  KafkaConfig kafka;
  std::string cutoff = "15:00";
  double fraction = 0.25;
  int64_t big = 1;
  std::vector<std::string> files;
};

// Decodes a small config shaped like a service's and returns its effective
// YAML; `status` receives Finish().
std::string Effective(const YAML::Node& tree, Sample& s, absl::Status* status) {
  ConfigReader root(tree, "");
  Decode(root.Section("kafka"), s.kafka);
  ConfigReader& d = root.Section("dossier");
  d.Read("late_day_cutoff", s.cutoff);
  d.Read("due_soon_fraction", s.fraction);
  d.Read("big", s.big);
  root.Section("calendar").Read("overrides", s.files);
  *status = root.Finish();
  return root.EffectiveYaml();
}

TEST(EffectiveConfigTest, ListsEveryReadKeyWithItsDefault) {
  Sample s;
  absl::Status status;
  const std::string yaml = Effective(Tree(""), s, &status);
  ASSERT_TRUE(status.ok()) << status;
  YAML::Node out = Tree(yaml);
  EXPECT_EQ(out["kafka"]["bootstrap"].as<std::string>(), "127.0.0.1:9092");
  EXPECT_EQ(out["kafka"]["partitions"].as<int>(), 6);
  EXPECT_TRUE(out["kafka"]["create_topics"].as<bool>());
  EXPECT_EQ(out["kafka"]["sasl_password_env"].as<std::string>(), "");
  EXPECT_EQ(out["dossier"]["due_soon_fraction"].as<double>(), 0.25);
  EXPECT_TRUE(out["calendar"]["overrides"].IsSequence());
  EXPECT_EQ(out["calendar"]["overrides"].size(), 0u);
  // Every key of KafkaConfig, nothing else, in reading order.
  std::vector<std::string> keys;
  for (const auto& kv : out["kafka"])
    keys.push_back(kv.first.as<std::string>());
  EXPECT_EQ(keys.size(), 15u);
  EXPECT_EQ(keys.front(), "bootstrap");
  EXPECT_EQ(keys.back(), "ssl_ca_file");
  std::vector<std::string> sections;
  for (const auto& kv : out) sections.push_back(kv.first.as<std::string>());
  EXPECT_EQ(sections,
            (std::vector<std::string>{"kafka", "dossier", "calendar"}));
}

TEST(EffectiveConfigTest, StringsAreQuotedSoNoParserRetypesThem) {
  Sample s;
  absl::Status status;
  const std::string yaml = Effective(Tree(""), s, &status);
  EXPECT_THAT(yaml, HasSubstr("late_day_cutoff: \"15:00\""));
  EXPECT_THAT(yaml, HasSubstr("topic_prefix: \"\""));
  EXPECT_THAT(yaml, HasSubstr("partitions: 6"));
  EXPECT_THAT(yaml, Not(HasSubstr("partitions: \"6\"")));
}

TEST(EffectiveConfigTest, GivenValuesReadBackUnchanged) {
  Sample first;
  absl::Status status;
  const std::string yaml = Effective(
      Tree("kafka:\n  bootstrap: a:1,b:2\n  partitions: 12\n"
           "  create_topics: false\n  security_protocol: sasl_ssl\n"
           "dossier:\n  late_day_cutoff: '16:30'\n  due_soon_fraction: 0.1\n"
           "  big: 9000000000\n"
           "calendar:\n  overrides: [a.yaml, 'on']\n"),
      first, &status);
  ASSERT_TRUE(status.ok()) << status;
  Sample second;
  EXPECT_EQ(Effective(Tree(yaml), second, &status), yaml);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(second.kafka.bootstrap, "a:1,b:2");
  EXPECT_EQ(second.kafka.partitions, 12);
  EXPECT_FALSE(second.kafka.create_topics);
  EXPECT_EQ(second.cutoff, "16:30");
  EXPECT_EQ(second.fraction, 0.1);
  EXPECT_EQ(second.big, 9000000000);
  EXPECT_EQ(second.files, (std::vector<std::string>{"a.yaml", "on"}));
}

TEST(EffectiveConfigTest, UnknownKeysAreRejectedNotListed) {
  Sample s;
  absl::Status status;
  const std::string yaml =
      Effective(Tree("kafka:\n  bootstrp: x:1\n"), s, &status);
  EXPECT_THAT(status.message(), HasSubstr("kafka.bootstrp: unknown key"));
  EXPECT_THAT(yaml, Not(HasSubstr("bootstrp")));
}

TEST(EffectiveConfigTest, FreeFormTreesAreRecordedAsGiven) {
  YAML::Node defaults = Tree("levels: [{hours: 4}]\n");
  ConfigReader absent(Tree(""), "");
  YAML::Node policy = defaults;
  absent.ReadTree("policy", policy);
  ASSERT_TRUE(absent.Finish().ok());
  EXPECT_EQ(
      Tree(absent.EffectiveYaml())["policy"]["levels"][0]["hours"].as<int>(),
      4);

  ConfigReader given(Tree("policy:\n  contacts:\n    HN.UBND: {name: x}\n"
                          "  levels: [{hours: 8}, {hours: 2}]\n"),
                     "");
  given.ReadTree("policy", policy);
  ASSERT_TRUE(given.Finish().ok());  // the caller checks the subtree
  EXPECT_EQ(policy["levels"].size(), 2u);
  YAML::Node out = Tree(given.EffectiveYaml());
  EXPECT_EQ(out["policy"]["contacts"]["HN.UBND"]["name"].as<std::string>(),
            "x");
  EXPECT_EQ(out["policy"]["levels"][1]["hours"].as<int>(), 2);
}

TEST(RedisConfigTest, TlsSettingsAreRead) {
  ConfigReader root(Tree("redis:\n  tls: true\n  tls_ca_file: /ca.pem\n"
                         "  tls_cert_file: /c.pem\n  tls_key_file: /k.pem\n"
                         "  tls_server_name: redis.internal\n"
                         "  username: rules\n"),
                    "");
  RedisConfig redis;
  Decode(root.Section("redis"), redis);
  ASSERT_TRUE(root.Finish().ok()) << root.Finish();
  EXPECT_TRUE(redis.tls);
  EXPECT_EQ(redis.tls_ca_file, "/ca.pem");
  EXPECT_EQ(redis.tls_cert_file, "/c.pem");
  EXPECT_EQ(redis.tls_key_file, "/k.pem");
  EXPECT_EQ(redis.tls_server_name, "redis.internal");
  EXPECT_EQ(redis.username, "rules");
}

// The error decoding `redis_yaml` as the redis section; empty when valid.
std::string RedisConfigError(const std::string& redis_yaml) {
  ConfigReader root(Tree("redis:\n" + redis_yaml), "");
  RedisConfig redis;
  Decode(root.Section("redis"), redis);
  return std::string(root.Finish().message());
}

TEST(RedisConfigTest, ClientCertificateWithoutKeyIsRefused) {
  EXPECT_THAT(RedisConfigError("  tls: true\n  tls_cert_file: /c.pem\n"),
              HasSubstr("redis.tls_key_file: tls_cert_file and tls_key_file "
                        "go together"));
}

TEST(RedisConfigTest, TlsFilesWithoutTlsAreRefused) {
  EXPECT_THAT(RedisConfigError("  tls_ca_file: /ca.pem\n"),
              HasSubstr("redis.tls: tls_* settings are given but tls is "
                        "false"));
}

TEST(ServiceArgsTest, PrintConfigFlagPrintsAndAsksToExit) {
  CLI::App app;
  ServiceArgs args;
  AddServiceFlags(app, args);
  app.parse(std::vector<std::string>{"--set=a.b=1"});
  EXPECT_FALSE(PrintConfigRequested(args, "a: 1\n"));

  ServiceArgs printing;
  CLI::App app2;
  AddServiceFlags(app2, printing);
  app2.parse(std::vector<std::string>{"--print-config"});
  testing::internal::CaptureStdout();
  EXPECT_TRUE(PrintConfigRequested(printing, "a: 1\n"));
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "a: 1\n");
}

}  // namespace
}  // namespace giamsat::config
