// Killing the broker in the middle of a file import loses nothing and
// duplicates nothing once it is back. The test runs a Kafka broker of its
// own (deploy/local/stack.sh with its own state directory and free ports),
// so the broker shared by the other tests is not disturbed; it kills it with
// SIGKILL and starts the same command again on the same data.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/ctl/import_command.h"
#include "tests/integration/ingestor_harness.h"

namespace giamsat::ingestor {
namespace {

using ::testing::HasSubstr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool PortOpen(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool open =
      connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return open;
}

double Sum(prometheus::Registry& registry, const std::string& name,
           const std::string& label, const std::string& value) {
  double total = 0;
  for (const auto& family : registry.Collect()) {
    if (family.name != name) continue;
    for (const auto& m : family.metric) {
      for (const auto& l : m.label) {
        if (l.name == label && (value.empty() || l.value == value)) {
          total += m.counter.value;
        }
      }
    }
  }
  return total;
}

// A broker of this test's own, started and stopped with stack.sh.
class OwnBroker {
 public:
  OwnBroker() : dir_(testing::MakeTempDir()) {}
  ~OwnBroker() { Down(); }

  void Up() {
    testing::Subprocess up("/usr/bin/env",
                           {"GIAMSAT_STACK_DIR=" + dir_, "bash", Script(), "up",
                            "--free-ports", "kafka"},
                           dir_ + "/stack-up.log");
    ASSERT_EQ(up.WaitForExit(absl::Seconds(240)), 0) << up.Output();
    const std::string env = ReadFile(dir_ + "/stack.env");
    const std::string key = "GIAMSAT_KAFKA_BOOTSTRAP=";
    const size_t at = env.find(key);
    ASSERT_NE(at, std::string::npos) << env;
    bootstrap_ = std::string(absl::StripAsciiWhitespace(
        env.substr(at + key.size(), env.find('\n', at) - at - key.size())));
    ASSERT_TRUE(
        absl::SimpleAtoi(bootstrap_.substr(bootstrap_.rfind(':') + 1), &port_));
    ASSERT_TRUE(absl::SimpleAtoi(
        absl::StripAsciiWhitespace(ReadFile(dir_ + "/run/kafka.pid")), &pid_));
    // The broker's exact command line, to start it again on the same data.
    const std::string cmdline =
        ReadFile(absl::StrCat("/proc/", pid_, "/cmdline"));
    command_ = absl::StrSplit(cmdline, '\0', absl::SkipEmpty());
    ASSERT_GT(command_.size(), 2u);
  }

  void Kill() {
    ASSERT_EQ(kill(pid_, SIGKILL), 0);
    ASSERT_TRUE(testing::Eventually([&] { return !PortOpen(port_); },
                                    absl::Seconds(30)));
  }

  void Restart() {
    restarted_ = std::make_unique<testing::Subprocess>(
        command_[0],
        std::vector<std::string>(command_.begin() + 1, command_.end()),
        dir_ + "/kafka-restarted.log");
  }

  void Down() {
    if (dir_.empty()) return;
    testing::Subprocess down(
        "/usr/bin/env",
        {"GIAMSAT_STACK_DIR=" + dir_, "bash", Script(), "down", "kafka"},
        dir_ + "/stack-down.log");
    down.WaitForExit(absl::Seconds(120));
    restarted_.reset();
    if (!::testing::Test::HasFailure()) std::filesystem::remove_all(dir_);
    dir_.clear();
  }

  const std::string& bootstrap() const { return bootstrap_; }

 private:
  static std::string Script() {
    return std::string(GIAMSAT_SOURCE_DIR) + "/deploy/local/stack.sh";
  }

  std::string dir_;
  std::string bootstrap_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::vector<std::string> command_;
  std::unique_ptr<testing::Subprocess> restarted_;
};

TEST(IngestorBrokerKillTest, KilledBrokerMidImportLosesAndDuplicatesNothing) {
  OwnBroker broker;
  ASSERT_NO_FATAL_FAILURE(broker.Up());

  PipelineOptions options;
  options.request_timeout = absl::Seconds(2);
  options.retry_after = absl::Seconds(1);
  IngestorHarness harness(options);
  harness.mutable_kafka().bootstrap = broker.bootstrap();
  // Long enough that no write is given up during the outage: librdkafka's
  // idempotent producer re-sends it once the broker is back, exactly once.
  harness.mutable_kafka().delivery_timeout_ms = 240000;
  ASSERT_NO_FATAL_FAILURE(harness.Start());

  constexpr int kEvents = 20000;
  const std::string file_dir = testing::MakeTempDir();
  const std::string file = file_dir + "/during-outage.jsonl";
  {
    std::ofstream out(file);
    for (int i = 0; i < kEvents; ++i) {
      out << R"({"eventId":"kill-)" << i
          << R"(","sourceSystem":"igate","unitId":"HN.UBND.YENHOA","occurredAt":"2026-10-01T09:00:00+07:00","dossier":{"dossierId":"K)"
          << i % 1000 << "-" << i
          << R"(","kind":"DOSSIER_RECEIVED","procedureCode":"1.001757","legalDuration":{"workingDays":3}}})"
          << "\n";
    }
  }
  ctl::ImportOptions import;
  import.file = file;
  import.batch_records = 200;
  import.retry_for = absl::Minutes(5);
  core::SystemClock clock;
  std::ostringstream out, err;
  int exit_code = -1;
  std::thread importer([&] {
    exit_code = ctl::Import(harness.stub(), import, out, err, clock,
                            [](absl::Duration d) { absl::SleepFor(d); });
  });

  // Kill the broker once part of the file is in.
  ASSERT_TRUE(testing::Eventually(
      [&] {
        return Sum(harness.registry(), "giamsat_ingestor_events_total",
                   "outcome", "accepted") >= 2000;
      },
      absl::Seconds(120)));
  ASSERT_NO_FATAL_FAILURE(broker.Kill());
  // The ingestor notices and answers UNAVAILABLE (the import retries).
  EXPECT_TRUE(testing::Eventually(
      [&] {
        return Sum(harness.registry(), "giamsat_ingestor_unavailable_total",
                   "cause", "") > 0;
      },
      absl::Seconds(60)));
  const double accepted_while_down =
      Sum(harness.registry(), "giamsat_ingestor_events_total", "outcome",
          "accepted");
  broker.Restart();
  importer.join();
  std::cerr << out.str()
            << "accepted before the restart: " << accepted_while_down << "\n";

  EXPECT_EQ(exit_code, 0) << err.str();
  EXPECT_THAT(out.str(), HasSubstr(absl::StrCat(kEvents, " records")));
  EXPECT_THAT(out.str(), HasSubstr(absl::StrCat("accepted       ", kEvents)));
  EXPECT_THAT(out.str(), HasSubstr("duplicates     0 "));
  EXPECT_THAT(out.str(), HasSubstr("rejected       0"));
  EXPECT_LT(accepted_while_down, kEvents);

  auto records = ReadAll(harness.kafka(), {harness.topics().DossierEvents()});
  std::set<std::string> ids;
  for (const auto& r : records) {
    v1::Event e;
    ASSERT_TRUE(e.ParseFromString(r.value));
    EXPECT_TRUE(ids.insert(e.event_id()).second) << "twice: " << e.event_id();
  }
  EXPECT_EQ(static_cast<int>(ids.size()), kEvents);
  EXPECT_EQ(static_cast<int>(records.size()), kEvents);
  harness.Stop();
  if (!::testing::Test::HasFailure()) std::filesystem::remove_all(file_dir);
}

}  // namespace
}  // namespace giamsat::ingestor
