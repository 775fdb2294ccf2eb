// rules_bench_tool: the client side of the rules-service benchmarks that
// tests/bench/run.sh drives against a real Kafka and Redis and the shipped
// giamsat-rules binary (which the script starts, kills and restarts).
//
//   consume      the baseline of benchmark 1: a minimal librdkafka consumer
//                that reads the given topics from the beginning and parses
//                every record as a v1::Event; prints its CPU seconds.
//   wait         polls the rules service's stored offsets in Redis until
//                they reach the given total; prints the wall time.
//   publish-open publishes N receipts of dossiers with a long limit (they
//                stay open, each with a pending timer).
//   publish-near publishes K receipts of dossiers with a one-working-hour
//                limit accepted so that they fall due between `lead` and
//                `lead + spread` seconds from now (with a round-the-clock
//                calendar, every hour is a working hour).
//   alerts       reads the alerts topic until K DOSSIER_OVERDUE alerts
//                arrived; prints p50 / p99 / max of (arrival - due time).
//   read-state   the baseline of benchmark 5: reads what a restarted rules
//                instance needs (the timer sorted sets of every partition
//                and the offsets) from Redis and parses it; prints the time.
// Every subcommand prints one JSON object on stdout.
#include <hiredis/hiredis.h>
#include <librdkafka/rdkafkacpp.h>
#include <time.h>

#include <algorithm>
#include <iostream>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/core/proto_time.h"
#include "common/events/topics.h"
#include "common/kafka/client_properties.h"
#include "common/kafka/kafka_admin.h"
#include "common/kafka/kafka_publisher.h"
#include "common/store/key_layout.h"
#include "giamsat/v1/alerts.pb.h"
#include "nlohmann/json.hpp"
#include "prometheus/registry.h"

namespace giamsat::bench {
namespace {

double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "rules_bench_tool: " << what << "\n";
  std::exit(1);
}

std::unique_ptr<RdKafka::KafkaConsumer> Consumer(const std::string& bootstrap,
                                                 const std::string& group) {
  std::unique_ptr<RdKafka::Conf> conf(
      RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string err;
  conf->set("bootstrap.servers", bootstrap, err);
  conf->set("group.id", group, err);
  conf->set("enable.auto.commit", "false", err);
  conf->set("auto.offset.reset", "earliest", err);
  std::unique_ptr<RdKafka::KafkaConsumer> c(
      RdKafka::KafkaConsumer::create(conf.get(), err));
  if (!c) Die("consumer: " + err);
  return c;
}

// Assigns every partition of `topics` from the beginning (or the end).
void AssignAll(RdKafka::KafkaConsumer& c,
               const std::vector<std::string>& topics, bool from_end) {
  std::vector<RdKafka::TopicPartition*> parts;
  for (const std::string& t : topics) {
    std::string err;
    std::unique_ptr<RdKafka::Topic> topic(
        RdKafka::Topic::create(&c, t, nullptr, err));
    if (!topic) Die("topic " + t + ": " + err);
    RdKafka::Metadata* md = nullptr;
    if (c.metadata(false, topic.get(), &md, 10000) != RdKafka::ERR_NO_ERROR) {
      Die("metadata of " + t);
    }
    for (const auto* tm : *md->topics()) {
      for (const auto* pm : *tm->partitions()) {
        parts.push_back(RdKafka::TopicPartition::create(
            t, pm->id(),
            from_end ? RdKafka::Topic::OFFSET_END
                     : RdKafka::Topic::OFFSET_BEGINNING));
      }
    }
    delete md;
  }
  c.assign(parts);
  RdKafka::TopicPartition::destroy(parts);
}

int Consume(const std::string& bootstrap, const std::string& topics_csv,
            int64_t expect) {
  const std::vector<std::string> topics = absl::StrSplit(topics_csv, ',');
  const double cpu0 = CpuSeconds();
  const absl::Time t0 = absl::Now();
  auto c = Consumer(bootstrap, absl::StrCat("bench-baseline-", getpid()));
  AssignAll(*c, topics, false);
  int64_t n = 0, bad = 0;
  v1::Event event;
  while (n < expect) {
    std::unique_ptr<RdKafka::Message> m(c->consume(100));
    if (m->err() == RdKafka::ERR_NO_ERROR) {
      if (!event.ParseFromArray(m->payload(), static_cast<int>(m->len()))) {
        ++bad;
      }
      ++n;
    } else if (absl::Now() - t0 > absl::Minutes(30)) {
      Die(absl::StrCat("consumed only ", n, " of ", expect));
    }
  }
  const double cpu = CpuSeconds() - cpu0;
  c->close();
  std::cout << nlohmann::json{{"events", n},
                              {"unparsable", bad},
                              {"cpu_seconds", cpu},
                              {"wall_seconds",
                               absl::ToDoubleSeconds(absl::Now() - t0)}}
            << "\n";
  return 0;
}

redisContext* Redis(const std::string& address) {
  const auto colon = address.rfind(':');
  redisContext* c = redisConnect(address.substr(0, colon).c_str(),
                                 std::stoi(address.substr(colon + 1)));
  if (!c || c->err) Die("redis " + address + ": cannot connect");
  return c;
}

int64_t OffsetSum(redisContext* c, const std::string& key) {
  auto* r = static_cast<redisReply*>(redisCommand(c, "HVALS %s", key.c_str()));
  if (!r) Die("redis: connection lost");
  int64_t sum = 0;
  for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; ++i) {
    int64_t v = 0;
    if (absl::SimpleAtoi(r->element[i]->str, &v)) sum += v;
  }
  freeReplyObject(r);
  return sum;
}

int Wait(const std::string& redis, const std::string& key_prefix,
         const std::string& topics_csv, int64_t expect, int timeout_s) {
  redisContext* c = Redis(redis);
  const store::KeyLayout layout(key_prefix);
  const absl::Time t0 = absl::Now();
  int64_t sum = 0;
  while (true) {
    sum = 0;
    for (absl::string_view t : absl::StrSplit(topics_csv, ',')) {
      sum += OffsetSum(c, layout.Offsets(t));
    }
    if (sum >= expect) break;
    if (absl::Now() - t0 > absl::Seconds(timeout_s)) {
      Die(absl::StrCat("offsets reached only ", sum, " of ", expect));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  redisFree(c);
  std::cout << nlohmann::json{{"consumed", sum},
                              {"wall_seconds",
                               absl::ToDoubleSeconds(absl::Now() - t0)}}
            << "\n";
  return 0;
}

void Publish(const std::string& bootstrap, const std::string& prefix,
             const std::vector<v1::Event>& events) {
  config::KafkaConfig kafka;
  kafka.bootstrap = bootstrap;
  kafka.topic_prefix = prefix;
  const events::Topics topics(prefix);
  if (!kafka::EnsureTopics(kafka, {topics.DossierEvents()}).ok()) {
    Die("cannot create the topics");
  }
  prometheus::Registry registry;
  auto p = kafka::KafkaPublisher::Create(kafka, "bench", registry);
  if (!p.ok()) Die(p.status().ToString());
  std::vector<events::OutRecord> batch;
  for (size_t i = 0; i < events.size(); ++i) {
    batch.push_back({topics.DossierEvents(), events[i].dossier().dossier_id(),
                     events[i].SerializeAsString()});
    if (batch.size() == 5000 || i + 1 == events.size()) {
      for (const absl::Status& s : (*p)->PublishBatch(batch)) {
        if (!s.ok()) Die(s.ToString());
      }
      batch.clear();
    }
  }
}

v1::Event Receipt(const std::string& id, absl::Time at) {
  v1::Event e;
  e.set_event_id(id + "-r");
  e.set_source_system("bench");
  e.set_unit_id(absl::StrCat("HN.UBND.W", std::hash<std::string>()(id) % 126));
  *e.mutable_occurred_at() = core::ToProto(at);
  v1::DossierEvent* d = e.mutable_dossier();
  d->set_dossier_id(id);
  d->set_kind(v1::DOSSIER_RECEIVED);
  d->set_procedure_code("LG.1.004227");
  d->set_channel(v1::CHANNEL_ONLINE);
  return e;
}

int PublishOpen(const std::string& bootstrap, const std::string& prefix,
                int64_t n, const std::string& id_prefix) {
  // Accepted during the last hour: with 30 working days nothing falls due.
  const absl::Time now = absl::Now();
  std::vector<v1::Event> events;
  for (int64_t i = 0; i < n; ++i) {
    v1::Event e = Receipt(absl::StrCat(id_prefix, i),
                          now - absl::Milliseconds(i % 3600000));
    e.mutable_dossier()->mutable_legal_duration()->set_working_days(30);
    events.push_back(std::move(e));
  }
  Publish(bootstrap, prefix, events);
  std::cout << nlohmann::json{{"published", n}} << "\n";
  return 0;
}

int PublishNear(const std::string& bootstrap, const std::string& prefix,
                int64_t k, double lead_s, double spread_s,
                const std::string& id_prefix) {
  const absl::Time now = absl::Now();
  std::vector<v1::Event> events;
  for (int64_t i = 0; i < k; ++i) {
    const absl::Time due =
        now + absl::Seconds(lead_s + spread_s * static_cast<double>(i) /
                                         static_cast<double>(k));
    v1::Event e = Receipt(absl::StrCat(id_prefix, i), due - absl::Hours(1));
    e.mutable_dossier()->mutable_legal_duration()->set_working_hours(1);
    e.mutable_dossier()->mutable_legal_duration()->set_counting_mode(
        v1::COUNTING_MODE_HOURS);
    events.push_back(std::move(e));
  }
  Publish(bootstrap, prefix, events);
  std::cout << nlohmann::json{{"published", k}} << "\n";
  return 0;
}

int Alerts(const std::string& bootstrap, const std::string& topic, int64_t k,
           int timeout_s) {
  auto c = Consumer(bootstrap, absl::StrCat("bench-alerts-", getpid()));
  AssignAll(*c, {topic}, false);
  std::vector<double> latency_ms;
  const absl::Time t0 = absl::Now();
  v1::Alert alert;
  while (static_cast<int64_t>(latency_ms.size()) < k) {
    std::unique_ptr<RdKafka::Message> m(c->consume(50));
    const absl::Time arrived = absl::Now();
    if (m->err() == RdKafka::ERR_NO_ERROR &&
        alert.ParseFromArray(m->payload(), static_cast<int>(m->len())) &&
        alert.rule_id() == "DOSSIER_OVERDUE" &&
        alert.state() == v1::ALERT_FIRING) {
      latency_ms.push_back(absl::ToDoubleMilliseconds(
          arrived - core::FromProto(alert.due_at())));
    }
    if (arrived - t0 > absl::Seconds(timeout_s)) {
      Die(absl::StrCat("only ", latency_ms.size(), " of ", k,
                       " overdue alerts arrived"));
    }
  }
  c->close();
  std::sort(latency_ms.begin(), latency_ms.end());
  auto at = [&](double q) {
    return latency_ms[std::min(latency_ms.size() - 1,
                               static_cast<size_t>(q * latency_ms.size()))];
  };
  std::cout << nlohmann::json{{"alerts", latency_ms.size()},
                              {"p50_ms", at(0.5)},
                              {"p99_ms", at(0.99)},
                              {"max_ms", latency_ms.back()}}
            << "\n";
  return 0;
}

int ReadState(const std::string& redis, const std::string& key_prefix,
              const std::string& topic, int partitions) {
  const absl::Time t0 = absl::Now();
  redisContext* c = Redis(redis);
  const store::KeyLayout layout(key_prefix);
  int64_t timers = 0;
  std::vector<std::pair<std::string, int64_t>> entries;
  for (int p = 0; p < partitions; ++p) {
    auto* r = static_cast<redisReply*>(redisCommand(
        c, "ZRANGE %s 0 -1 WITHSCORES", layout.Timers(topic, p).c_str()));
    if (!r || r->type != REDIS_REPLY_ARRAY) Die("ZRANGE failed");
    for (size_t i = 0; i + 1 < r->elements; i += 2) {
      int64_t score = 0;
      (void)absl::SimpleAtoi(r->element[i + 1]->str, &score);
      entries.emplace_back(r->element[i]->str, score);
      ++timers;
    }
    freeReplyObject(r);
  }
  const int64_t offsets = OffsetSum(c, layout.Offsets(topic));
  redisFree(c);
  std::cout << nlohmann::json{{"timers", timers},
                              {"offsets", offsets},
                              {"wall_seconds",
                               absl::ToDoubleSeconds(absl::Now() - t0)}}
            << "\n";
  return 0;
}

int Main(int argc, char** argv) {
  CLI::App app{"Client side of the rules-service benchmarks"};
  app.require_subcommand(1);
  std::string bootstrap, redis, topics, prefix, key_prefix, id_prefix = "B";
  int64_t n = 0;
  double lead = 20, spread = 10;
  int timeout = 1800, partitions = 6;
  auto* consume = app.add_subcommand("consume", "Baseline consumer");
  consume->add_option("--kafka", bootstrap)->required();
  consume->add_option("--topics", topics)->required();
  consume->add_option("--expect", n)->required();
  auto* wait = app.add_subcommand("wait", "Wait for the stored offsets");
  wait->add_option("--redis", redis)->required();
  wait->add_option("--key-prefix", key_prefix)->required();
  wait->add_option("--topics", topics)->required();
  wait->add_option("--expect", n)->required();
  wait->add_option("--timeout", timeout);
  auto* open = app.add_subcommand("publish-open", "Open dossiers");
  auto* near = app.add_subcommand("publish-near", "Dossiers due soon");
  for (auto* cmd : {open, near}) {
    cmd->add_option("--kafka", bootstrap)->required();
    cmd->add_option("--topic-prefix", prefix)->required();
    cmd->add_option("--count", n)->required();
    cmd->add_option("--id-prefix", id_prefix);
  }
  near->add_option("--lead", lead, "Seconds until the first due time");
  near->add_option("--spread", spread, "Seconds over which they fall due");
  auto* alerts = app.add_subcommand("alerts", "Overdue alert latency");
  alerts->add_option("--kafka", bootstrap)->required();
  alerts->add_option("--topic", topics)->required();
  alerts->add_option("--expect", n)->required();
  alerts->add_option("--timeout", timeout);
  auto* state = app.add_subcommand("read-state", "Baseline state reader");
  state->add_option("--redis", redis)->required();
  state->add_option("--key-prefix", key_prefix)->required();
  state->add_option("--topic", topics)->required();
  state->add_option("--partitions", partitions);
  CLI11_PARSE(app, argc, argv);
  if (*consume) return Consume(bootstrap, topics, n);
  if (*wait) return Wait(redis, key_prefix, topics, n, timeout);
  if (*open) return PublishOpen(bootstrap, prefix, n, id_prefix);
  if (*near) return PublishNear(bootstrap, prefix, n, lead, spread, id_prefix);
  if (*alerts) return Alerts(bootstrap, topics, n, timeout);
  return ReadState(redis, key_prefix, topics, partitions);
}

}  // namespace
}  // namespace giamsat::bench

int main(int argc, char** argv) { return giamsat::bench::Main(argc, argv); }
