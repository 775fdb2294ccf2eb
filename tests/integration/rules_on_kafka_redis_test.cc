// The rules pipeline on the real adapters: Kafka in, Redis state out, and a
// restart that resumes from the offsets stored in Redis (not Kafka's).
#include <gtest/gtest.h>

#include "common/domain/figure_fields.h"
#include "common/events/topics.h"
#include "common/kafka/kafka_admin.h"
#include "common/kafka/kafka_publisher.h"
#include "common/kafka/kafka_source.h"
#include "common/redis/redis_state_store.h"
#include "common/testing/fake_clock.h"
#include "services/rules/batch_processor.h"
#include "services/rules/rules_loop.h"
#include "tests/support/event_builders.h"
#include "tests/support/shipped_calendar.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_env.h"

namespace giamsat::rules {
namespace {

using ::giamsat::testing::DossierReceived;
using ::giamsat::testing::VnTime;

class RulesOnKafkaRedisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    prefix_ = testing::UniquePrefix();
    kafka_.bootstrap = testing::KafkaBootstrap();
    kafka_.partitions = 3;
    kafka_.topic_prefix = prefix_;
    redis_.address = testing::RedisAddress();
    redis_.key_prefix = prefix_;
    topic_ = events::Topics(prefix_).DossierEvents();
    ASSERT_TRUE(kafka::EnsureTopics(kafka_, {topic_}).ok());
    auto store = redis::RedisStateStore::Connect(
        redis_, store::KeyLayout(prefix_), registry_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  void Publish(int from, int n) {
    auto publisher = kafka::KafkaPublisher::Create(kafka_, "test", registry_);
    ASSERT_TRUE(publisher.ok());
    std::vector<events::OutRecord> out;
    for (int i = from; i < from + n; ++i) {
      v1::Event e =
          DossierReceived("e" + std::to_string(i), "D" + std::to_string(i),
                          "U1", VnTime("2026-04-24T09:00:00+07:00"));
      out.push_back({topic_, e.dossier().dossier_id(), e.SerializeAsString()});
    }
    for (const auto& s : (*publisher)->PublishBatch(out)) ASSERT_TRUE(s.ok());
  }

  int64_t Received() {
    auto h = store_->GetHashes({store::KeyLayout(prefix_).UnitTotal("U1")});
    EXPECT_TRUE(h.ok());
    auto it = h->at(0).find(domain::kFieldReceived);
    return it == h->at(0).end() ? 0 : std::stoll(it->second);
  }

  // Runs one rules instance (its own consumer group member) until the unit
  // has `expected` receipts, then leaves the group.
  void RunInstanceUntil(const std::string& group, int64_t expected) {
    kafka_.group_id = group;
    AlertOutbox outbox(*store_, store::KeyLayout(prefix_), prefix_ + "alerts");
    BatchProcessor processor(*store_, store::KeyLayout(prefix_), clock_, rules_,
                             feedback_rules_, outbox, probe_);
    auto source = kafka::KafkaSource::Create(
        kafka_, "rules-test", {topic_},
        [&](const events::TopicPartition& tp) {
          return processor.StoredOffset(tp);
        },
        [&](const std::vector<events::TopicPartition>& owned) {
          processor.OnAssignment(owned);
        },
        registry_);
    ASSERT_TRUE(source.ok()) << source.status();
    auto alerts = kafka::KafkaPublisher::Create(kafka_, "test", registry_);
    ASSERT_TRUE(alerts.ok());
    RulesLoop loop(**source, processor, outbox, **alerts, LoopConfig{});
    const bool reached = testing::Eventually(
        [&] {
          EXPECT_TRUE(loop.RunOnce().ok());
          return Received() >= expected;
        },
        absl::Seconds(60));
    EXPECT_TRUE(reached) << "received " << Received() << " of " << expected;
    (*source)->Close();
  }

  std::string prefix_, topic_;
  config::KafkaConfig kafka_;
  config::RedisConfig redis_;
  prometheus::Registry registry_;
  std::unique_ptr<redis::RedisStateStore> store_;
  testing::FakeClock clock_{VnTime("2026-04-30T12:00:00+07:00")};
  RulesProbe probe_{registry_};
  domain::DossierRules rules_{testing::ShippedCalendar(),
                              domain::DossierRulesConfig{}};
  domain::FeedbackRules feedback_rules_{testing::ShippedCalendar(),
                                        domain::FeedbackRulesConfig{}};
};

TEST_F(RulesOnKafkaRedisTest, RestartResumesFromRedisOffsetsWithoutRecount) {
  Publish(0, 20);
  RunInstanceUntil(prefix_ + "group-a", 20);
  Publish(20, 5);
  // A member of a brand-new group has no Kafka offsets and would read from
  // the beginning: the offsets in Redis make it skip what was applied.
  RunInstanceUntil(prefix_ + "group-b", 25);
  EXPECT_EQ(Received(), 25);
  auto offsets = store_->GetHashes({store::KeyLayout(prefix_).Offsets(topic_)});
  int64_t total = 0;
  for (const auto& [partition, next] : offsets->at(0))
    total += std::stoll(next);
  EXPECT_EQ(total, 25);
}

}  // namespace
}  // namespace giamsat::rules
