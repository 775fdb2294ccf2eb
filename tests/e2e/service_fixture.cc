#include "tests/e2e/service_fixture.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>

#include "tests/support/shipped_calendar.h"
#include "tests/support/test_env.h"

namespace giamsat::e2e {

std::string BinaryOf(const std::string& name) {
  if (name == "ingestor") return GIAMSAT_INGESTOR_BIN;
  if (name == "rules") return GIAMSAT_RULES_BIN;
  if (name == "query") return GIAMSAT_QUERY_BIN;
#ifdef GIAMSAT_ESCALATOR_BIN
  if (name == "escalator") return GIAMSAT_ESCALATOR_BIN;
#endif
#ifdef GIAMSAT_STANDALONE_BIN
  if (name == "standalone") return GIAMSAT_STANDALONE_BIN;
#endif
  return GIAMSAT_CTL_BIN;
}

Services::Services()
    : prefix_(testing::UniquePrefix()), dir_(testing::MakeTempDir()) {}

Services::~Services() {
  if (!::testing::Test::HasFailure()) std::filesystem::remove_all(dir_);
}

std::vector<std::string> Services::KafkaArgs() const {
  return {"--set", "kafka.bootstrap=" + testing::KafkaBootstrap(),
          "--set", "kafka.topic_prefix=" + prefix_,
          "--set", "kafka.partitions=3",
          "--set", "kafka.group_id=" + prefix_ + "rules",
          "--set", "kafka.session_timeout_ms=6000"};
}

std::vector<std::string> Services::RedisArgs() const {
  return {"--set", "redis.address=" + testing::RedisAddress(), "--set",
          "redis.key_prefix=" + prefix_};
}

std::vector<std::string> Services::RulesArgs() const {
  std::vector<std::string> args = KafkaArgs();
  const auto redis = RedisArgs();
  args.insert(args.end(), redis.begin(), redis.end());
  args.insert(args.end(), {"--set", std::string("calendar.base=") +
                                        testing::ShippedCalendarPath()});
  return args;
}

std::vector<std::string> Services::QueryArgs() const {
  std::vector<std::string> args = RedisArgs();
  args.insert(
      args.end(),
      {"--set", std::string("calendar.base=") + testing::ShippedCalendarPath(),
       "--set", "grpc.listen=127.0.0.1:0",
       // These tests read figures right after the events behind them were
       // applied: no answer cache (unit tests and the benchmark cover it).
       "--set", "cache.max_age_ms=0"});
  return args;
}

std::vector<std::string> Services::EscalatorArgs(
    const std::string& config, const std::string& units_file) const {
  std::vector<std::string> args = {"--config", config};
  const auto rules = RulesArgs();
  args.insert(args.end(), rules.begin(), rules.end());
  args.insert(args.end(), {"--set", "kafka.group_id=" + prefix_ + "escalator",
                           "--set", "reference.units_file=" + units_file,
                           "--set", "grpc.listen=127.0.0.1:0"});
  return args;
}

std::vector<std::string> Services::IngestorArgs(
    const std::string& config, const std::string& units_file,
    const std::string& procedures_file) const {
  std::vector<std::string> args = {
      "--config", config,
      "--set",    "reference.units_file=" + units_file,
      "--set",    "reference.procedures_file=" + procedures_file,
      "--set",    "grpc.listen=127.0.0.1:0",
      "--set",    "http.listen=127.0.0.1:0"};
  for (const auto& a : KafkaArgs()) args.push_back(a);
  for (const auto& a : RedisArgs()) args.push_back(a);
  return args;
}

std::unique_ptr<testing::Subprocess> Services::Start(
    const std::string& name, std::vector<std::string> extra,
    std::string* ready_file) {
  const std::string tag = name + "-" + std::to_string(started_++);
  *ready_file = dir_ + "/" + tag + ".ready";
  extra.insert(extra.end(), {"--ready-file", *ready_file, "--set",
                             "metrics.listen=127.0.0.1:0"});
  auto process = std::make_unique<testing::Subprocess>(
      BinaryOf(name), extra, dir_ + "/" + tag + ".log");
  const bool ready = testing::Eventually(
      [&] {
        return std::filesystem::exists(*ready_file) || !process->running();
      },
      absl::Seconds(60));
  if (!ready || !std::filesystem::exists(*ready_file)) {
    ADD_FAILURE() << name << " did not get ready; output:\n"
                  << process->Output();
    ready_file->clear();
  }
  return process;
}

}  // namespace giamsat::e2e
