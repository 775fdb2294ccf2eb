#include "common/domain/unit_rules.h"

#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/core/proto_time.h"
#include "common/domain/rule_catalogue.h"

namespace giamsat::domain {
namespace {

bool ValidPeriod(const std::string& p) {
  return p == "month" || p == "quarter" || p == "year";
}

std::string Percent(double share) {
  return absl::StrFormat("%.1f%%", share * 100.0);
}

// Builds alerts of one unit and collects the transitions.
class Transitions {
 public:
  Transitions(const std::string& unit, absl::Time now,
              const std::set<std::string>& firing)
      : unit_(unit), now_(now), firing_(firing) {}

  std::string Id(RuleId rule, absl::string_view version = "") const {
    std::string id = absl::StrCat(UnitAlertPrefix(unit_), Rule(rule).id);
    if (!version.empty()) absl::StrAppend(&id, ":", version);
    return id;
  }

  // Fires `id` unless it already fires.
  void Fire(RuleId rule, const std::string& id, std::string vi,
            std::string en) {
    if (firing_.count(id) > 0) return;
    v1::Alert a = New(rule, id);
    a.set_state(v1::ALERT_FIRING);
    a.set_explanation_vi(std::move(vi));
    a.set_explanation_en(std::move(en));
    out_.push_back(std::move(a));
  }

  // Resolves every firing alert of `rule` except `keep`.
  void ResolveOthers(RuleId rule, const std::string& keep,
                     absl::string_view why) {
    const std::string prefix = Id(rule);
    for (const std::string& id : firing_) {
      if (id == keep) continue;
      if (id != prefix && !absl::StartsWith(id, prefix + ":")) continue;
      v1::Alert a = New(rule, id);
      a.set_state(v1::ALERT_RESOLVED);
      a.set_resolution(std::string(why));
      out_.push_back(std::move(a));
    }
  }

  std::vector<v1::Alert> Take() { return std::move(out_); }

 private:
  v1::Alert New(RuleId rule, const std::string& id) const {
    const RuleInfo& info = Rule(rule);
    v1::Alert a;
    a.set_alert_id(id);
    a.set_rule_id(std::string(info.id));
    a.set_severity(info.severity);
    a.set_subject_type(v1::SUBJECT_UNIT);
    a.set_subject_id(unit_);
    a.set_unit_id(unit_);
    a.set_legal_basis(std::string(info.legal_basis));
    *a.mutable_decided_at() = core::ToProto(now_);
    return a;
  }

  const std::string& unit_;
  const absl::Time now_;
  const std::set<std::string>& firing_;
  std::vector<v1::Alert> out_;
};

}  // namespace

absl::Status ValidateUnitRulesConfig(const UnitRulesConfig& c,
                                     const std::string& section) {
  auto bad = [&](absl::string_view key, absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat(section, ".", key, ": ", why));
  };
  if (c.open_overdue_threshold < 0) {
    return bad("open_overdue_threshold", "must be 0 (off) or more");
  }
  if (!(c.overdue_rate_threshold >= 0 && c.overdue_rate_threshold <= 1)) {
    return bad("overdue_rate_threshold", "must be a share between 0 and 1");
  }
  if (c.overdue_rate_min_resolved < 1) {
    return bad("overdue_rate_min_resolved", "must be at least 1");
  }
  if (!ValidPeriod(c.overdue_rate_period)) {
    return bad("overdue_rate_period", "must be month, quarter or year");
  }
  if (c.feedback_surge_window_days < 1 || c.feedback_surge_window_days > 31) {
    return bad("feedback_surge_window_days", "must be between 1 and 31");
  }
  if (c.feedback_surge_min_count < 1) {
    return bad("feedback_surge_min_count", "must be at least 1");
  }
  if (!(c.feedback_surge_factor >= 1)) {
    return bad("feedback_surge_factor", "must be at least 1");
  }
  if (c.feedback_surge_baseline_windows < 1 ||
      c.feedback_surge_baseline_windows > 12) {
    return bad("feedback_surge_baseline_windows", "must be between 1 and 12");
  }
  if (c.evaluate_every_seconds < 1) {
    return bad("evaluate_every_seconds", "must be at least 1");
  }
  return absl::OkStatus();
}

absl::CivilDay PeriodStart(const std::string& period, absl::CivilDay today) {
  if (period == "year") return absl::CivilDay(today.year(), 1, 1);
  if (period == "quarter") {
    return absl::CivilDay(today.year(), (today.month() - 1) / 3 * 3 + 1, 1);
  }
  return absl::CivilDay(today.year(), today.month(), 1);
}

std::string PeriodLabel(const std::string& period, absl::CivilDay today) {
  if (period == "year") return absl::StrCat(today.year());
  if (period == "quarter") {
    return absl::StrCat(today.year(), "-Q", (today.month() - 1) / 3 + 1);
  }
  return absl::StrFormat("%04d-%02d", today.year(), today.month());
}

std::string UnitAlertPrefix(const std::string& unit_id) {
  return absl::StrCat("unit:", unit_id, ":");
}

int UnitRules::FeedbackDaysNeeded() const {
  return config_.feedback_surge_window_days *
         (config_.feedback_surge_baseline_windows + 1);
}

std::vector<v1::Alert> UnitRules::Evaluate(
    const UnitFigures& f, absl::CivilDay today, absl::Time now,
    const std::set<std::string>& firing) const {
  Transitions t(f.unit_id, now, firing);

  // Open overdue dossiers (a stock: fires and resolves with the count).
  const std::string overdue_id = t.Id(RuleId::kUnitOpenOverdue);
  if (config_.open_overdue_threshold > 0 &&
      f.open_overdue >= config_.open_overdue_threshold) {
    t.Fire(RuleId::kUnitOpenOverdue, overdue_id,
           absl::StrCat("Đơn vị đang có ", f.open_overdue,
                        " hồ sơ quá hạn chưa giải quyết (ngưỡng ",
                        config_.open_overdue_threshold, ")."),
           absl::StrCat("The unit has ", f.open_overdue,
                        " open overdue dossiers (threshold ",
                        config_.open_overdue_threshold, ")."));
  } else {
    t.ResolveOthers(RuleId::kUnitOpenOverdue, "",
                    "open overdue dossiers below the threshold");
  }

  // Overdue rate over the current period (one alert per period).
  const std::string label = PeriodLabel(config_.overdue_rate_period, today);
  const std::string rate_id = t.Id(RuleId::kUnitOverdueRate, label);
  const double rate = f.resolved_in_period > 0
                          ? static_cast<double>(f.resolved_late_in_period) /
                                static_cast<double>(f.resolved_in_period)
                          : 0.0;
  const bool rate_breached =
      f.resolved_in_period >= config_.overdue_rate_min_resolved &&
      rate > config_.overdue_rate_threshold;
  if (rate_breached) {
    t.Fire(RuleId::kUnitOverdueRate, rate_id,
           absl::StrCat("Kỳ ", label, ": ", f.resolved_late_in_period, "/",
                        f.resolved_in_period, " hồ sơ giải quyết trễ hạn (",
                        Percent(rate), ", ngưỡng ",
                        Percent(config_.overdue_rate_threshold), ")."),
           absl::StrCat(
               "Period ", label, ": ", f.resolved_late_in_period, " of ",
               f.resolved_in_period, " dossiers resolved late (", Percent(rate),
               ", threshold ", Percent(config_.overdue_rate_threshold), ")."));
  }
  t.ResolveOthers(RuleId::kUnitOverdueRate, rate_breached ? rate_id : "",
                  "overdue rate back below the threshold or period ended");

  // Feedback surge: the last window against the average of the ones before.
  const int w = config_.feedback_surge_window_days;
  auto window_sum = [&](int index) {
    int64_t sum = 0;
    for (int d = index * w; d < (index + 1) * w; ++d) {
      if (d < static_cast<int>(f.feedback_by_day.size())) {
        sum += f.feedback_by_day[d];
      }
    }
    return sum;
  };
  const int64_t recent = window_sum(0);
  int64_t before = 0;
  for (int i = 1; i <= config_.feedback_surge_baseline_windows; ++i) {
    before += window_sum(i);
  }
  const double baseline =
      static_cast<double>(before) / config_.feedback_surge_baseline_windows;
  const bool surge =
      recent >= config_.feedback_surge_min_count &&
      static_cast<double>(recent) >= config_.feedback_surge_factor * baseline;
  const std::string surge_id = t.Id(RuleId::kUnitFeedbackSurge);
  if (surge) {
    const std::string avg = absl::StrFormat("%.1f", baseline);
    t.Fire(RuleId::kUnitFeedbackSurge, surge_id,
           absl::StrCat(recent, " phản ánh, kiến nghị trong ", w,
                        " ngày gần nhất, so với trung bình ", avg, " của ",
                        config_.feedback_surge_baseline_windows,
                        " kỳ trước (ngưỡng ", config_.feedback_surge_min_count,
                        " và gấp ", config_.feedback_surge_factor, " lần)."),
           absl::StrCat(recent, " petitions in the last ", w,
                        " days against an average of ", avg, " over the ",
                        config_.feedback_surge_baseline_windows,
                        " windows before (threshold ",
                        config_.feedback_surge_min_count, " and ",
                        config_.feedback_surge_factor, " times)."));
  } else {
    t.ResolveOthers(RuleId::kUnitFeedbackSurge, "", "petitions back to normal");
  }
  return t.Take();
}

}  // namespace giamsat::domain
