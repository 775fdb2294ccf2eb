// `giamsatctl indicators <unit> [--period P]`: the unit's Decision 766
// indicators (rate, numerator / denominator, points of the maximum, group
// totals, score) and its TT 01/2018 scoring and band, from
// QueryService.GetUnitIndicators. Exit codes as in commands.h.
#pragma once

#include <iosfwd>
#include <string>

#include "absl/status/statusor.h"
#include "giamsat/v1/query.grpc.pb.h"
#include "services/ctl/commands.h"

namespace giamsat::ctl {

// --period: "2026" (a year), "2026-10" (a month), "2026-Q4" (a quarter),
// "2025-07-01" (from that day to now), "2026-10-01..2026-10-15" (a range);
// "" is all time. InvalidArgument naming --period otherwise.
absl::StatusOr<v1::Period> ParsePeriodFlag(const std::string& text);

struct IndicatorsOptions {
  std::string unit_id;
  std::string period;
  bool roll_up = false;
  bool json = false;
  QueryAuth auth;
};

int Indicators(v1::QueryService::StubInterface& stub,
               const IndicatorsOptions& options, std::ostream& out,
               std::ostream& err);

}  // namespace giamsat::ctl
