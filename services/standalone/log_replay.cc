#include "services/standalone/log_replay.h"

#include "common/core/clock.h"
#include "common/events/topics.h"
#include "services/rules/replay.h"

namespace giamsat::standalone {

int ReplayEmbedded(const rules::RulesConfig& cfg,
                   const rules::RulesEngine& engine,
                   const embedded::EmbeddedEventLog& log,
                   store::StateStore& live, std::ostream& out,
                   std::ostream& err) {
  auto fail = [&](const absl::Status& s) {
    err << "giamsat-standalone replay: " << s.message() << "\n";
    return 1;
  };
  const store::KeyLayout layout(cfg.redis.key_prefix);
  core::SystemClock clock;
  rules::Replay replay(layout, clock, *engine.dossiers, *engine.feedback,
                       *engine.units);
  const events::Topics names(cfg.kafka.topic_prefix);
  size_t partitions = 0;
  for (const std::string& topic :
       {names.DossierEvents(), names.FeedbackEvents(),
        names.InspectionEvents()}) {
    for (int32_t p = 0; p < log.partitions(); ++p) {
      absl::StatusOr<std::optional<int64_t>> target = live.GetOffset(topic, p);
      if (!target.ok()) return fail(target.status());
      if (!target->has_value()) continue;
      ++partitions;
      for (int64_t offset = 0; offset < **target;) {
        auto records = log.Read(
            {topic, p}, offset,
            static_cast<size_t>(std::min<int64_t>(5000, **target - offset)));
        if (!records.ok()) return fail(records.status());
        if (records->empty()) {
          return fail(absl::DataLossError(
              "the log ends before the offset stored with the state"));
        }
        if (absl::Status s = replay.Apply(*records); !s.ok()) return fail(s);
        offset = records->back().offset + 1;
      }
    }
  }
  if (absl::Status s = replay.Finish(); !s.ok()) return fail(s);
  absl::StatusOr<rules::ReplayReport> report = replay.CompareWith(live);
  if (!report.ok()) return fail(report.status());
  return rules::WriteReplayReport(*report, partitions, 50, out);
}

}  // namespace giamsat::standalone
