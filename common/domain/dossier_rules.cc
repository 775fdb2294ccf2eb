#include "common/domain/dossier_rules.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/calendar/explanation.h"
#include "common/calendar/explanation_text.h"
#include "common/calendar/working_time.h"
#include "common/core/proto_time.h"
#include "common/core/vietnam_time.h"
#include "common/domain/figure_fields.h"
#include "common/domain/rule_catalogue.h"
#include "common/domain/subject_alerts.h"

namespace giamsat::domain {

using core::FromProto;
using core::ToProto;

namespace {

calendar::Limit LimitOf(const v1::LegalDuration& d) {
  return d.working_hours() > 0
             ? calendar::Limit::WorkingHours(d.working_hours())
             : calendar::Limit::WorkingDays(d.working_days());
}

calendar::CountingMode ModeOf(const v1::DossierState& state,
                              const DossierRulesConfig& config) {
  switch (state.counting_mode()) {
    case v1::COUNTING_MODE_HOURS:
      return calendar::CountingMode::kHours;
    case v1::COUNTING_MODE_DAYS:
      return calendar::CountingMode::kDays;
    default:
      return state.legal_duration().working_hours() > 0
                 ? calendar::CountingMode::kHours
                 : config.default_mode;
  }
}

absl::StatusOr<calendar::Deadline> LegalDeadline(
    const calendar::Calendar& cal, const v1::DossierState& state,
    const DossierRulesConfig& config, absl::Time start) {
  return calendar::DueTime(cal, start, LimitOf(state.legal_duration()),
                           ModeOf(state, config), config.start_policy);
}

// When "due soon" begins for the current due time: the larger of the two
// configured thresholds before it, in working time.
absl::StatusOr<absl::Time> DueSoonAt(const calendar::Calendar& cal,
                                     const v1::DossierState& state,
                                     const DossierRulesConfig& config) {
  absl::StatusOr<calendar::Deadline> d =
      LegalDeadline(cal, state, config, FromProto(state.clock_start_at()));
  if (!d.ok()) return d.status();
  const absl::Duration threshold =
      std::max(config.due_soon.remaining_below,
               d->total_working_time * config.due_soon.fraction_below);
  return calendar::SubtractWorkingTime(
      cal, FromProto(state.due_at()),
      std::min(threshold, d->total_working_time));
}

bool HasFiring(const v1::DossierState& state, RuleId rule) {
  const std::string needle = absl::StrCat(":", Rule(rule).id, ":");
  return std::any_of(
      state.firing_alerts().begin(), state.firing_alerts().end(),
      [&](const std::string& id) { return absl::StrContains(id, needle); });
}

}  // namespace

// One Apply/Evaluate call: the state being changed and what it produced.
class DossierRules::Run {
 public:
  Run(const DossierRules& rules, v1::DossierState& state)
      : rules_(rules), cal_(*rules.calendar_), state_(state) {}

  DossierOutcome Take() { return std::move(out_); }

  void ApplyEvent(const v1::Event& event, absl::Time now);
  void Evaluate(absl::Time now);

 private:
  // --- helpers -------------------------------------------------------------
  absl::StatusOr<calendar::Deadline> DeadlineFrom(absl::Time start) const {
    return LegalDeadline(cal_, state_, rules_.config_, start);
  }
  calendar::CountingMode Mode() const { return ModeOf(state_, rules_.config_); }
  bool Problem(const absl::Status& s, absl::string_view what) {
    if (s.ok()) return false;
    out_.problems.push_back(absl::StrCat("dossier ", state_.dossier_id(), ": ",
                                         what, ": ", s.ToString()));
    return true;
  }
  void Delta(const std::string& unit, std::optional<absl::Time> at,
             absl::string_view field, int64_t delta) {
    out_.deltas.push_back(UnitDelta(unit, at, field, delta));
  }
  std::string AlertId(RuleId rule, absl::string_view version) const {
    return SubjectAlertId("dossier", state_.dossier_id(), rule, version);
  }
  static std::string Version(absl::Time t) { return AlertVersion(t); }
  v1::Alert NewAlert(RuleId rule, const std::string& id,
                     const std::string& unit, absl::Time decided_at) const {
    v1::Alert a = SubjectAlert(rule, id, v1::SUBJECT_DOSSIER,
                               state_.dossier_id(), unit, decided_at);
    if (state_.has_due_at()) *a.mutable_due_at() = state_.due_at();
    return a;
  }
  void Fire(RuleId rule, absl::string_view version, absl::Time decided_at,
            std::string vi, std::string en, std::string unit = {}) {
    v1::Alert a = NewAlert(rule, AlertId(rule, version),
                           unit.empty() ? state_.unit_id() : unit, decided_at);
    a.set_explanation_vi(std::move(vi));
    a.set_explanation_en(std::move(en));
    FireOnce(std::move(a), *state_.mutable_firing_alerts(), out_.alerts);
  }
  void Resolve(RuleId rule, absl::Time decided_at, absl::string_view why) {
    ResolveRule(
        rule, why, *state_.mutable_firing_alerts(),
        [&](const std::string& id) {
          return NewAlert(rule, id, state_.unit_id(), decided_at);
        },
        out_.alerts);
  }
  // Whether an apology letter was issued at or before `due` (event time).
  bool ApologisedBy(absl::Time due) const {
    if (!state_.has_first_apology_at()) return state_.apologies() > 0;
    return FromProto(state_.first_apology_at()) <= due;
  }
  // DOSSIER_NO_APOLOGY, decided at `decided_at`, unless an apology letter
  // was issued by the due time.
  void FireNoApology(absl::Time decided_at) {
    const absl::Time due = Due();
    if (ApologisedBy(due)) return;
    Fire(RuleId::kDossierNoApology, Version(due), decided_at,
         absl::StrCat("Không có phiếu xin lỗi và hẹn lại ngày trả kết quả "
                      "trước hạn ",
                      calendar::FormatInstantVi(due), "."),
         absl::StrCat("No apology letter with a new date was issued before "
                      "the due time ",
                      calendar::FormatInstantEn(due), "."));
  }
  // "How the deadline was computed", in both languages.
  std::pair<std::string, std::string> DeadlineText() const {
    absl::StatusOr<calendar::Deadline> d =
        DeadlineFrom(FromProto(state_.clock_start_at()));
    if (!d.ok()) return {"", ""};
    absl::StatusOr<calendar::DeadlineExplanation> e =
        calendar::ExplainDeadline(cal_, *d);
    if (!e.ok()) return {"", ""};
    return {calendar::RenderVi(*e), calendar::RenderEn(*e)};
  }
  absl::Time Due() const { return FromProto(state_.due_at()); }
  // The due time moves to `due` at `t` (the limit restarts after a
  // supplement, or a suspension extends it). What was raised against the
  // old one is resolved and the next Evaluate judges the new one, so the
  // alerts depend on the events, not on whether the old due time was seen
  // passing before the move was read.
  void MoveDue(absl::Time due, absl::Time t) {
    const bool moved = !state_.has_due_at() || Due() != due;
    *state_.mutable_due_at() = ToProto(due);
    if (!moved) return;
    Resolve(RuleId::kDossierDueSoon, t, "deadline moved");
    if (!state_.overdue()) return;
    state_.set_overdue(false);
    Delta(state_.unit_id(), std::nullopt, kFieldInProgressOverdue, -1);
    Resolve(RuleId::kDossierOverdue, t, "deadline moved");
    Resolve(RuleId::kDossierNoApology, t, "deadline moved");
  }
  bool Paused() const { return state_.has_paused_since(); }
  void EndPause(absl::Time t) {
    if (!Paused()) return;
    const absl::Time since = FromProto(state_.paused_since());
    if (!state_.suspended()) {
      state_.set_waiting_seconds(state_.waiting_seconds() +
                                 absl::ToInt64Seconds(t - since));
    }
    state_.clear_paused_since();
  }

  absl::StatusOr<absl::Time> TransferDue(absl::Time received,
                                         absl::CivilDay day,
                                         absl::Time cutoff) const {
    if (received > cutoff) {
      absl::StatusOr<absl::CivilDay> next =
          calendar::NthWorkingDayAfter(cal_, day, 1);
      if (!next.ok()) return next.status();
      return calendar::OpeningOf(cal_, *next);
    }
    absl::StatusOr<absl::CivilDay> same =
        calendar::WorkingDayOnOrAfter(cal_, day);
    if (!same.ok()) return same.status();
    return calendar::CloseOfBusiness(cal_, *same);
  }

  // ND 61/2018 art. 18: a paper dossier goes to the handling unit the same
  // working day, or at the opening of the next one when received after the
  // cut-off; the first step starting later is a late transfer.
  void CheckTransfer(absl::Time first_step) {
    const absl::Time received = FromProto(state_.received_at());
    const absl::CivilDay day = core::VietnamDay(received);
    const absl::Time cutoff =
        absl::FromCivil(absl::CivilSecond(day), core::VietnamZone()) +
        rules_.config_.start_policy.cutoff;
    absl::StatusOr<absl::Time> due = TransferDue(received, day, cutoff);
    if (Problem(due.status(), "transfer limit") || first_step <= *due) return;
    Fire(RuleId::kDossierLateTransfer, "1", first_step,
         absl::StrCat("Hồ sơ giấy tiếp nhận lúc ",
                      calendar::FormatInstantVi(received),
                      " phải được chuyển cho cơ quan giải quyết trước ",
                      calendar::FormatInstantVi(*due),
                      " nhưng bước xử lý đầu tiên bắt đầu lúc ",
                      calendar::FormatInstantVi(first_step), "."),
         absl::StrCat(
             "Paper dossier received at ", calendar::FormatInstantEn(received),
             " had to reach the handling unit by ",
             calendar::FormatInstantEn(*due), " but its first step started at ",
             calendar::FormatInstantEn(first_step), "."));
  }

  // --- event handlers ------------------------------------------------------
  void Received(const v1::Event& event, absl::Time t);
  void StepStarted(const v1::DossierEvent& d, absl::Time t);
  void StepCompleted(const v1::DossierEvent& d, absl::Time t);
  void SupplementRequested(absl::Time t);
  void SupplementReceived(absl::Time t);
  void Suspended(absl::Time t);
  void Resumed(absl::Time t);
  void ApologyIssued(const v1::DossierEvent& d, absl::Time t);
  // A pause that began before the due time, learnt after the overdue timer
  // fired (the event arrived late): the dossier was not overdue after all.
  void CorrectOverdueBeforePause(absl::Time pause_start) {
    if (!state_.overdue() || !state_.has_due_at() || pause_start > Due()) {
      return;
    }
    state_.set_overdue(false);
    Delta(state_.unit_id(), std::nullopt, kFieldInProgressOverdue, -1);
    const char* why = "corrected: paused before the due time (late event)";
    Resolve(RuleId::kDossierOverdue, pause_start, why);
    Resolve(RuleId::kDossierNoApology, pause_start, why);
  }
  // Accumulates the Decision 766 attributes an event carries.
  void Attributes(const v1::DossierEvent& d) {
    if (d.fee_bearing()) state_.set_fee_bearing(true);
    if (d.paid_online()) state_.set_paid_online(true);
    if (d.electronic_result()) state_.set_electronic_result(true);
    if (d.digitised_input()) state_.set_digitised_input(true);
    if (d.reused_digitised_data()) state_.set_reused_digitised_data(true);
  }
  // Counts the Decision 766 attributes of a resolved dossier.
  void CountResolved766(const std::string& unit, absl::Time t) {
    if (state_.fee_bearing()) {
      Delta(unit, t, kFieldResolvedFeeBearing, 1);
      if (state_.paid_online()) Delta(unit, t, kFieldResolvedPaidOnline, 1);
    }
    if (state_.electronic_result()) {
      Delta(unit, t, kFieldResolvedEResult, 1);
      if (state_.digitised_input()) Delta(unit, t, kFieldResolvedDigitised, 1);
    }
    if (state_.reused_digitised_data()) {
      Delta(unit, t, kFieldResolvedReused, 1);
    }
    if (state_.has_received_at()) {
      Delta(unit, t, kFieldProcessingSeconds,
            std::max<int64_t>(
                0, absl::ToInt64Seconds(t - FromProto(state_.received_at()))));
    }
  }
  std::string UnitOrEvent(const v1::Event& event) const {
    return state_.unit_id().empty() ? event.unit_id() : state_.unit_id();
  }
  void Closed(const v1::Event& event, absl::Time t);
  void Verdict(absl::Time finished);

  const DossierRules& rules_;
  const calendar::Calendar& cal_;
  v1::DossierState& state_;
  DossierOutcome out_;
};

void DossierRules::Run::ApplyEvent(const v1::Event& event, absl::Time now) {
  const v1::DossierEvent& d = event.dossier();
  const absl::Time t = FromProto(event.occurred_at());
  state_.set_dossier_id(d.dossier_id());
  Attributes(d);
  switch (d.kind()) {
    case v1::DOSSIER_RECEIVED:
      Received(event, t);
      break;
    case v1::DOSSIER_STEP_STARTED:
      StepStarted(d, t);
      break;
    case v1::DOSSIER_STEP_COMPLETED:
      StepCompleted(d, t);
      break;
    case v1::DOSSIER_SUPPLEMENT_REQUESTED:
      SupplementRequested(t);
      break;
    case v1::DOSSIER_SUPPLEMENT_RECEIVED:
      SupplementReceived(t);
      break;
    case v1::DOSSIER_SUSPENDED:
      Suspended(t);
      break;
    case v1::DOSSIER_RESUMED:
      Resumed(t);
      break;
    case v1::DOSSIER_APOLOGY_ISSUED:
      ApologyIssued(d, t);
      break;
    case v1::DOSSIER_RESOLVED:
    case v1::DOSSIER_WITHDRAWN:
      Closed(event, t);
      break;
    case v1::DOSSIER_RESULT_RETURNED:
      state_.set_result_returned(true);
      Resolve(RuleId::kDossierResultNotReturned, t, "result returned");
      break;
    case v1::DOSSIER_SATISFACTION_RATED:
      if (d.rating() >= 1 && d.rating() <= rules_.config_.dislike_rating_max &&
          !state_.disliked()) {
        state_.set_disliked(true);
        Delta(UnitOrEvent(event), t, kFieldDisliked, 1);
      }
      break;
    default:
      break;
  }
  Evaluate(now);
}

void DossierRules::Run::Received(const v1::Event& event, absl::Time t) {
  if (state_.received()) {
    out_.problems.push_back(
        absl::StrCat("dossier ", state_.dossier_id(), ": received twice"));
    return;
  }
  const v1::DossierEvent& d = event.dossier();
  state_.set_received(true);
  state_.set_unit_id(event.unit_id());
  *state_.mutable_received_at() = event.occurred_at();
  state_.set_procedure_code(d.procedure_code());
  state_.set_field_code(d.field_code());
  state_.set_channel(d.channel());
  *state_.mutable_legal_duration() = d.legal_duration();
  state_.set_counting_mode(d.legal_duration().counting_mode());
  if (d.has_appointment_at())
    *state_.mutable_appointment_at() = d.appointment_at();
  *state_.mutable_clock_start_at() = event.occurred_at();
  Delta(state_.unit_id(), t, kFieldReceived, 1);
  if (d.channel() == v1::CHANNEL_ONLINE) {
    Delta(state_.unit_id(), t, kFieldReceivedOnline, 1);
  }
  if (!state_.closed())
    Delta(state_.unit_id(), std::nullopt, kFieldInProgress, 1);

  absl::StatusOr<calendar::Deadline> deadline = DeadlineFrom(t);
  if (Problem(deadline.status(), "due time")) return;
  *state_.mutable_due_at() = ToProto(deadline->due);
  *state_.mutable_original_due_at() = ToProto(deadline->due);
  if (d.has_appointment_at() &&
      absl::AbsDuration(FromProto(d.appointment_at()) - deadline->due) >
          rules_.config_.appointment_tolerance) {
    auto [vi, en] = DeadlineText();
    Fire(RuleId::kDossierAppointmentMismatch, Version(deadline->due), t,
         absl::StrCat("Ngày hẹn trả do hệ thống nguồn ghi (",
                      calendar::FormatInstantVi(FromProto(d.appointment_at())),
                      ") khác hạn tính theo quy định. ", vi),
         absl::StrCat("The source system's appointment date (",
                      calendar::FormatInstantEn(FromProto(d.appointment_at())),
                      ") differs from the computed due time. ", en));
  }
  // A resolution that arrived before the receipt can now be judged.
  if (state_.closed() && state_.closed_by() == v1::DOSSIER_RESOLVED) {
    Verdict(FromProto(state_.closed_at()));
  }
}

void DossierRules::Run::StepStarted(const v1::DossierEvent& d, absl::Time t) {
  if (state_.steps_size() == 0 && state_.received() &&
      state_.channel() != v1::CHANNEL_ONLINE) {
    CheckTransfer(t);
  }
  v1::StepState* step = state_.add_steps();
  step->set_step_id(d.step().step_id());
  step->set_unit_id(d.step().unit_id());
  *step->mutable_started_at() = ToProto(t);
  const v1::LegalDuration& share = d.step().share();
  if (share.working_days() > 0 || share.working_hours() > 0) {
    absl::StatusOr<calendar::Deadline> due = calendar::DueTime(
        cal_, t, LimitOf(share),
        share.working_hours() > 0 ? calendar::CountingMode::kHours : Mode(),
        calendar::StartPolicy{absl::Hours(24),
                              calendar::LateDayPolicy::kNoEffect});
    if (!Problem(due.status(), "step due time")) {
      *step->mutable_due_at() = ToProto(due->due);
    }
  }
}

void DossierRules::Run::StepCompleted(const v1::DossierEvent& d, absl::Time t) {
  v1::StepState* step = nullptr;
  for (auto& s : *state_.mutable_steps()) {
    if (s.step_id() == d.step().step_id()) step = &s;
  }
  if (step == nullptr) {
    out_.problems.push_back(absl::StrCat("dossier ", state_.dossier_id(),
                                         ": step ", d.step().step_id(),
                                         " completed but never started"));
    return;
  }
  if (step->has_completed_at()) return;
  *step->mutable_completed_at() = ToProto(t);
  if (!step->has_due_at()) return;
  const absl::Time due = FromProto(step->due_at());
  if (t <= due) {
    Delta(step->unit_id(), t, kFieldStepsOnTime, 1);
    return;
  }
  step->set_late(true);
  Delta(step->unit_id(), t, kFieldStepsLate, 1);
  Fire(RuleId::kDossierStepLate, step->step_id(), t,
       absl::StrCat("Bước ", step->step_id(), " do đơn vị ", step->unit_id(),
                    " xử lý hoàn thành lúc ", calendar::FormatInstantVi(t),
                    ", sau hạn phân kỳ ", calendar::FormatInstantVi(due), "."),
       absl::StrCat("Step ", step->step_id(), " held by unit ", step->unit_id(),
                    " finished at ", calendar::FormatInstantEn(t),
                    ", after its share of the "
                    "deadline ended at ",
                    calendar::FormatInstantEn(due), "."),
       step->unit_id());
}

void DossierRules::Run::SupplementRequested(absl::Time t) {
  if (state_.closed()) return;
  state_.set_supplement_requests(state_.supplement_requests() + 1);
  if (state_.supplement_requests() == 2) {
    Fire(RuleId::kDossierSecondSupplement, "2", t,
         absl::StrCat("Yêu cầu bổ sung lần thứ hai lúc ",
                      calendar::FormatInstantVi(t),
                      "; hướng dẫn bổ sung phải đầy đủ, một lần."),
         absl::StrCat("Second supplement request at ",
                      calendar::FormatInstantEn(t),
                      "; the guidance must be complete, in one go."));
  }
  if (state_.supplement_requests() == 1 && state_.received()) {
    const absl::CivilDay accepted =
        core::VietnamDay(FromProto(state_.received_at()));
    absl::StatusOr<absl::CivilDay> last = calendar::NthWorkingDayAfter(
        cal_, accepted, rules_.config_.supplement_request_within_days);
    absl::StatusOr<absl::Time> limit =
        last.ok() ? calendar::CloseOfBusiness(cal_, *last)
                  : absl::StatusOr<absl::Time>(last.status());
    if (!Problem(limit.status(), "supplement limit") && t > *limit) {
      Fire(RuleId::kDossierLateSupplementRequest, "1", t,
           absl::StrCat("Yêu cầu bổ sung lúc ", calendar::FormatInstantVi(t),
                        ", sau thời hạn ", calendar::FormatInstantVi(*limit),
                        " (", rules_.config_.supplement_request_within_days,
                        " ngày làm việc kể từ ngày tiếp nhận)."),
           absl::StrCat("Supplement requested at ",
                        calendar::FormatInstantEn(t), ", after the limit of ",
                        calendar::FormatInstantEn(*limit), " (",
                        rules_.config_.supplement_request_within_days,
                        " working days from acceptance)."));
    }
  }
  if (!Paused()) {
    CorrectOverdueBeforePause(t);
    *state_.mutable_paused_since() = ToProto(t);
    state_.set_suspended(false);
  }
}

void DossierRules::Run::SupplementReceived(absl::Time t) {
  if (state_.closed() || !Paused() || state_.suspended()) return;
  EndPause(t);
  // The limit restarts from zero (ND 61/2018 art. 19(4)).
  *state_.mutable_clock_start_at() = ToProto(t);
  absl::StatusOr<calendar::Deadline> deadline = DeadlineFrom(t);
  if (Problem(deadline.status(), "restarted due time")) return;
  MoveDue(deadline->due, t);
}

void DossierRules::Run::Suspended(absl::Time t) {
  if (state_.closed() || Paused()) return;
  CorrectOverdueBeforePause(t);
  *state_.mutable_paused_since() = ToProto(t);
  state_.set_suspended(true);
}

void DossierRules::Run::Resumed(absl::Time t) {
  if (state_.closed() || !Paused() || !state_.suspended()) return;
  absl::StatusOr<absl::Duration> held =
      calendar::WorkingTimeBetween(cal_, FromProto(state_.paused_since()), t);
  state_.clear_paused_since();
  state_.set_suspended(false);
  if (Problem(held.status(), "suspension") || !state_.has_due_at()) return;
  absl::StatusOr<absl::Time> due = calendar::AddWorkingTime(cal_, Due(), *held);
  if (Problem(due.status(), "extended due time")) return;
  MoveDue(*due, t);
}

void DossierRules::Run::ApologyIssued(const v1::DossierEvent& d, absl::Time t) {
  state_.set_apologies(state_.apologies() + 1);
  *state_.mutable_apology_at() = ToProto(t);
  if (!state_.has_first_apology_at()) {
    *state_.mutable_first_apology_at() = ToProto(t);
  }
  // Issued in time, but read after "no apology" was raised (the event
  // arrived late, or the service caught up with a backlog): corrected.
  if (state_.has_due_at() && t <= Due()) {
    Resolve(RuleId::kDossierNoApology, t,
            "corrected: apology issued before the due time (the event "
            "arrived late)");
  }
  if (d.has_new_appointment_at()) {
    *state_.mutable_new_appointment_at() = d.new_appointment_at();
  }
  if (state_.apologies() == 2) {
    Fire(RuleId::kDossierSecondReschedule, "2", t,
         absl::StrCat("Phiếu xin lỗi và hẹn lại lần thứ hai lúc ",
                      calendar::FormatInstantVi(t),
                      "; ngày trả kết quả chỉ được hẹn lại một lần."),
         absl::StrCat("Second apology and new date at ",
                      calendar::FormatInstantEn(t),
                      "; the result date may be moved once only."));
  }
}

void DossierRules::Run::Closed(const v1::Event& event, absl::Time t) {
  if (state_.closed()) return;
  const v1::DossierEventKind kind = event.dossier().kind();
  // Where the legal clock stopped: at a pause still open, else now.
  const absl::Time stopped = Paused() ? FromProto(state_.paused_since()) : t;
  if (Paused()) EndPause(t);
  state_.set_closed(true);
  *state_.mutable_closed_at() = ToProto(t);
  state_.set_closed_by(kind);
  const std::string unit =
      state_.received() ? state_.unit_id() : event.unit_id();
  if (!state_.received()) state_.set_unit_id(unit);
  if (kind == v1::DOSSIER_RESOLVED) {
    Delta(unit, t, kFieldResolved, 1);
    CountResolved766(unit, t);
  }
  if (state_.overdue()) {
    state_.set_overdue(false);
    Delta(unit, std::nullopt, kFieldInProgressOverdue, -1);
  }
  if (state_.received()) Delta(unit, std::nullopt, kFieldInProgress, -1);
  const char* why = kind == v1::DOSSIER_RESOLVED ? "resolved" : "withdrawn";
  Resolve(RuleId::kDossierDueSoon, t, why);
  if (kind == v1::DOSSIER_RESOLVED && state_.has_due_at()) {
    Verdict(t);
    if (event.dossier().outcome() == v1::RESOLUTION_REFUSED &&
        state_.verdict() == kVerdictLate) {
      Fire(RuleId::kDossierLateRefusal, Version(Due()), t,
           absl::StrCat("Thông báo từ chối lúc ", calendar::FormatInstantVi(t),
                        ", sau hạn ", calendar::FormatInstantVi(Due()),
                        "; việc từ chối phải được thông báo trong thời hạn "
                        "giải quyết."),
           absl::StrCat("Refusal notified at ", calendar::FormatInstantEn(t),
                        ", after the due time ",
                        calendar::FormatInstantEn(Due()),
                        "; a refusal must be notified within the limit."));
    }
    if (state_.verdict() != kVerdictLate) {
      Resolve(RuleId::kDossierOverdue, t,
              "corrected: resolved in time (the event arrived late)");
      Resolve(RuleId::kDossierNoApology, t,
              "corrected: resolved in time (the event arrived late)");
    } else {
      Resolve(RuleId::kDossierOverdue, t, "resolved late");
    }
  } else {
    if (kind == v1::DOSSIER_WITHDRAWN && state_.has_due_at()) {
      // "No apology" is settled by the events, as for a resolution: a
      // withdrawal after the due time keeps (or raises) it, one before it
      // corrects it.
      if (stopped > Due()) {
        FireNoApology(t);
      } else {
        Resolve(RuleId::kDossierNoApology, t,
                "corrected: withdrawn before the due time (the event arrived "
                "late)");
      }
    }
    Resolve(RuleId::kDossierOverdue, t, why);
  }
}

void DossierRules::Run::Verdict(absl::Time finished) {
  absl::StatusOr<calendar::TimelinessVerdict> v =
      calendar::Classify(cal_, Due(), finished);
  if (Problem(v.status(), "verdict")) return;
  const std::string& unit = state_.unit_id();
  switch (v->verdict) {
    case calendar::Timeliness::kEarly:
      state_.set_verdict(kVerdictEarly);
      Delta(unit, finished, kFieldResolvedEarly, 1);
      break;
    case calendar::Timeliness::kOnTime:
      state_.set_verdict(kVerdictOnTime);
      Delta(unit, finished, kFieldResolvedOnTime, 1);
      break;
    case calendar::Timeliness::kLate: {
      state_.set_verdict(kVerdictLate);
      Delta(unit, finished, kFieldResolvedLate, 1);
      auto [vi, en] = DeadlineText();
      Fire(RuleId::kDossierResolvedLate, Version(Due()), finished,
           absl::StrCat(calendar::RenderVi(*v), " ", vi),
           absl::StrCat(calendar::RenderEn(*v), " ", en));
      // Also when the dossier was never seen overdue while open (its
      // events were read after the fact).
      FireNoApology(finished);
      break;
    }
  }
  // Decision 766 clock: end time minus waiting on the citizen, against the
  // original due time; a second supplement request is late.
  const absl::Time end_766 = finished - absl::Seconds(state_.waiting_seconds());
  const bool late_766 = state_.supplement_requests() >= 2 ||
                        end_766 > FromProto(state_.original_due_at());
  state_.set_verdict_766(late_766 ? kVerdictLate : kVerdictOnTime);
  Delta(unit, finished,
        late_766 ? kFieldResolved766Late : kFieldResolved766OnTime, 1);
}

void DossierRules::Run::Evaluate(absl::Time now) {
  if (!state_.received()) return;
  if (state_.closed()) {
    if (state_.closed_by() != v1::DOSSIER_RESOLVED ||
        state_.result_returned()) {
      return;
    }
    const absl::Time closed = FromProto(state_.closed_at());
    absl::StatusOr<absl::Time> limit = calendar::AddWorkingTime(
        cal_, closed, rules_.config_.result_return_within);
    if (!Problem(limit.status(), "result return limit") && now > *limit) {
      Fire(RuleId::kDossierResultNotReturned, Version(closed), now,
           absl::StrCat("Hồ sơ đã giải quyết lúc ",
                        calendar::FormatInstantVi(closed),
                        " nhưng chưa trả kết quả trong hạn ",
                        calendar::FormatInstantVi(*limit), "."),
           absl::StrCat("Resolved at ", calendar::FormatInstantEn(closed),
                        " but the result was not returned by ",
                        calendar::FormatInstantEn(*limit), "."));
    }
    return;
  }
  if (Paused() || !state_.has_due_at()) return;
  const absl::Time due = Due();
  const bool overdue_now = now > due;
  if (overdue_now && !state_.overdue()) {
    state_.set_overdue(true);
    Delta(state_.unit_id(), std::nullopt, kFieldInProgressOverdue, 1);
    Resolve(RuleId::kDossierDueSoon, now, "superseded: overdue");
    auto [vi, en] = DeadlineText();
    Fire(RuleId::kDossierOverdue, Version(due), now,
         absl::StrCat("Hồ sơ ", state_.dossier_id(),
                      " chưa được giải quyết khi hết hạn ",
                      calendar::FormatInstantVi(due), ". ", vi),
         absl::StrCat("Dossier ", state_.dossier_id(),
                      " was not resolved by its due time ",
                      calendar::FormatInstantEn(due), ". ", en));
    FireNoApology(now);
  } else if (!overdue_now && state_.overdue()) {
    state_.set_overdue(false);
    Delta(state_.unit_id(), std::nullopt, kFieldInProgressOverdue, -1);
    Resolve(RuleId::kDossierOverdue, now, "deadline moved");
    Resolve(RuleId::kDossierNoApology, now, "deadline moved");
  }
  if (overdue_now) return;
  absl::StatusOr<absl::Time> soon = DueSoonAt(cal_, state_, rules_.config_);
  if (Problem(soon.status(), "due soon")) return;
  if (now >= *soon) {
    Fire(RuleId::kDossierDueSoon, Version(due), now,
         absl::StrCat("Hồ sơ ", state_.dossier_id(), " sắp đến hạn ",
                      calendar::FormatInstantVi(due), "."),
         absl::StrCat("Dossier ", state_.dossier_id(), " is due soon, at ",
                      calendar::FormatInstantEn(due), "."));
  }
}

DossierRules::DossierRules(std::shared_ptr<const calendar::Calendar> calendar,
                           DossierRulesConfig config)
    : calendar_(std::move(calendar)), config_(config) {}

DossierOutcome DossierRules::Apply(const v1::Event& event,
                                   v1::DossierState& state,
                                   absl::Time now) const {
  if (std::find(state.applied_event_ids().begin(),
                state.applied_event_ids().end(),
                event.event_id()) != state.applied_event_ids().end()) {
    DossierOutcome dup;
    dup.duplicate = true;
    return dup;
  }
  state.add_applied_event_ids(event.event_id());
  auto* ids = state.mutable_applied_event_ids();
  if (ids->size() > kRememberedEventIds) {
    ids->DeleteSubrange(0, ids->size() - kRememberedEventIds);
  }
  v1::TimelineEntry* entry = state.add_timeline();
  entry->set_event_id(event.event_id());
  entry->set_kind(event.dossier().kind());
  *entry->mutable_occurred_at() = event.occurred_at();
  entry->set_unit_id(event.dossier().has_step() &&
                             !event.dossier().step().unit_id().empty()
                         ? event.dossier().step().unit_id()
                         : event.unit_id());
  entry->set_step_id(event.dossier().step().step_id());
  entry->set_reason(event.dossier().reason());
  if (state.timeline_size() > kTimelineEntries) {
    state.mutable_timeline()->DeleteSubrange(
        0, state.timeline_size() - kTimelineEntries);
  }
  Run run(*this, state);
  run.ApplyEvent(event, now);
  return run.Take();
}

DossierOutcome DossierRules::Evaluate(v1::DossierState& state,
                                      absl::Time now) const {
  Run run(*this, state);
  run.Evaluate(now);
  return run.Take();
}

std::optional<absl::Time> DossierRules::NextCheck(
    const v1::DossierState& state) const {
  if (!state.received() || !state.has_due_at()) return std::nullopt;
  if (state.closed()) {
    if (state.closed_by() != v1::DOSSIER_RESOLVED || state.result_returned() ||
        HasFiring(state, RuleId::kDossierResultNotReturned)) {
      return std::nullopt;
    }
    absl::StatusOr<absl::Time> limit = calendar::AddWorkingTime(
        *calendar_, FromProto(state.closed_at()), config_.result_return_within);
    if (!limit.ok()) return std::nullopt;
    return *limit + absl::Milliseconds(1);
  }
  if (state.has_paused_since() || state.overdue()) return std::nullopt;
  absl::Time next = FromProto(state.due_at()) + absl::Milliseconds(1);
  if (!HasFiring(state, RuleId::kDossierDueSoon)) {
    absl::StatusOr<absl::Time> soon = DueSoonAt(*calendar_, state, config_);
    if (soon.ok() && *soon < next) next = *soon;
  }
  return next;
}

}  // namespace giamsat::domain
