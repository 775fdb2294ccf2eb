#include "services/ctl/replay_command.h"

#include <unistd.h>

#include <map>
#include <ostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/config/config_tree.h"
#include "common/core/clock.h"
#include "common/events/topics.h"
#include "common/kafka/kafka_source.h"
#include "common/redis/redis_state_store.h"
#include "services/rules/replay.h"
#include "services/rules/rules_config.h"
#include "services/rules/rules_engine.h"

namespace giamsat::ctl {
namespace {

using Targets = std::map<std::pair<std::string, int32_t>, int64_t>;

// The live store's next offset per partition of `topics`.
absl::StatusOr<Targets> LiveOffsets(store::StateStore& live,
                                    const store::KeyLayout& layout,
                                    const std::vector<std::string>& topics) {
  Targets targets;
  for (const std::string& topic : topics) {
    absl::StatusOr<std::vector<store::Hash>> h =
        live.GetHashes({layout.Offsets(topic)});
    if (!h.ok()) return h.status();
    for (const auto& [partition, next] : h->at(0)) {
      int32_t p = 0;
      int64_t n = 0;
      if (absl::SimpleAtoi(partition, &p) && absl::SimpleAtoi(next, &n) &&
          n > 0) {
        targets[{topic, p}] = n;
      }
    }
  }
  return targets;
}

absl::Status ReplayTopics(const rules::RulesConfig& cfg,
                          const std::vector<std::string>& topics,
                          const Targets& targets, absl::Duration timeout,
                          rules::Replay& replay, std::ostream& out) {
  config::KafkaConfig kafka = cfg.kafka;
  kafka.group_id = absl::StrCat("giamsat-replay-", getpid(), "-",
                                absl::ToUnixMillis(absl::Now()));
  kafka.group_instance_id.clear();
  prometheus::Registry registry;
  auto source = kafka::KafkaSource::Create(
      kafka, "giamsatctl-replay", topics,
      [](const events::TopicPartition&)
          -> absl::StatusOr<std::optional<int64_t>> { return 0; },
      [](const std::vector<events::TopicPartition>&) {}, registry);
  if (!source.ok()) return source.status();
  Targets remaining = targets;
  const absl::Time deadline = absl::Now() + timeout;
  int64_t replayed = 0;
  while (!remaining.empty()) {
    if (absl::Now() > deadline) {
      (*source)->Close();
      return absl::DeadlineExceededError(absl::StrCat(
          "the topics did not deliver the records up to the live offsets "
          "within the timeout (",
          remaining.size(), " partitions short)"));
    }
    absl::StatusOr<std::vector<events::InRecord>> records =
        (*source)->Poll(5000, absl::Milliseconds(500));
    if (!records.ok()) return records.status();
    std::vector<events::InRecord> wanted;
    for (events::InRecord& r : *records) {
      auto it = targets.find({r.topic, r.partition});
      if (it == targets.end() || r.offset >= it->second) continue;
      if (r.offset + 1 >= it->second) remaining.erase({r.topic, r.partition});
      wanted.push_back(std::move(r));
    }
    if (absl::Status s = replay.Apply(wanted); !s.ok()) return s;
    replayed += static_cast<int64_t>(wanted.size());
    if (!wanted.empty())
      out << "\rreplayed " << replayed << " records" << std::flush;
  }
  out << "\n";
  (*source)->Close();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<rules::RulesConfig> LoadRulesConfig(
    const std::string& path, const std::vector<std::string>& overrides) {
  absl::StatusOr<YAML::Node> tree = config::LoadTree(path, overrides);
  if (!tree.ok()) return tree.status();
  return rules::DecodeRulesConfig(*tree);
}

int Replay(const ReplayOptions& options, std::ostream& out, std::ostream& err) {
  auto fail = [&](const absl::Status& s) {
    err << "giamsatctl replay: " << s.message() << "\n";
    return 1;
  };
  absl::StatusOr<rules::RulesConfig> cfg =
      LoadRulesConfig(options.config_path, options.overrides);
  if (!cfg.ok()) return fail(cfg.status());
  absl::StatusOr<rules::RulesEngine> engine = rules::BuildRulesEngine(*cfg);
  if (!engine.ok()) return fail(engine.status());

  prometheus::Registry registry;
  const store::KeyLayout layout(cfg->redis.key_prefix);
  auto live = redis::RedisStateStore::Connect(cfg->redis, layout, registry);
  if (!live.ok()) return fail(live.status());
  events::Topics names(cfg->kafka.topic_prefix);
  const std::vector<std::string> topics = {
      names.DossierEvents(), names.FeedbackEvents(), names.InspectionEvents()};
  absl::StatusOr<Targets> targets = LiveOffsets(**live, layout, topics);
  if (!targets.ok()) return fail(targets.status());

  core::SystemClock clock;
  rules::Replay replay(layout, clock, *engine->dossiers, *engine->feedback,
                       *engine->units);
  replay.set_inspection_rules(engine->inspections.get());
  if (absl::Status s =
          ReplayTopics(*cfg, topics, *targets,
                       absl::Seconds(options.timeout_seconds), replay, out);
      !s.ok()) {
    return fail(s);
  }
  if (absl::Status s = replay.Finish(); !s.ok()) return fail(s);
  absl::StatusOr<rules::ReplayReport> report = replay.CompareWith(**live);
  if (!report.ok()) return fail(report.status());
  return rules::WriteReplayReport(*report, targets->size(), options.show, out);
}

}  // namespace giamsat::ctl
