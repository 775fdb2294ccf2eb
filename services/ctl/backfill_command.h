// `giamsatctl backfill-month-hashes`: completes the month hashes of the
// months before {p}month-hashes-from from their day hashes and moves the
// marker back (common/redis/month_backfill.h), on the Redis of the rules
// service's config (same file and --set overrides). Safe while giamsat-rules
// runs; idempotent. Exit code: 0 done, 1 failed (the reason on `err`).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace giamsat::ctl {

struct BackfillOptions {
  std::string config_path;
  std::vector<std::string> overrides;
};

int BackfillMonthHashes(const BackfillOptions& options, std::ostream& out,
                        std::ostream& err);

}  // namespace giamsat::ctl
