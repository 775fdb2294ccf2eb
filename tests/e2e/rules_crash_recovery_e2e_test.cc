// giamsat-rules killed with SIGKILL twenty times at random points and its
// Redis restarted while a generated scenario of thousands of dossiers flows:
// every per-unit figure must equal a clean in-process replay of the same
// events (the test oracle), so nothing was lost or counted twice; and
// `giamsatctl replay` finds no difference. Also: two instances sharing the
// partitions, one killed and restarted, give the state of a replay.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <random>

#include "common/core/proto_time.h"
#include "common/events/topics.h"
#include "common/kafka/kafka_admin.h"
#include "common/kafka/kafka_publisher.h"
#include "common/redis/redis_state_store.h"
#include "common/testing/in_memory_state_store.h"
#include "tests/e2e/dossier_scenario.h"
#include "tests/e2e/service_fixture.h"
#include "tests/support/event_builders.h"
#include "tests/support/shipped_calendar.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_env.h"

namespace giamsat::e2e {
namespace {

using ::giamsat::testing::Eventually;

constexpr int kUnits = 8;
constexpr int kKills = 20;

std::vector<v1::Event> Scenario(const std::string& prefix) {
  return DossierScenario(prefix, 2000, kUnits);
}

class RulesCrashRecoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_port_ = FreePort();
    StartRedis();
    config::RedisConfig rc;
    rc.address = "127.0.0.1:" + std::to_string(redis_port_);
    auto store = redis::RedisStateStore::Connect(
        rc, store::KeyLayout(services_.prefix()), registry_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    kafka_.bootstrap = testing::KafkaBootstrap();
    kafka_.partitions = 3;
    topic_ = events::Topics(services_.prefix()).DossierEvents();
    ASSERT_TRUE(kafka::EnsureTopics(kafka_, {topic_}).ok());
  }

  void StartRedis() {
    redis_ = std::make_unique<testing::Subprocess>(
        "/usr/bin/redis-server",
        std::vector<std::string>{"--port", std::to_string(redis_port_),
                                 "--bind", "127.0.0.1", "--dir",
                                 services_.dir(), "--appendonly", "yes",
                                 "--appendfsync", "always", "--save", ""},
        services_.dir() + "/redis.log");
    ASSERT_TRUE(Eventually(
        [&] {
          config::RedisConfig rc;
          rc.address = "127.0.0.1:" + std::to_string(redis_port_);
          prometheus::Registry r;
          return redis::RedisStateStore::Connect(rc, store::KeyLayout("x"), r)
              .ok();
        },
        absl::Seconds(30)));
  }

  // The config overrides giamsat-rules runs with (and the replay reads).
  std::vector<std::string> RulesConfigArgs() const {
    std::vector<std::string> args = services_.KafkaArgs();
    args.insert(
        args.end(),
        {"--set", "redis.address=127.0.0.1:" + std::to_string(redis_port_),
         "--set", "redis.key_prefix=" + services_.prefix(), "--set",
         std::string("calendar.base=") + testing::ShippedCalendarPath(),
         // Unit rules run on the wall clock at moments a replay cannot
         // reproduce; they are covered by unit_evaluator_test.
         "--set", "unit_rules.enabled=false"});
    return args;
  }

  // `giamsatctl replay` over the same config: exit status and output.
  std::pair<int, std::string> RunReplay() {
    std::vector<std::string> args = {"replay"};
    const std::vector<std::string> cfg = RulesConfigArgs();
    args.insert(args.end(), cfg.begin(), cfg.end());
    testing::Subprocess replay(BinaryOf("ctl"), args,
                               services_.dir() + "/replay.log");
    std::optional<int> status = replay.WaitForExit(absl::Seconds(300));
    return {status.value_or(-1), replay.Output()};
  }

  // Waits, with the instances still running, until `giamsatctl replay`
  // finds the live state equal to a replay of the topic, and returns its
  // last output. Having read every record, an instance may still have
  // timers to fire: after an assignment none fires before the log has told
  // where each partition ends (docs/rules.md, Catching up).
  std::string AwaitEqualToReplay() {
    std::string last;
    EXPECT_TRUE(Eventually(
        [&] {
          auto [status, output] = RunReplay();
          last = output;
          return status == 0;
        },
        absl::Seconds(60)))
        << last;
    return last;
  }

  std::unique_ptr<testing::Subprocess> StartRules(
      int n, const std::string& instance = "rules-0") {
    std::vector<std::string> args = RulesConfigArgs();
    args.insert(args.end(),
                {"--set", "kafka.group_instance_id=" + instance, "--set",
                 "processing.max_backoff_ms=200", "--set",
                 "processing.max_batch_records=" + std::to_string(50 + n * 7)});
    std::string ready;
    auto p = services_.Start("rules", args, &ready);
    EXPECT_FALSE(ready.empty());
    return p;
  }

  int64_t Consumed() {
    auto h = store_->GetHashes(
        {store::KeyLayout(services_.prefix()).Offsets(topic_)});
    if (!h.ok()) return -1;
    int64_t total = 0;
    for (const auto& [p, next] : h->at(0)) total += std::stoll(next);
    return total;
  }

  void Publish(const std::vector<v1::Event>& events, size_t from, size_t to) {
    auto publisher = kafka::KafkaPublisher::Create(kafka_, "test", registry_);
    ASSERT_TRUE(publisher.ok());
    std::vector<events::OutRecord> out;
    for (size_t i = from; i < to; ++i) {
      out.push_back({topic_, events[i].dossier().dossier_id(),
                     events[i].SerializeAsString()});
    }
    for (const auto& s : (*publisher)->PublishBatch(out)) ASSERT_TRUE(s.ok());
  }

  Services services_;
  int redis_port_ = 0;
  std::unique_ptr<testing::Subprocess> redis_;
  prometheus::Registry registry_;
  std::unique_ptr<redis::RedisStateStore> store_;
  config::KafkaConfig kafka_;
  std::string topic_;
  int kill_count_ = 0;
};

TEST_F(RulesCrashRecoveryTest, FiguresEqualACleanReplayAfterKillsAndRestart) {
  const std::vector<v1::Event> events = Scenario(services_.prefix());
  const int64_t total = static_cast<int64_t>(events.size());
  std::mt19937 rng(7);
  std::unique_ptr<testing::Subprocess> rules = StartRules(0);
  size_t published = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    // Publish a slice, wait until processing got part-way into it, kill.
    const size_t upto = events.size() * (kill + 1) / kKills;
    Publish(events, published, upto);
    const int64_t target =
        static_cast<int64_t>(published) +
        static_cast<int64_t>(rng() % std::max<size_t>(1, upto - published));
    published = upto;
    ASSERT_TRUE(
        Eventually([&] { return Consumed() >= target; }, absl::Seconds(120)))
        << "consumed " << Consumed() << " of " << target;
    kill_count_++;
    ::kill(rules->pid(), SIGKILL);
    rules->WaitForExit(absl::Seconds(10));
    if (kill == kKills / 2) {  // Redis restarts too; its log keeps the state
      redis_->Stop();
      StartRedis();
    }
    rules = StartRules(kill + 1);
  }
  ASSERT_TRUE(
      Eventually([&] { return Consumed() == total; }, absl::Seconds(180)))
      << "consumed " << Consumed() << " of " << total;
  AwaitEqualToReplay();

  // The oracle: the same events through the same engine, in one process.
  std::unique_ptr<testing::InMemoryStateStore> oracle =
      ReplayInProcess(events, services_.prefix());
  const store::KeyLayout layout(services_.prefix());
  for (int u = 0; u < kUnits; ++u) {
    const std::string unit = services_.prefix() + "U" + std::to_string(u);
    for (const std::string& key :
         {layout.UnitTotal(unit), layout.UnitLive(unit)}) {
      auto live = store_->GetHashes({key});
      auto expected = oracle->GetHashes({key});
      ASSERT_TRUE(live.ok());
      EXPECT_EQ(live->at(0), expected->at(0)) << key;
      EXPECT_FALSE(expected->at(0).empty()) << key;
    }
  }
  EXPECT_EQ(kill_count_, kKills);
  rules->Stop();

  // `giamsatctl replay` recomputes everything from the topic and finds the
  // live state equal; a tampered figure is named.
  auto [equal_status, equal_output] = RunReplay();
  EXPECT_EQ(equal_status, 0) << equal_output;
  EXPECT_THAT(equal_output,
              ::testing::HasSubstr("records of 3 partitions up to the live "
                                   "offsets; compared"));
  EXPECT_THAT(equal_output, ::testing::HasSubstr(": 0 differences"));
  store::WriteBatch tamper;
  const std::string unit0 = services_.prefix() + "U0";
  tamper.HashIncrement(layout.UnitTotal(unit0), "dossiers_received", 1);
  ASSERT_TRUE(store_->Commit(tamper).ok());
  auto [diff_status, diff_output] = RunReplay();
  EXPECT_EQ(diff_status, 1) << diff_output;
  EXPECT_THAT(diff_output, ::testing::HasSubstr(": 1 differences"));
  EXPECT_THAT(diff_output, ::testing::HasSubstr(layout.UnitTotal(unit0) +
                                                ": dossiers_received live"));
}

// Two instances in one consumer group share the partitions; one is killed
// (its partitions move to the other) and comes back. The state must equal a
// replay of the topic, as with one instance.
TEST_F(RulesCrashRecoveryTest, TwoInstancesSharingThePartitionsEqualOne) {
  const std::vector<v1::Event> events = Scenario(services_.prefix());
  const size_t n = events.size();
  std::unique_ptr<testing::Subprocess> a = StartRules(0, "rules-a");
  std::unique_ptr<testing::Subprocess> b = StartRules(1, "rules-b");
  auto owns_partitions = [](testing::Subprocess& p) {
    return p.Output().find("assigned ") != std::string::npos;
  };
  ASSERT_TRUE(
      Eventually([&] { return owns_partitions(*a) && owns_partitions(*b); },
                 absl::Seconds(60)))
      << "a:\n"
      << a->Output() << "\nb:\n"
      << b->Output();

  Publish(events, 0, n / 2);
  ASSERT_TRUE(
      Eventually([&] { return Consumed() == static_cast<int64_t>(n / 2); },
                 absl::Seconds(120)))
      << "consumed " << Consumed() << " of " << n / 2;

  // b dies; after the session timeout its partitions move to a.
  ::kill(b->pid(), SIGKILL);
  b->WaitForExit(absl::Seconds(10));
  Publish(events, n / 2, 3 * n / 4);
  ASSERT_TRUE(
      Eventually([&] { return Consumed() == static_cast<int64_t>(3 * n / 4); },
                 absl::Seconds(120)))
      << "consumed " << Consumed() << " of " << 3 * n / 4;

  // b comes back and takes its share again.
  b = StartRules(2, "rules-b");
  ASSERT_TRUE(
      Eventually([&] { return owns_partitions(*b); }, absl::Seconds(60)));
  Publish(events, 3 * n / 4, n);
  ASSERT_TRUE(Eventually([&] { return Consumed() == static_cast<int64_t>(n); },
                         absl::Seconds(120)))
      << "consumed " << Consumed() << " of " << n;
  EXPECT_THAT(AwaitEqualToReplay(), ::testing::HasSubstr(": 0 differences"));
  a->Stop();
  b->Stop();
}

}  // namespace
}  // namespace giamsat::e2e
