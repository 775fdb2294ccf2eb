#include "services/rules/unit_evaluator.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "common/core/vietnam_time.h"
#include "common/domain/alert_fields.h"
#include "common/domain/figure_fields.h"
#include "spdlog/spdlog.h"

namespace giamsat::rules {
namespace {

int64_t Field(const store::Hash& h, absl::string_view field) {
  auto it = h.find(field);
  int64_t v = 0;
  if (it != h.end() && !absl::SimpleAtoi(it->second, &v)) v = 0;
  return v;
}

}  // namespace

absl::Status UnitEvaluator::MaybeRun(
    const std::vector<events::TopicPartition>& owned,
    std::optional<int64_t> leader_fence) {
  if (!rules_.config().enabled ||
      std::find(owned.begin(), owned.end(), leader_) == owned.end()) {
    return absl::OkStatus();
  }
  const absl::Time now = clock_.Now();
  if (now - last_run_ < absl::Seconds(rules_.config().evaluate_every_seconds)) {
    return absl::OkStatus();
  }
  absl::StatusOr<size_t> n = RunNow(leader_fence);
  if (!n.ok()) return n.status();
  last_run_ = now;
  return absl::OkStatus();
}

absl::StatusOr<domain::UnitFigures> UnitEvaluator::ReadFigures(
    const std::string& unit, absl::CivilDay today) {
  const absl::CivilDay period_start =
      domain::PeriodStart(rules_.config().overdue_rate_period, today);
  const absl::CivilDay feedback_start =
      today - (rules_.FeedbackDaysNeeded() - 1);
  const absl::CivilDay first = std::min(period_start, feedback_start);
  std::vector<std::string> keys = {layout_.UnitLive(unit)};
  for (absl::CivilDay d = first; d <= today; ++d) {
    keys.push_back(layout_.UnitDay(unit, d));
  }
  absl::StatusOr<std::vector<store::Hash>> hashes = store_.GetHashes(keys);
  if (!hashes.ok()) return hashes.status();
  domain::UnitFigures f;
  f.unit_id = unit;
  f.open_overdue = Field((*hashes)[0], domain::kFieldInProgressOverdue);
  f.feedback_by_day.assign(rules_.FeedbackDaysNeeded(), 0);
  size_t i = 1;
  for (absl::CivilDay d = first; d <= today; ++d, ++i) {
    const store::Hash& h = (*hashes)[i];
    if (d >= period_start) {
      f.resolved_in_period += Field(h, domain::kFieldResolved);
      f.resolved_late_in_period += Field(h, domain::kFieldResolvedLate);
    }
    const int64_t age = today - d;
    if (age < static_cast<int64_t>(f.feedback_by_day.size())) {
      f.feedback_by_day[age] = Field(h, domain::kFieldFeedbackReceived);
    }
  }
  return f;
}

absl::StatusOr<size_t> UnitEvaluator::RunNow(
    std::optional<int64_t> leader_fence) {
  const absl::Time now = clock_.Now();
  const absl::CivilDay today = core::VietnamDay(now);
  absl::StatusOr<std::vector<store::Hash>> read =
      store_.GetHashes({layout_.Units(), layout_.UnitRuleAlerts()});
  if (!read.ok()) return read.status();
  const store::Hash& units = (*read)[0];
  const store::Hash& firing_now = (*read)[1];

  store::WriteBatch batch;
  StagedAlerts staged;
  size_t transitions = 0;
  for (const auto& [unit, first_seen] : units) {
    std::set<std::string> firing;
    const std::string prefix = domain::UnitAlertPrefix(unit);
    for (const auto& [id, alert] : firing_now) {
      if (absl::StartsWith(id, prefix)) firing.insert(id);
    }
    absl::StatusOr<domain::UnitFigures> figures = ReadFigures(unit, today);
    if (!figures.ok()) return figures.status();
    std::vector<v1::Alert> alerts =
        rules_.Evaluate(*figures, today, now, firing);
    for (const v1::Alert& a : alerts) {
      const bool fires = a.state() == v1::ALERT_FIRING;
      if (fires) {
        batch.HashPut(layout_.UnitRuleAlerts(), a.alert_id(),
                      a.SerializeAsString());
      } else {
        batch.HashDelete(layout_.UnitRuleAlerts(), a.alert_id());
      }
      batch.HashPut(layout_.UnitAlerts(unit), a.alert_id(),
                    a.SerializeAsString());
      batch.HashIncrement(layout_.UnitLive(unit),
                          domain::AlertsFiringField(a.severity()),
                          fires ? 1 : -1);
      spdlog::info("unit rule {} {} for {}", a.rule_id(),
                   fires ? "firing" : "resolved", unit);
    }
    outbox_.Stage(alerts, batch, staged);
    transitions += alerts.size();
  }
  if (transitions == 0) return transitions;
  if (leader_fence.has_value()) {
    batch.RequireFence({leader_.topic, leader_.partition, *leader_fence});
  }
  absl::StatusOr<store::CommitOutcome> committed = store_.Commit(batch);
  if (!committed.ok()) return committed.status();
  outbox_.Committed(std::move(staged));
  return transitions;
}

}  // namespace giamsat::rules
