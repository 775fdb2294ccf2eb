#include "services/query/inspection_reader.h"

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/core/proto_time.h"
#include "common/core/vietnam_time.h"
#include "common/domain/figure_fields.h"
#include "common/inspection/inspection_rules.h"
#include "services/query/period.h"

namespace giamsat::query {
namespace {

using inspection::DayRange;
using inspection::Figures;

constexpr int kDefaultCandidates = 50;
constexpr int kMaxCandidates = 1000;

// Adds the figures of `h` to `into` (breakdown fields "<figure>|..." and
// non-numeric values are left out).
void AddHash(const store::Hash& h, Figures& into) {
  for (const auto& [name, text] : h) {
    if (name.find('|') != std::string::npos) continue;
    int64_t v = 0;
    if (absl::SimpleAtoi(text, &v)) into[name] += v;
  }
}

bool IsEmpty(const v1::Period& p) {
  return p.from_date().empty() && p.to_date().empty() && p.month().empty() &&
         p.quarter().empty() && p.year() == 0;
}

// What is read for one unit.
struct UnitRead {
  std::string id;
  store::Hash live;
  std::vector<v1::Alert> unit_rule_alerts;
  std::optional<v1::InspectionState> last_conclusion;
  inspection::ConclusionWindows windows;
  std::vector<DayRange> ranges;  // period, year, before, after (may be empty)
  std::vector<Figures> sums;     // one per range
  Figures total;                 // all-time totals (all-time periods only)
};

}  // namespace

absl::StatusOr<v1::ListInspectionCandidatesResponse> InspectionReader::List(
    const v1::ListInspectionCandidatesRequest& request) {
  const std::string& scope = request.scope();
  if (scope.empty()) return absl::InvalidArgumentError("scope: required");
  if (tree_.size() > 0 && tree_.Find(scope) == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("scope: unit ", scope, " is not in the unit hierarchy"));
  }
  if (request.max_candidates() < 0 ||
      request.max_candidates() > kMaxCandidates) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_candidates: must be between 0 and ", kMaxCandidates));
  }
  const absl::Time now = clock_.Now();
  const absl::CivilDay today = core::VietnamDay(now);
  v1::Period asked = request.period();
  if (IsEmpty(asked)) {
    asked.set_month(absl::StrFormat("%04d-%02d", today.year(), today.month()));
  }
  absl::StatusOr<ResolvedPeriod> period = ResolvePeriod(asked, today);
  if (!period.ok()) return period.status();
  const int year = static_cast<int>(period->to.year());
  const DayRange year_days{absl::CivilDay(year, 1, 1),
                           std::min(absl::CivilDay(year, 12, 31), today)};

  // Round 1: unit-rule alerts, then the live hash and inspections per unit.
  const std::vector<std::string> ids = tree_.Subtree(scope);
  std::vector<std::string> keys = {layout_.UnitRuleAlerts()};
  for (const std::string& id : ids) {
    keys.push_back(layout_.UnitLive(id));
    keys.push_back(layout_.UnitInspections(id));
  }
  absl::StatusOr<std::vector<store::Hash>> first = store_.GetHashes(keys);
  if (!first.ok()) return first.status();
  std::map<std::string, std::vector<v1::Alert>> alerts_of;
  for (const auto& [id, bytes] : (*first)[0]) {
    v1::Alert a;
    if (!a.ParseFromString(bytes)) {
      return absl::DataLossError("stored unit-rule alert " + id +
                                 " cannot be parsed");
    }
    alerts_of[a.unit_id()].push_back(std::move(a));
  }
  std::vector<UnitRead> units(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    UnitRead& u = units[i];
    u.id = ids[i];
    u.live = (*first)[1 + 2 * i];
    u.unit_rule_alerts = std::move(alerts_of[u.id]);
    for (const auto& [inspection_id, bytes] : (*first)[2 + 2 * i]) {
      v1::InspectionState s;
      if (!s.ParseFromString(bytes)) {
        return absl::DataLossError("stored inspection " + inspection_id +
                                   " cannot be parsed");
      }
      if (s.has_concluded_at() &&
          (!u.last_conclusion.has_value() ||
           core::FromProto(s.concluded_at()) >
               core::FromProto(u.last_conclusion->concluded_at()))) {
        u.last_conclusion = std::move(s);
      }
    }
    const DayRange period_days =
        period->from.has_value()
            ? DayRange{*period->from, std::min(period->to, today)}
            : DayRange{today, today - 1};
    u.ranges = {period_days, year_days};
    if (u.last_conclusion.has_value()) {
      u.windows = inspection::WindowsAround(
          core::VietnamDay(core::FromProto(u.last_conclusion->concluded_at())),
          today, config_.reinspection_window_days);
      u.ranges.push_back(u.windows.before);
      u.ranges.push_back(u.windows.after);
    }
    u.sums.resize(u.ranges.size());
  }

  // Round 2: the day hashes covering every range of every unit.
  keys.clear();
  // Unit index and day of each key (no day: the all-time totals).
  std::vector<std::pair<size_t, std::optional<absl::CivilDay>>> day_of_key;
  for (size_t i = 0; i < units.size(); ++i) {
    std::optional<DayRange> hull;
    for (const DayRange& r : units[i].ranges) {
      if (r.empty()) continue;
      hull = hull.has_value() ? DayRange{std::min(hull->from, r.from),
                                         std::max(hull->to, r.to)}
                              : r;
    }
    if (!period->from.has_value()) {
      keys.push_back(layout_.UnitTotal(units[i].id));
      day_of_key.emplace_back(i, std::nullopt);
    }
    if (!hull.has_value()) continue;
    for (absl::CivilDay d = hull->from; d <= hull->to; ++d) {
      keys.push_back(layout_.UnitDay(units[i].id, d));
      day_of_key.emplace_back(i, d);
    }
  }
  absl::StatusOr<std::vector<store::Hash>> days = store_.GetHashes(keys);
  if (!days.ok()) return days.status();
  for (size_t k = 0; k < keys.size(); ++k) {
    UnitRead& u = units[day_of_key[k].first];
    const std::optional<absl::CivilDay> d = day_of_key[k].second;
    if (!d.has_value()) {
      AddHash((*days)[k], u.total);
      continue;
    }
    for (size_t r = 0; r < u.ranges.size(); ++r) {
      if (*d >= u.ranges[r].from && *d <= u.ranges[r].to) {
        AddHash((*days)[k], u.sums[r]);
      }
    }
  }

  v1::ListInspectionCandidatesResponse response;
  response.set_scope(scope);
  *response.mutable_period() = period->echo;
  std::vector<v1::InspectionCandidate> candidates;
  std::vector<inspection::CoverageUnit> coverage;
  int64_t watermark_ms = 0;
  for (UnitRead& u : units) {
    inspection::UnitEvidence e;
    e.unit_id = u.id;
    if (const UnitInfo* info = tree_.Find(u.id); info != nullptr) {
      e.unit_name = info->name;
      e.level = info->level;
    }
    e.period = period->from.has_value() ? u.sums[0] : u.total;
    AddHash(u.live, e.live);
    e.unit_rule_alerts = std::move(u.unit_rule_alerts);
    e.last_conclusion = u.last_conclusion;
    if (u.last_conclusion.has_value()) {
      e.before_conclusion = u.sums[2];
      e.after_conclusion = u.sums[3];
    }
    const Figures& in_year = u.sums[1];
    auto get = [&](absl::string_view name) {
      auto it = in_year.find(name);
      return it == in_year.end() ? 0 : it->second;
    };
    coverage.push_back(
        {u.id, e.level, get(domain::kFieldReceived),
         get(inspection::kFieldInspectionsDone),
         get(inspection::kFieldSurpriseInspectionsDone),
         get(domain::kFieldStepsOnTime) + get(domain::kFieldStepsLate)});
    auto wm = e.live.find(domain::kFieldWatermark);
    if (wm != e.live.end()) watermark_ms = std::max(watermark_ms, wm->second);
    candidates.push_back(inspection::AssessUnit(e, now, config_));
  }
  const int max = request.max_candidates() == 0 ? kDefaultCandidates
                                                : request.max_candidates();
  for (v1::InspectionCandidate& c :
       inspection::Rank(std::move(candidates), static_cast<size_t>(max),
                        request.include_all())) {
    *response.add_candidates() = std::move(c);
  }
  *response.mutable_coverage() =
      inspection::ComputeCoverage(coverage, year, config_);
  if (watermark_ms > 0) {
    *response.mutable_watermark() =
        core::ToProto(absl::FromUnixMillis(watermark_ms));
  }
  return response;
}

}  // namespace giamsat::query
