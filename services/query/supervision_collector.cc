#include "services/query/supervision_collector.h"

#include <set>
#include <string>

#include "absl/time/civil_time.h"
#include "common/core/vietnam_time.h"
#include "spdlog/spdlog.h"

namespace giamsat::query {
namespace {

prometheus::MetricFamily Family(const std::string& name,
                                const std::string& help,
                                prometheus::MetricType type) {
  prometheus::MetricFamily f;
  f.name = name;
  f.help = help;
  f.type = type;
  return f;
}

void AddGauge(prometheus::MetricFamily& family,
              std::vector<prometheus::ClientMetric::Label> labels,
              double value) {
  prometheus::ClientMetric m;
  m.label = std::move(labels);
  m.gauge.value = value;
  family.metric.push_back(std::move(m));
}

using Label = prometheus::ClientMetric::Label;

}  // namespace

std::set<std::string> SupervisionCollector::InfoUnits() const {
  std::vector<std::string> units;
  {
    absl::MutexLock lock(&mu_);
    units = known_units_;
  }
  std::set<std::string> out;
  for (const std::string& id : units) {
    // The unit and its ancestors, as far as the hierarchy lists them.
    for (const UnitInfo* u = reader_.tree().Find(id);
         u != nullptr && out.insert(u->id).second;
         u = reader_.tree().Find(u->parent)) {
    }
  }
  return out;
}

absl::Status SupervisionCollector::CollectUnits(
    std::vector<prometheus::MetricFamily>& out) const {
  absl::StatusOr<std::vector<store::Hash>> known =
      store_.GetHashes({layout_.Units()});
  if (!known.ok()) return known.status();
  std::vector<std::string> units;
  for (const auto& [unit, first_seen] : known->at(0)) units.push_back(unit);
  {
    absl::MutexLock lock(&mu_);
    known_units_ = units;
  }

  v1::Period month;
  month.set_month(absl::FormatCivilTime(
      absl::CivilMonth(core::VietnamDay(reader_.clock().Now()))));
  absl::StatusOr<ResolvedPeriod> period = reader_.Resolve(month);
  if (!period.ok()) return period.status();
  absl::StatusOr<std::vector<v1::UnitStatus>> statuses =
      reader_.Read(units, *period, /*roll_up=*/false);
  if (!statuses.ok()) return statuses.status();

  using prometheus::MetricType;
  auto open = Family("giamsat_query_unit_open_dossiers",
                     "Dossiers of the unit received and not yet resolved.",
                     MetricType::Gauge);
  auto overdue = Family("giamsat_query_unit_open_overdue_dossiers",
                        "Open dossiers of the unit past their due time.",
                        MetricType::Gauge);
  auto resolved = Family(
      "giamsat_query_unit_month_resolved_dossiers",
      "Dossiers the unit resolved in the current month (Vietnam calendar), "
      "by timeliness (early, on_time, late).",
      MetricType::Gauge);
  auto ratio = Family(
      "giamsat_query_unit_month_on_time_ratio",
      "Share of the dossiers resolved this month that were early or on time "
      "(0..1); absent while the unit resolved none.",
      MetricType::Gauge);
  auto feedback = Family("giamsat_query_unit_open_feedback_items",
                         "Feedback items handled by the unit not yet answered.",
                         MetricType::Gauge);
  auto feedback_overdue =
      Family("giamsat_query_unit_open_overdue_feedback_items",
             "Unanswered feedback items of the unit past their deadline.",
             MetricType::Gauge);
  auto alerts =
      Family("giamsat_query_unit_alerts_firing",
             "Alerts firing now for the unit, by severity.", MetricType::Gauge);
  auto score = Family(
      "giamsat_query_unit_decision_766_score",
      "Decision 766 index score of the unit for the current month (0..100, "
      "over the indicators that apply); absent while none applies.",
      MetricType::Gauge);
  for (const v1::UnitStatus& s : *statuses) {
    const Label unit{"unit", s.unit_id()};
    if (s.has_decision_766()) {
      AddGauge(score, {unit}, s.decision_766().score());
    }
    const v1::DossierFigures& d = s.dossiers();
    AddGauge(open, {unit}, static_cast<double>(d.in_progress()));
    AddGauge(overdue, {unit}, static_cast<double>(d.in_progress_overdue()));
    AddGauge(resolved, {{"timeliness", "early"}, unit},
             static_cast<double>(d.resolved_early()));
    AddGauge(resolved, {{"timeliness", "late"}, unit},
             static_cast<double>(d.resolved_late()));
    AddGauge(resolved, {{"timeliness", "on_time"}, unit},
             static_cast<double>(d.resolved_on_time()));
    if (d.has_on_time_rate()) {
      AddGauge(ratio, {unit}, d.on_time_rate_percent() / 100.0);
    }
    AddGauge(feedback, {unit}, static_cast<double>(s.feedback().open()));
    AddGauge(feedback_overdue, {unit},
             static_cast<double>(s.feedback().open_overdue()));
    const v1::AlertCounts& a = s.open_alerts();
    AddGauge(alerts, {{"severity", "critical"}, unit},
             static_cast<double>(a.critical()));
    AddGauge(alerts, {{"severity", "info"}, unit},
             static_cast<double>(a.info()));
    AddGauge(alerts, {{"severity", "warning"}, unit},
             static_cast<double>(a.warning()));
  }
  for (auto* f : {&open, &overdue, &resolved, &ratio, &feedback,
                  &feedback_overdue, &alerts, &score}) {
    out.push_back(std::move(*f));
  }
  return absl::OkStatus();
}

std::vector<prometheus::MetricFamily> SupervisionCollector::Collect() const {
  std::vector<prometheus::MetricFamily> out;
  if (absl::Status s = CollectUnits(out); !s.ok()) {
    out.clear();
    errors_.fetch_add(1);
    spdlog::warn("supervision gauges left out of this scrape: {}",
                 s.ToString());
  }
  auto info = Family("giamsat_query_unit_info",
                     "1 for each unit with figures and each unit above it in "
                     "the hierarchy, with its parent unit and level.",
                     prometheus::MetricType::Gauge);
  for (const std::string& id : InfoUnits()) {
    const UnitInfo* u = reader_.tree().Find(id);
    AddGauge(info,
             {{"level", u->level}, {"parent", u->parent}, {"unit", u->id}}, 1);
  }
  if (!info.metric.empty()) out.push_back(std::move(info));
  auto errors = Family("giamsat_query_supervision_collect_errors_total",
                       "Scrapes whose per-unit figures could not be read "
                       "from the state store (left out of that scrape).",
                       prometheus::MetricType::Counter);
  prometheus::ClientMetric m;
  m.counter.value = static_cast<double>(errors_.load());
  errors.metric.push_back(std::move(m));
  out.push_back(std::move(errors));
  return out;
}

}  // namespace giamsat::query
