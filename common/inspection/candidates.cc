#include "common/inspection/candidates.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/calendar/explanation_text.h"
#include "common/core/proto_time.h"
#include "common/core/vietnam_time.h"
#include "common/domain/figure_fields.h"

namespace giamsat::inspection {
namespace {

namespace d = domain;

int64_t Get(const Figures& f, absl::string_view name) {
  auto it = f.find(name);
  return it == f.end() ? 0 : it->second;
}

std::string Percent(double share) {
  return absl::StrFormat("%.1f%%", share * 100.0);
}

double Share(int64_t part, int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole)
                   : 0.0;
}

// Builds the reasons of one candidate.
class Reasons {
 public:
  Reasons(v1::InspectionCandidate& c, const PlanningConfig& config)
      : c_(c), config_(config) {}

  // `factor`: how far past the threshold (capped); 1 for yes/no reasons.
  v1::InspectionReason& Add(v1::InspectionReasonKind kind, double weight,
                            double factor, std::string vi, std::string en) {
    v1::InspectionReason& r = *c_.add_reasons();
    r.set_kind(kind);
    const double w = weight * std::clamp(factor, 1.0, config_.max_factor);
    r.set_weight(std::round(w * 100) / 100);
    r.set_explanation_vi(std::move(vi));
    r.set_explanation_en(std::move(en));
    c_.set_score(c_.score() + r.weight());
    return r;
  }

 private:
  v1::InspectionCandidate& c_;
  const PlanningConfig& config_;
};

}  // namespace

absl::Status ValidatePlanningConfig(const PlanningConfig& c,
                                    const std::string& section) {
  auto bad = [&](absl::string_view key, absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat(section, ".", key, ": ", why));
  };
  if (c.petitions_threshold < 0) return bad("petitions_threshold", ">= 0");
  if (c.flagged_petitions_threshold < 0) {
    return bad("flagged_petitions_threshold", "must be >= 0 (0: off)");
  }
  if (c.late_dossiers_threshold < 0) {
    return bad("late_dossiers_threshold", "must be >= 0 (0: off)");
  }
  if (!(c.score_766_threshold >= 0 && c.score_766_threshold <= 100)) {
    return bad("score_766_threshold", "must be between 0 and 100");
  }
  if (c.min_dossiers_for_score < 1) {
    return bad("min_dossiers_for_score", "must be at least 1");
  }
  if (c.petitions_after_conclusion_threshold < 0) {
    return bad("petitions_after_conclusion_threshold", "must be >= 0 (0: off)");
  }
  if (c.no_improvement_min_resolved < 1) {
    return bad("no_improvement_min_resolved", "must be at least 1");
  }
  if (c.reinspection_window_days < 1 || c.reinspection_window_days > 366) {
    return bad("reinspection_window_days", "must be between 1 and 366");
  }
  for (double w :
       {c.weight_petition_surge, c.weight_flagged_petition,
        c.weight_late_dossiers, c.weight_low_766_score,
        c.weight_unit_rule_alert, c.weight_petitions_after_conclusion,
        c.weight_no_improvement, c.weight_remediation_overdue}) {
    if (!(w >= 0)) return bad("weights", "every weight must be >= 0");
  }
  if (!(c.max_factor >= 1)) return bad("max_factor", "must be at least 1");
  if (c.coverage_levels.empty()) {
    return bad("coverage_levels", "must name at least one level");
  }
  if (!(c.offices_inspected_floor >= 0 && c.offices_inspected_floor <= 1)) {
    return bad("offices_inspected_floor", "must be a share between 0 and 1");
  }
  if (c.surprise_inspections_target < 0) {
    return bad("surprise_inspections_target", "must be >= 0");
  }
  return d::ValidateIndicatorsConfig(c.indicators, section + ".indicators");
}

ConclusionWindows WindowsAround(absl::CivilDay concluded, absl::CivilDay today,
                                int max_days) {
  const int64_t len = std::clamp<int64_t>(today - concluded, 0, max_days);
  ConclusionWindows w;
  w.after = {today - (len - 1), today};
  w.before = {concluded - len, concluded - 1};
  if (len == 0) {
    w.after = {today, today - 1};
    w.before = {concluded, concluded - 1};
  }
  return w;
}

domain::IndicatorFigures IndicatorFiguresOf(const Figures& p,
                                            const Figures& live) {
  d::IndicatorFigures f;
  f.received = Get(p, d::kFieldReceived);
  f.received_online = Get(p, d::kFieldReceivedOnline);
  f.resolved = Get(p, d::kFieldResolved);
  f.resolved_766_on_time = Get(p, d::kFieldResolved766OnTime);
  f.resolved_766_late = Get(p, d::kFieldResolved766Late);
  f.in_progress = Get(live, d::kFieldInProgress);
  f.in_progress_overdue = Get(live, d::kFieldInProgressOverdue);
  f.resolved_fee_bearing = Get(p, d::kFieldResolvedFeeBearing);
  f.resolved_paid_online = Get(p, d::kFieldResolvedPaidOnline);
  f.resolved_e_result = Get(p, d::kFieldResolvedEResult);
  f.resolved_digitised = Get(p, d::kFieldResolvedDigitised);
  f.resolved_reused = Get(p, d::kFieldResolvedReused);
  f.processing_seconds = Get(p, d::kFieldProcessingSeconds);
  f.disliked = Get(p, d::kFieldDisliked);
  f.feedback_received = Get(p, d::kFieldFeedbackReceived);
  f.feedback_answered_on_time = Get(p, d::kFieldFeedbackAnsweredOnTime);
  f.feedback_answered_late = Get(p, d::kFieldFeedbackAnsweredLate);
  f.feedback_unsatisfied = Get(p, d::kFieldFeedbackUnsatisfied);
  f.feedback_reopened = Get(p, d::kFieldFeedbackReopened);
  return f;
}

v1::InspectionCandidate AssessUnit(const UnitEvidence& u, absl::Time now,
                                   const PlanningConfig& config) {
  v1::InspectionCandidate c;
  c.set_unit_id(u.unit_id);
  c.set_unit_name(u.unit_name);
  c.set_level(u.level);
  Reasons reasons(c, config);
  auto& figures = *c.mutable_figures();
  const int64_t received = Get(u.period, d::kFieldReceived);
  const int64_t resolved = Get(u.period, d::kFieldResolved);
  const int64_t resolved_late = Get(u.period, d::kFieldResolvedLate);
  const int64_t open_overdue = Get(u.live, d::kFieldInProgressOverdue);
  const int64_t petitions = Get(u.period, d::kFieldFeedbackReceived);
  const int64_t flagged = Get(u.period, d::kFieldFeedbackFlagged);
  figures["dossiers_received"] = static_cast<double>(received);
  figures["dossiers_resolved"] = static_cast<double>(resolved);
  figures["dossiers_resolved_late"] = static_cast<double>(resolved_late);
  figures["dossiers_in_progress_overdue"] = static_cast<double>(open_overdue);
  figures["feedback_received"] = static_cast<double>(petitions);
  figures["feedback_flagged"] = static_cast<double>(flagged);

  // Unit rules firing now, with their own evidence.
  bool surge_alert = false;
  for (const v1::Alert& a : u.unit_rule_alerts) {
    const bool surge = a.rule_id() == "UNIT_FEEDBACK_SURGE";
    surge_alert = surge_alert || surge;
    v1::InspectionReason& r = reasons.Add(
        surge ? v1::REASON_PETITION_SURGE : v1::REASON_UNIT_RULE_ALERT,
        surge ? config.weight_petition_surge : config.weight_unit_rule_alert, 1,
        a.explanation_vi(), a.explanation_en());
    r.set_rule_id(a.rule_id());
  }

  if (!surge_alert && config.petitions_threshold > 0 &&
      petitions >= config.petitions_threshold) {
    v1::InspectionReason& r = reasons.Add(
        v1::REASON_PETITION_SURGE, config.weight_petition_surge,
        Share(petitions, config.petitions_threshold),
        absl::StrCat(petitions, " phản ánh, kiến nghị trong kỳ (ngưỡng ",
                     config.petitions_threshold, ")."),
        absl::StrCat(petitions, " petitions in the period (threshold ",
                     config.petitions_threshold, ")."));
    (*r.mutable_figures())["feedback_received"] =
        static_cast<double>(petitions);
    (*r.mutable_figures())["threshold"] =
        static_cast<double>(config.petitions_threshold);
  }

  if (config.flagged_petitions_threshold > 0 &&
      flagged >= config.flagged_petitions_threshold) {
    v1::InspectionReason& r = reasons.Add(
        v1::REASON_FLAGGED_PETITION, config.weight_flagged_petition,
        Share(flagged, config.flagged_petitions_threshold),
        absl::StrCat(flagged,
                     " phản ánh, kiến nghị phức tạp, cấp thiết hoặc gây bức "
                     "xúc dư luận trong kỳ (ngưỡng ",
                     config.flagged_petitions_threshold, ")."),
        absl::StrCat(flagged,
                     " complex, urgent or public-outrage petitions in the "
                     "period (threshold ",
                     config.flagged_petitions_threshold, ")."));
    r.set_rule_id("FEEDBACK_IMMEDIATE_ESCALATION");
    (*r.mutable_figures())["feedback_flagged"] = static_cast<double>(flagged);
    (*r.mutable_figures())["threshold"] =
        static_cast<double>(config.flagged_petitions_threshold);
  }

  const int64_t late = resolved_late + open_overdue;
  if (config.late_dossiers_threshold > 0 &&
      late >= config.late_dossiers_threshold) {
    v1::InspectionReason& r = reasons.Add(
        v1::REASON_LATE_DOSSIERS, config.weight_late_dossiers,
        Share(late, config.late_dossiers_threshold),
        absl::StrCat(resolved_late, " hồ sơ giải quyết trễ hạn trong kỳ và ",
                     open_overdue, " hồ sơ đang quá hạn (tổng ", late,
                     ", ngưỡng ", config.late_dossiers_threshold, ")."),
        absl::StrCat(resolved_late,
                     " dossiers resolved late in the period and ", open_overdue,
                     " open overdue now (", late, " in all, threshold ",
                     config.late_dossiers_threshold, ")."));
    (*r.mutable_figures())["dossiers_resolved_late"] =
        static_cast<double>(resolved_late);
    (*r.mutable_figures())["dossiers_in_progress_overdue"] =
        static_cast<double>(open_overdue);
    (*r.mutable_figures())["threshold"] =
        static_cast<double>(config.late_dossiers_threshold);
  }

  if (received + resolved >= config.min_dossiers_for_score) {
    const d::IndicatorReport report = d::ComputeIndicators(
        IndicatorFiguresOf(u.period, u.live), config.indicators);
    figures["score_766"] = report.score;
    if (report.max_points > 0 && report.score < config.score_766_threshold) {
      const double floor = config.score_766_threshold / config.max_factor;
      v1::InspectionReason& r = reasons.Add(
          v1::REASON_LOW_766_SCORE, config.weight_low_766_score,
          config.score_766_threshold / std::max(report.score, floor),
          absl::StrFormat("Điểm Bộ chỉ số 766 trong kỳ %.2f/100 (%.2f/%.2f "
                          "điểm áp dụng), dưới ngưỡng %.2f.",
                          report.score, report.points, report.max_points,
                          config.score_766_threshold),
          absl::StrFormat("Decision 766 score over the period %.2f/100 "
                          "(%.2f of %.2f applicable points), below the "
                          "threshold %.2f.",
                          report.score, report.points, report.max_points,
                          config.score_766_threshold));
      (*r.mutable_figures())["score_766"] = report.score;
      (*r.mutable_figures())["threshold"] = config.score_766_threshold;
      for (const d::IndicatorValue& v : report.indicators) {
        if (v.applicable && v.max_points > 0) {
          (*r.mutable_figures())["indicator_" + v.id + "_rate"] = v.rate;
        }
      }
    }
  }

  if (u.last_conclusion.has_value()) {
    const v1::InspectionState& s = *u.last_conclusion;
    *c.mutable_last_concluded_at() = s.concluded_at();
    c.set_last_inspection_id(s.inspection_id());
    const std::string when = calendar::FormatDayVi(
        core::VietnamDay(core::FromProto(s.concluded_at())));
    const std::string when_en = calendar::FormatDayEn(
        core::VietnamDay(core::FromProto(s.concluded_at())));
    const std::string named = absl::StrJoin(s.shortcomings(), "; ");
    const int64_t after = Get(u.after_conclusion, d::kFieldFeedbackReceived);
    if (config.petitions_after_conclusion_threshold > 0 &&
        after >= config.petitions_after_conclusion_threshold) {
      v1::InspectionReason& r = reasons.Add(
          v1::REASON_PETITIONS_AFTER_CONCLUSION,
          config.weight_petitions_after_conclusion,
          Share(after, config.petitions_after_conclusion_threshold),
          absl::StrCat("Đã có kết luận kiểm tra ", s.inspection_id(), " ngày ",
                       when, " (tồn tại: ", named, ") nhưng tiếp tục có ",
                       after, " phản ánh, kiến nghị sau kết luận (ngưỡng ",
                       config.petitions_after_conclusion_threshold, ")."),
          absl::StrCat("Concluded by inspection ", s.inspection_id(), " on ",
                       when_en, " (shortcomings: ", named, ") yet ", after,
                       " petitions since the conclusion (threshold ",
                       config.petitions_after_conclusion_threshold, ")."));
      (*r.mutable_figures())["feedback_after_conclusion"] =
          static_cast<double>(after);
      (*r.mutable_figures())["feedback_before_conclusion"] =
          static_cast<double>(
              Get(u.before_conclusion, d::kFieldFeedbackReceived));
      (*r.mutable_figures())["threshold"] =
          static_cast<double>(config.petitions_after_conclusion_threshold);
    }
    const int64_t res_after = Get(u.after_conclusion, d::kFieldResolved);
    const int64_t late_after = Get(u.after_conclusion, d::kFieldResolvedLate);
    const int64_t res_before = Get(u.before_conclusion, d::kFieldResolved);
    const int64_t late_before = Get(u.before_conclusion, d::kFieldResolvedLate);
    const double share_after = Share(late_after, res_after);
    const double share_before = Share(late_before, res_before);
    if (res_after >= config.no_improvement_min_resolved && late_after > 0 &&
        share_after >= share_before) {
      v1::InspectionReason& r = reasons.Add(
          v1::REASON_NO_IMPROVEMENT, config.weight_no_improvement, 1,
          absl::StrCat("Sau kết luận ", s.inspection_id(), " ngày ", when,
                       ", tỷ lệ hồ sơ trễ hạn không giảm: ", late_after, "/",
                       res_after, " (", Percent(share_after), ") so với ",
                       late_before, "/", res_before, " (",
                       Percent(share_before), ") trước kết luận."),
          absl::StrCat("Since conclusion ", s.inspection_id(), " of ", when_en,
                       " the share resolved late did not fall: ", late_after,
                       " of ", res_after, " (", Percent(share_after),
                       ") against ", late_before, " of ", res_before, " (",
                       Percent(share_before), ") before it."));
      auto& f = *r.mutable_figures();
      f["resolved_after"] = static_cast<double>(res_after);
      f["resolved_late_after"] = static_cast<double>(late_after);
      f["resolved_before"] = static_cast<double>(res_before);
      f["resolved_late_before"] = static_cast<double>(late_before);
    }
    if (s.has_remediation_due_at() && !s.has_remediation_reported_at() &&
        now >= core::FromProto(s.remediation_due_at())) {
      const absl::Time due = core::FromProto(s.remediation_due_at());
      v1::InspectionReason& r = reasons.Add(
          v1::REASON_REMEDIATION_OVERDUE, config.weight_remediation_overdue, 1,
          absl::StrCat("Quá hạn báo cáo khắc phục (",
                       calendar::FormatInstantVi(due), ") theo kết luận ",
                       s.inspection_id(), "; tồn tại: ", named, "."),
          absl::StrCat("Remediation report overdue (due ",
                       calendar::FormatInstantEn(due), ") under conclusion ",
                       s.inspection_id(), "; shortcomings: ", named, "."));
      r.set_rule_id("INSPECTION_REMEDIATION_OVERDUE");
    }
    for (const v1::InspectionReason& r : c.reasons()) {
      if (r.kind() == v1::REASON_PETITIONS_AFTER_CONCLUSION ||
          r.kind() == v1::REASON_NO_IMPROVEMENT ||
          r.kind() == v1::REASON_REMEDIATION_OVERDUE) {
        c.set_reinspection(true);
      }
    }
  }
  c.set_score(std::round(c.score() * 100) / 100);
  return c;
}

std::vector<v1::InspectionCandidate> Rank(
    std::vector<v1::InspectionCandidate> candidates, size_t max,
    bool include_all) {
  if (!include_all) {
    std::erase_if(candidates, [](const v1::InspectionCandidate& c) {
      return c.reasons_size() == 0;
    });
  }
  std::sort(
      candidates.begin(), candidates.end(),
      [](const v1::InspectionCandidate& a, const v1::InspectionCandidate& b) {
        if (a.score() != b.score()) return a.score() > b.score();
        return a.unit_id() < b.unit_id();
      });
  if (candidates.size() > max) candidates.resize(max);
  for (size_t i = 0; i < candidates.size(); ++i) {
    candidates[i].set_rank(static_cast<int32_t>(i + 1));
  }
  return candidates;
}

v1::InspectionCoverage ComputeCoverage(const std::vector<CoverageUnit>& units,
                                       int year, const PlanningConfig& config) {
  v1::InspectionCoverage c;
  c.set_year(year);
  c.set_offices_inspected_floor(config.offices_inspected_floor);
  c.set_surprise_inspections_target(config.surprise_inspections_target);
  int64_t surprise = 0;
  for (const CoverageUnit& u : units) {
    surprise += u.surprise_inspections_done;
    const bool office =
        std::find(config.coverage_levels.begin(), config.coverage_levels.end(),
                  u.level) != config.coverage_levels.end();
    if (!office || u.dossiers_received + u.steps_handled <= 0) continue;
    c.set_offices_handling_procedures(c.offices_handling_procedures() + 1);
    if (u.inspections_done > 0) {
      c.set_offices_inspected(c.offices_inspected() + 1);
    } else if (c.offices_not_inspected_size() < 100) {
      c.add_offices_not_inspected(u.unit_id);
    }
  }
  c.set_surprise_inspections_done(static_cast<int32_t>(surprise));
  const double share =
      Share(c.offices_inspected(), c.offices_handling_procedures());
  c.set_offices_inspected_share(std::round(share * 10000) / 10000);
  // "More than 50%": the floor itself is not enough.
  c.set_offices_floor_met(c.offices_handling_procedures() > 0 &&
                          share > config.offices_inspected_floor);
  return c;
}

}  // namespace giamsat::inspection
