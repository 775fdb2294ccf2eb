#include "common/inspection/inspection_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/calendar/explanation_text.h"
#include "common/calendar/working_time.h"
#include "common/core/proto_time.h"
#include "common/core/vietnam_time.h"
#include "common/domain/rule_catalogue.h"

namespace giamsat::inspection {
namespace {

using core::FromProto;
using core::ToProto;
using domain::RuleId;

bool IsFiring(const v1::InspectionState& s, const std::string& id) {
  return std::find(s.firing_alert_ids().begin(), s.firing_alert_ids().end(),
                   id) != s.firing_alert_ids().end();
}

// Builds the alert transitions of one inspection.
class Alerts {
 public:
  Alerts(v1::InspectionState& state, InspectionOutcome& out)
      : state_(state), out_(out) {}

  void Fire(RuleId rule, absl::Time due, absl::Time at, std::string vi,
            std::string en) {
    v1::Alert a = New(rule, at);
    if (IsFiring(state_, a.alert_id())) return;
    a.set_state(v1::ALERT_FIRING);
    *a.mutable_due_at() = ToProto(due);
    a.set_explanation_vi(std::move(vi));
    a.set_explanation_en(std::move(en));
    state_.add_firing_alert_ids(a.alert_id());
    out_.alerts.push_back(std::move(a));
  }

  void Resolve(RuleId rule, absl::Time at, absl::string_view why) {
    v1::Alert a = New(rule, at);
    auto* ids = state_.mutable_firing_alert_ids();
    auto it = std::find(ids->begin(), ids->end(), a.alert_id());
    if (it == ids->end()) return;
    ids->erase(it);
    a.set_state(v1::ALERT_RESOLVED);
    a.set_resolution(std::string(why));
    out_.alerts.push_back(std::move(a));
  }

 private:
  v1::Alert New(RuleId rule, absl::Time at) const {
    const domain::RuleInfo& info = domain::Rule(rule);
    v1::Alert a;
    a.set_alert_id(InspectionAlertId(state_.inspection_id(), info.id));
    a.set_rule_id(std::string(info.id));
    a.set_severity(info.severity);
    a.set_subject_type(v1::SUBJECT_INSPECTION);
    a.set_subject_id(state_.inspection_id());
    a.set_unit_id(state_.unit_id());
    a.set_legal_basis(std::string(info.legal_basis));
    *a.mutable_decided_at() = ToProto(at);
    return a;
  }

  v1::InspectionState& state_;
  InspectionOutcome& out_;
};

// Remembers `id`; false when it was applied before.
bool Remember(v1::InspectionState& state, const std::string& id) {
  auto* ids = state.mutable_applied_event_ids();
  if (std::find(ids->begin(), ids->end(), id) != ids->end()) return false;
  ids->Add(std::string(id));
  if (ids->size() > domain::kRememberedEventIds) {
    ids->DeleteSubrange(0, ids->size() - domain::kRememberedEventIds);
  }
  return true;
}

}  // namespace

std::string InspectionAlertId(const std::string& inspection_id,
                              absl::string_view rule_id) {
  return absl::StrCat("inspection:", inspection_id, ":", rule_id);
}

absl::Status ValidateInspectionRulesConfig(const InspectionRulesConfig& c,
                                           const std::string& section) {
  if (c.report_working_days_before < 1 || c.report_working_days_before > 60) {
    return absl::InvalidArgumentError(
        absl::StrCat(section,
                     ".report_working_days_before: must be between 1 "
                     "and 60"));
  }
  return absl::OkStatus();
}

void InspectionRules::ComputeReportDue(const v1::InspectionEvent& event,
                                       v1::InspectionState& state,
                                       InspectionOutcome& out) const {
  state.clear_report_due_at();
  state.clear_report_due_explanation_vi();
  state.clear_report_due_explanation_en();
  if (state.surprise()) return;
  if (event.has_report_due_at()) {
    *state.mutable_report_due_at() = event.report_due_at();
    const absl::Time due = FromProto(event.report_due_at());
    state.set_report_due_explanation_vi(
        absl::StrCat("Hạn báo cáo do Đoàn kiểm tra ấn định: ",
                     calendar::FormatInstantVi(due), "."));
    state.set_report_due_explanation_en(
        absl::StrCat("Report due as set by the inspection team: ",
                     calendar::FormatInstantEn(due), "."));
    return;
  }
  const absl::CivilDay visit_day =
      core::VietnamDay(FromProto(state.visit_at()));
  absl::CivilDay day = visit_day;
  for (int i = 0; i < config_.report_working_days_before; ++i) {
    absl::StatusOr<absl::CivilDay> previous =
        calendar::PreviousWorkingDay(*calendar_, day);
    if (!previous.ok()) {
      out.problems.push_back(
          absl::StrCat("inspection ", state.inspection_id(),
                       ": report due time: ", previous.status().ToString()));
      return;
    }
    day = *previous;
  }
  absl::StatusOr<absl::Time> close = calendar::CloseOfBusiness(*calendar_, day);
  if (!close.ok()) {
    out.problems.push_back(
        absl::StrCat("inspection ", state.inspection_id(),
                     ": report due time: ", close.status().ToString()));
    return;
  }
  *state.mutable_report_due_at() = ToProto(*close);
  const int n = config_.report_working_days_before;
  state.set_report_due_explanation_vi(absl::StrCat(
      "Ngày kiểm tra ", calendar::FormatDayVi(visit_day),
      "; đơn vị gửi báo cáo chậm nhất ", n,
      " ngày làm việc trước ngày kiểm tra, tức là hết giờ làm việc ngày ",
      calendar::FormatDayVi(day), " (", calendar::FormatInstantVi(*close),
      "), theo lịch làm việc ", calendar_->id(), "."));
  state.set_report_due_explanation_en(absl::StrCat(
      "Visit on ", calendar::FormatDayEn(visit_day),
      "; the unit's report is due ", n,
      " working days before the visit day, i.e. by the close of business of ",
      calendar::FormatDayEn(day), " (", calendar::FormatInstantEn(*close),
      "), on the ", calendar_->id(), " calendar."));
}

InspectionOutcome InspectionRules::Apply(const v1::Event& event,
                                         v1::InspectionState& state,
                                         absl::Time now) const {
  InspectionOutcome out;
  if (!Remember(state, event.event_id())) {
    out.duplicate = true;
    return out;
  }
  const v1::InspectionEvent& e = event.inspection();
  if (state.inspection_id().empty()) state.set_inspection_id(e.inspection_id());
  if (state.unit_id().empty()) state.set_unit_id(event.unit_id());
  const absl::Time t = FromProto(event.occurred_at());
  Alerts alerts(state, out);
  auto count = [&](absl::string_view field) {
    out.deltas.push_back({state.unit_id(), core::VietnamDay(t), field, 1});
  };
  switch (e.kind()) {
    case v1::INSPECTION_SCHEDULED:
      state.set_scheduled(true);
      state.set_surprise(e.surprise());
      *state.mutable_visit_at() = e.visit_at();
      ComputeReportDue(e, state, out);
      // A new date may make a firing alert moot.
      if (!state.has_report_due_at() ||
          FromProto(state.report_due_at()) > now) {
        alerts.Resolve(RuleId::kInspectionReportNotReceived, t, "rescheduled");
      }
      break;
    case v1::INSPECTION_REPORT_RECEIVED:
      if (!state.has_report_received_at()) {
        *state.mutable_report_received_at() = event.occurred_at();
        const bool late =
            state.has_report_due_at() && t > FromProto(state.report_due_at());
        alerts.Resolve(RuleId::kInspectionReportNotReceived, t,
                       late ? "report received late"
                            : "corrected: report received in time");
      }
      break;
    case v1::INSPECTION_DONE:
      if (!state.has_done_at()) {
        *state.mutable_done_at() = event.occurred_at();
        count(kFieldInspectionsDone);
        if (state.surprise()) count(kFieldSurpriseInspectionsDone);
      }
      break;
    case v1::INSPECTION_CONCLUSION_ISSUED:
      if (!state.has_concluded_at()) count(kFieldInspectionConclusions);
      *state.mutable_concluded_at() = event.occurred_at();
      state.mutable_shortcomings()->CopyFrom(e.shortcomings());
      if (e.has_remediation_due_at()) {
        *state.mutable_remediation_due_at() = e.remediation_due_at();
      }
      break;
    case v1::INSPECTION_REMEDIATION_REPORTED:
      if (!state.has_remediation_reported_at()) {
        *state.mutable_remediation_reported_at() = event.occurred_at();
        alerts.Resolve(RuleId::kInspectionRemediationOverdue, t,
                       "remediation reported");
      }
      break;
    default:
      break;
  }
  InspectionOutcome timed = Evaluate(state, now);
  out.alerts.insert(out.alerts.end(), timed.alerts.begin(), timed.alerts.end());
  return out;
}

InspectionOutcome InspectionRules::Evaluate(v1::InspectionState& state,
                                            absl::Time now) const {
  InspectionOutcome out;
  Alerts alerts(state, out);
  if (state.has_report_due_at() && !state.has_report_received_at()) {
    const absl::Time due = FromProto(state.report_due_at());
    if (now >= due) {
      alerts.Fire(
          RuleId::kInspectionReportNotReceived, due, now,
          absl::StrCat("Đơn vị ", state.unit_id(),
                       " chưa gửi báo cáo cho Đoàn kiểm tra (cuộc kiểm tra ",
                       state.inspection_id(), "). ",
                       state.report_due_explanation_vi()),
          absl::StrCat("Unit ", state.unit_id(),
                       " has not sent its report to the inspection team "
                       "(inspection ",
                       state.inspection_id(), "). ",
                       state.report_due_explanation_en()));
    }
  }
  if (state.has_remediation_due_at() && !state.has_remediation_reported_at()) {
    const absl::Time due = FromProto(state.remediation_due_at());
    if (now >= due) {
      const std::string named = absl::StrJoin(state.shortcomings(), "; ");
      alerts.Fire(
          RuleId::kInspectionRemediationOverdue, due, now,
          absl::StrCat(
              "Kết luận kiểm tra ", state.inspection_id(), " yêu cầu đơn vị ",
              state.unit_id(), " báo cáo khắc phục trước ",
              calendar::FormatInstantVi(due),
              "; chưa nhận được báo cáo. Tồn tại, hạn chế: ", named, "."),
          absl::StrCat("Conclusion ", state.inspection_id(), " asked unit ",
                       state.unit_id(), " to report its remediation by ",
                       calendar::FormatInstantEn(due),
                       "; none received. Shortcomings named: ", named, "."));
    }
  }
  return out;
}

std::optional<absl::Time> InspectionRules::NextCheck(
    const v1::InspectionState& state) const {
  std::optional<absl::Time> next;
  auto consider = [&](absl::Time t) {
    if (!next.has_value() || t < *next) next = t;
  };
  if (state.has_report_due_at() && !state.has_report_received_at() &&
      !IsFiring(state,
                InspectionAlertId(
                    state.inspection_id(),
                    domain::Rule(RuleId::kInspectionReportNotReceived).id))) {
    consider(FromProto(state.report_due_at()));
  }
  if (state.has_remediation_due_at() && !state.has_remediation_reported_at() &&
      !IsFiring(state,
                InspectionAlertId(
                    state.inspection_id(),
                    domain::Rule(RuleId::kInspectionRemediationOverdue).id))) {
    consider(FromProto(state.remediation_due_at()));
  }
  return next;
}

}  // namespace giamsat::inspection
