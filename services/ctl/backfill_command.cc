#include "services/ctl/backfill_command.h"

#include <ostream>

#include "common/redis/month_backfill.h"
#include "services/ctl/replay_command.h"

namespace giamsat::ctl {

int BackfillMonthHashes(const BackfillOptions& options, std::ostream& out,
                        std::ostream& err) {
  auto fail = [&](const absl::Status& s) {
    err << "giamsatctl backfill-month-hashes: " << s.message() << "\n";
    return 1;
  };
  absl::StatusOr<rules::RulesConfig> cfg =
      LoadRulesConfig(options.config_path, options.overrides);
  if (!cfg.ok()) return fail(cfg.status());
  absl::StatusOr<std::unique_ptr<redis::RedisConnector>> connector =
      redis::RedisConnector::Create(cfg->redis);
  if (!connector.ok()) return fail(connector.status());
  absl::StatusOr<redis::MonthBackfillReport> report =
      redis::BackfillMonthHashes(**connector,
                                 store::KeyLayout(cfg->redis.key_prefix));
  if (!report.ok()) return fail(report.status());
  out << "month hashes set from day hashes: " << report->months_filled
      << " (unit-months; " << report->days_summed << " day hashes)\n"
      << "complete from: " << absl::FormatCivilTime(report->marker_before)
      << " -> " << absl::FormatCivilTime(report->marker_after) << "\n";
  return 0;
}

}  // namespace giamsat::ctl
