#include "common/domain/feedback_rules.h"

#include <algorithm>
#include <initializer_list>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/calendar/explanation.h"
#include "common/calendar/explanation_text.h"
#include "common/core/proto_time.h"
#include "common/core/vietnam_time.h"
#include "common/domain/dossier_rules.h"
#include "common/domain/figure_fields.h"
#include "common/domain/rule_catalogue.h"
#include "common/domain/subject_alerts.h"

namespace giamsat::domain {

using core::FromProto;
using core::ToProto;

namespace {

using Level = v1::FeedbackState::Level;

Level LevelOf(const v1::FeedbackState& s) {
  if (s.urgent()) return v1::FeedbackState::LEVEL_URGENT;
  if (s.complex()) return v1::FeedbackState::LEVEL_COMPLEX;
  return v1::FeedbackState::LEVEL_NORMAL;
}

const FeedbackLimit& AcknowledgeLimit(const FeedbackRulesConfig& config,
                                      const v1::FeedbackState& s) {
  return LevelOf(s) == v1::FeedbackState::LEVEL_URGENT
             ? config.acknowledge_urgent
             : config.acknowledge;
}

const FeedbackLimit& AnswerLimit(const FeedbackRulesConfig& config,
                                 const v1::FeedbackState& s) {
  switch (LevelOf(s)) {
    case v1::FeedbackState::LEVEL_URGENT:
      return config.answer_urgent;
    case v1::FeedbackState::LEVEL_COMPLEX:
      return config.answer_complex;
    default:
      return config.answer_normal;
  }
}

// Open: received, not answered in the current round and not closed.
bool IsOpen(const v1::FeedbackState& s) {
  return s.received() && !s.responded() && !s.closed();
}

bool IsOpenOverdue(const v1::FeedbackState& s) {
  return IsOpen(s) && s.answer_overdue();
}

bool HasFiring(const v1::FeedbackState& state, RuleId rule) {
  const std::string needle = absl::StrCat(":", Rule(rule).id, ":");
  return std::any_of(
      state.firing_alerts().begin(), state.firing_alerts().end(),
      [&](const std::string& id) { return absl::StrContains(id, needle); });
}

absl::Status ValidateLimit(const FeedbackLimit& l, absl::string_view name) {
  if (l.limit.in_days() ? l.limit.days() < 0
                        : l.limit.duration() < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("feedback rules: ", name, ": negative limit"));
  }
  if (!l.limit.in_days() && l.mode == calendar::CountingMode::kDays) {
    return absl::InvalidArgumentError(
        absl::StrCat("feedback rules: ", name,
                     ": a limit in hours needs the HOURS counting mode"));
  }
  return absl::OkStatus();
}

std::string LevelVi(Level level) {
  switch (level) {
    case v1::FeedbackState::LEVEL_URGENT:
      return "khẩn";
    case v1::FeedbackState::LEVEL_COMPLEX:
      return "phức tạp";
    default:
      return "thông thường";
  }
}

std::string LevelEn(Level level) {
  switch (level) {
    case v1::FeedbackState::LEVEL_URGENT:
      return "urgent";
    case v1::FeedbackState::LEVEL_COMPLEX:
      return "complex";
    default:
      return "normal";
  }
}

}  // namespace

FeedbackRulesConfig FeedbackLimitSettings::ToConfig() const {
  FeedbackRulesConfig c;
  c.acknowledge.limit =
      calendar::Limit::WorkingHours(acknowledge_working_hours);
  c.acknowledge_urgent.limit =
      calendar::Limit::WorkingHours(acknowledge_urgent_working_hours);
  c.answer_normal.limit =
      calendar::Limit::WorkingDays(answer_normal_working_days);
  c.answer_complex.limit =
      calendar::Limit::WorkingDays(answer_complex_working_days);
  c.answer_urgent.limit =
      calendar::Limit::WorkingHours(answer_urgent_working_hours);
  c.transfer.limit = calendar::Limit::WorkingDays(transfer_working_days);
  return c;
}

absl::Status ValidateFeedbackRulesConfig(const FeedbackRulesConfig& config) {
  for (const auto& [limit, name] :
       std::initializer_list<std::pair<const FeedbackLimit*, const char*>>{
           {&config.acknowledge, "acknowledge"},
           {&config.acknowledge_urgent, "acknowledge_urgent"},
           {&config.answer_normal, "answer_normal"},
           {&config.answer_complex, "answer_complex"},
           {&config.answer_urgent, "answer_urgent"},
           {&config.transfer, "transfer"}}) {
    absl::Status s = ValidateLimit(*limit, name);
    if (!s.ok()) return s;
  }
  for (const auto& [limit, name] :
       std::initializer_list<std::pair<const FeedbackLimit*, const char*>>{
           {&config.acknowledge, "acknowledge"},
           {&config.acknowledge_urgent, "acknowledge_urgent"},
           {&config.transfer, "transfer"}}) {
    if (limit->from_acknowledgement) {
      return absl::InvalidArgumentError(absl::StrCat(
          "feedback rules: ", name, ": cannot be counted from the acceptance"));
    }
  }
  return absl::OkStatus();
}

// One Apply/Evaluate call: the state being changed and what it produced.
// Stock figures are reconciled once, in Take(), from the state before and
// after (open / open and overdue, and the unit holding the item).
class FeedbackRules::Run {
 public:
  Run(const FeedbackRules& rules, v1::FeedbackState& state)
      : cal_(*rules.calendar_),
        config_(rules.config_),
        state_(state),
        was_open_(IsOpen(state)),
        was_overdue_(IsOpenOverdue(state)),
        was_unit_(state.unit_id()) {}

  FeedbackOutcome Take() {
    Stock(kFieldFeedbackOpen, was_open_, IsOpen(state_));
    Stock(kFieldFeedbackOpenOverdue, was_overdue_, IsOpenOverdue(state_));
    return std::move(out_);
  }

  void ApplyEvent(const v1::Event& event, absl::Time now);
  void Evaluate(absl::Time now);
  FeedbackDeadlineText Explain() const;

 private:
  // --- helpers -------------------------------------------------------------
  bool Problem(const absl::Status& s, absl::string_view what) {
    if (s.ok()) return false;
    out_.problems.push_back(absl::StrCat("feedback ", state_.feedback_id(),
                                         ": ", what, ": ", s.ToString()));
    return true;
  }
  void Delta(const std::string& unit, std::optional<absl::Time> at,
             absl::string_view field, int64_t delta) {
    out_.deltas.push_back(UnitDelta(unit, at, field, delta));
  }
  void Stock(absl::string_view field, bool before, bool after) {
    const bool moved = state_.unit_id() != was_unit_;
    if (before && (!after || moved)) Delta(was_unit_, std::nullopt, field, -1);
    if (after && (!before || moved)) {
      Delta(state_.unit_id(), std::nullopt, field, 1);
    }
  }
  std::string AlertId(RuleId rule, absl::string_view version) const {
    return SubjectAlertId("feedback", state_.feedback_id(), rule, version);
  }
  static std::string Version(absl::Time t) { return AlertVersion(t); }
  v1::Alert NewAlert(RuleId rule, const std::string& id,
                     const std::string& unit, absl::Time decided_at,
                     std::optional<absl::Time> due) const {
    v1::Alert a = SubjectAlert(rule, id, v1::SUBJECT_FEEDBACK,
                               state_.feedback_id(), unit, decided_at);
    if (due.has_value()) *a.mutable_due_at() = ToProto(*due);
    return a;
  }
  void Fire(RuleId rule, absl::string_view version, absl::Time decided_at,
            std::optional<absl::Time> due, std::string vi, std::string en,
            std::string unit = {}) {
    v1::Alert a =
        NewAlert(rule, AlertId(rule, version),
                 unit.empty() ? state_.unit_id() : unit, decided_at, due);
    a.set_explanation_vi(std::move(vi));
    a.set_explanation_en(std::move(en));
    FireOnce(std::move(a), *state_.mutable_firing_alerts(), out_.alerts);
  }
  void Resolve(RuleId rule, absl::Time decided_at, absl::string_view why) {
    ResolveRule(
        rule, why, *state_.mutable_firing_alerts(),
        [&](const std::string& id) {
          return NewAlert(rule, id, state_.unit_id(), decided_at, std::nullopt);
        },
        out_.alerts);
  }

  absl::StatusOr<calendar::Deadline> DueFrom(const FeedbackLimit& l,
                                             absl::Time start) const {
    return calendar::DueTime(cal_, start, l.limit, l.mode,
                             config_.start_policy);
  }
  // Where the answer clock of the current round starts; nullopt while it
  // waits for the acceptance.
  std::optional<absl::Time> AnswerStart() const {
    if (!state_.has_clock_start_at()) return std::nullopt;
    const absl::Time start = FromProto(state_.clock_start_at());
    if (!AnswerLimit(config_, state_).from_acknowledgement) return start;
    if (!state_.has_acknowledged_at()) return std::nullopt;
    return std::max(start, FromProto(state_.acknowledged_at()));
  }
  // Computes the acceptance and answer due instants of the current round.
  void ComputeDues() {
    if (!state_.received() || !state_.has_clock_start_at()) return;
    if (!state_.has_acknowledged_at()) {
      absl::StatusOr<calendar::Deadline> d =
          DueFrom(AcknowledgeLimit(config_, state_),
                  FromProto(state_.clock_start_at()));
      if (!Problem(d.status(), "acceptance due time")) {
        *state_.mutable_acknowledge_due_at() = ToProto(d->due);
      }
    }
    const std::optional<absl::Time> start = AnswerStart();
    if (!start.has_value()) {
      state_.clear_answer_due_at();
      return;
    }
    absl::StatusOr<calendar::Deadline> d =
        DueFrom(AnswerLimit(config_, state_), *start);
    if (!Problem(d.status(), "answer due time")) {
      *state_.mutable_answer_due_at() = ToProto(d->due);
    }
  }
  // "How the deadline was computed", in both languages.
  std::pair<std::string, std::string> DeadlineText(
      const FeedbackLimit& l, std::optional<absl::Time> start) const {
    if (!start.has_value()) return {"", ""};
    absl::StatusOr<calendar::Deadline> d = DueFrom(l, *start);
    if (!d.ok()) return {"", ""};
    absl::StatusOr<calendar::DeadlineExplanation> e =
        calendar::ExplainDeadline(cal_, *d);
    if (!e.ok()) return {"", ""};
    return {calendar::RenderVi(*e), calendar::RenderEn(*e)};
  }
  // Why the current round's clock (the answer clock with `answer`) starts
  // where it does.
  std::pair<std::string, std::string> ClockStartText(bool answer) const {
    const absl::Time t = FromProto(state_.clock_start_at());
    if (answer && AnswerLimit(config_, state_).from_acknowledgement &&
        state_.has_acknowledged_at() &&
        FromProto(state_.acknowledged_at()) >= t) {
      const absl::Time accepted = FromProto(state_.acknowledged_at());
      return {absl::StrCat("thời hạn tính từ khi tiếp nhận lúc ",
                           calendar::FormatInstantVi(accepted)),
              absl::StrCat("counted from acceptance at ",
                           calendar::FormatInstantEn(accepted))};
    }
    switch (state_.clock_start()) {
      case v1::FeedbackState::CLOCK_START_TRANSFER:
        return {absl::StrCat("thời hạn tính lại từ lần chuyển gần nhất (đến ",
                             state_.unit_id(), ") lúc ",
                             calendar::FormatInstantVi(t)),
                absl::StrCat("the clock restarted at the latest transfer (to ",
                             state_.unit_id(), ") at ",
                             calendar::FormatInstantEn(t))};
      case v1::FeedbackState::CLOCK_START_REOPEN:
        return {absl::StrCat("thời hạn tính lại từ khi mở lại lúc ",
                             calendar::FormatInstantVi(t)),
                absl::StrCat("the clock restarted when it was reopened at ",
                             calendar::FormatInstantEn(t))};
      default:
        return {absl::StrCat("thời hạn tính từ khi nhận lúc ",
                             calendar::FormatInstantVi(t)),
                absl::StrCat("counted from receipt at ",
                             calendar::FormatInstantEn(t))};
    }
  }
  void StartClock(absl::Time t, v1::FeedbackState::ClockStart why) {
    *state_.mutable_clock_start_at() = ToProto(t);
    state_.set_clock_start(why);
  }

  // --- event handlers ------------------------------------------------------
  bool UpdateFlags(const v1::FeedbackEvent& f);
  void MaybeEscalate(absl::Time t);
  void Received(const v1::Event& event, absl::Time t);
  void Assigned(const v1::FeedbackEvent& f, absl::Time t);
  void Acknowledged(absl::Time t);
  void AcceptedAt(absl::Time t);
  void Responded(absl::Time t);
  void Judge(absl::Time answered);
  void Closed(const v1::Event& event, absl::Time t);
  void Reopened(absl::Time t);
  void Rated(const v1::FeedbackEvent& f, absl::Time t);

  const calendar::Calendar& cal_;
  const FeedbackRulesConfig& config_;
  v1::FeedbackState& state_;
  const bool was_open_;
  const bool was_overdue_;
  const std::string was_unit_;
  FeedbackOutcome out_;
};

void FeedbackRules::Run::ApplyEvent(const v1::Event& event, absl::Time now) {
  if (!event.has_feedback()) {
    out_.problems.push_back(absl::StrCat("feedback ", state_.feedback_id(),
                                         ": event ", event.event_id(),
                                         " carries no feedback payload"));
    return;
  }
  const v1::FeedbackEvent& f = event.feedback();
  const absl::Time t = FromProto(event.occurred_at());
  state_.set_feedback_id(f.feedback_id());
  // A level stated late moves the current round's due times (a complex item
  // gets the longer limit, an urgent one the shorter).
  if (UpdateFlags(f) && IsOpen(state_)) ComputeDues();
  switch (f.kind()) {
    case v1::FEEDBACK_RECEIVED:
      Received(event, t);
      break;
    case v1::FEEDBACK_ASSIGNED:
      Assigned(f, t);
      break;
    case v1::FEEDBACK_ACKNOWLEDGED:
      Acknowledged(t);
      break;
    case v1::FEEDBACK_RESPONDED:
      Responded(t);
      break;
    case v1::FEEDBACK_CLOSED:
      Closed(event, t);
      break;
    case v1::FEEDBACK_REOPENED:
      Reopened(t);
      break;
    case v1::FEEDBACK_RATED:
      Rated(f, t);
      break;
    default:
      break;
  }
  MaybeEscalate(t);
  Evaluate(now);
}

bool FeedbackRules::Run::UpdateFlags(const v1::FeedbackEvent& f) {
  if (f.urgent()) state_.set_urgent(true);
  if (f.complex()) state_.set_complex(true);
  if (f.public_outrage()) state_.set_public_outrage(true);
  const Level level = LevelOf(state_);
  if (level == state_.level()) return false;
  const bool had_level = state_.level() != v1::FeedbackState::LEVEL_UNSPECIFIED;
  state_.set_level(level);
  return had_level;
}

void FeedbackRules::Run::MaybeEscalate(absl::Time t) {
  if (!state_.received() || state_.escalated()) return;
  if (!state_.urgent() && !state_.complex() && !state_.public_outrage()) {
    return;
  }
  state_.set_escalated(true);
  Delta(state_.unit_id(), t, kFieldFeedbackFlagged, 1);
  std::vector<std::string> vi;
  std::vector<std::string> en;
  if (state_.complex()) {
    vi.push_back("phức tạp");
    en.push_back("complex");
  }
  if (state_.urgent()) {
    vi.push_back("cấp thiết");
    en.push_back("urgent");
  }
  if (state_.public_outrage()) {
    vi.push_back("gây bức xúc dư luận");
    en.push_back("causing public outrage");
  }
  Fire(RuleId::kFeedbackImmediateEscalation, "1", t, std::nullopt,
       absl::StrCat("Phản ánh, kiến nghị ", state_.feedback_id(),
                    " (đơn vị xử lý ", state_.unit_id(), ") được đánh dấu ",
                    absl::StrJoin(vi, ", "), " lúc ",
                    calendar::FormatInstantVi(t),
                    ": báo cáo ngay lãnh đạo Đoàn kiểm tra để xem xét kiểm tra "
                    "đột xuất."),
       absl::StrCat("Feedback ", state_.feedback_id(), " (handled by ",
                    state_.unit_id(), ") was flagged ", absl::StrJoin(en, ", "),
                    " at ", calendar::FormatInstantEn(t),
                    ": escalate to the inspection leader now to consider a "
                    "surprise inspection."));
}

void FeedbackRules::Run::Received(const v1::Event& event, absl::Time t) {
  if (state_.received()) {
    out_.problems.push_back(
        absl::StrCat("feedback ", state_.feedback_id(), ": received twice"));
    return;
  }
  state_.set_received(true);
  *state_.mutable_received_at() = ToProto(t);
  state_.set_received_unit_id(event.unit_id());
  if (state_.unit_id().empty()) state_.set_unit_id(event.unit_id());
  state_.set_channel(event.feedback().channel());
  state_.set_level(LevelOf(state_));
  // A transfer that arrived before the receipt keeps its later clock start.
  if (!state_.has_clock_start_at() || FromProto(state_.clock_start_at()) < t) {
    StartClock(t, v1::FeedbackState::CLOCK_START_RECEIPT);
  }
  Delta(event.unit_id(), t, kFieldFeedbackReceived, 1);
  ComputeDues();
  // An answer that arrived before the receipt can now be judged.
  if (state_.has_responded_at() && state_.answer_verdict() == 0) {
    const absl::Time answered = FromProto(state_.responded_at());
    AcceptedAt(answered);
    ComputeDues();
    Judge(answered);
  }
}

void FeedbackRules::Run::Assigned(const v1::FeedbackEvent& f, absl::Time t) {
  const std::string& to = f.assigned_unit_id();
  if (to.empty()) {
    out_.problems.push_back(absl::StrCat("feedback ", state_.feedback_id(),
                                         ": assigned without a unit"));
    return;
  }
  if (to == state_.unit_id()) return;  // already held there: no transfer
  // A transfer older than the current clock start was overtaken by a later
  // one that already arrived: it changes nothing now.
  if (state_.has_clock_start_at() && t < FromProto(state_.clock_start_at())) {
    return;
  }
  if (!state_.received()) {
    state_.set_unit_id(to);
    state_.set_transfers(state_.transfers() + 1);
    *state_.mutable_transferred_at() = ToProto(t);
    StartClock(t, v1::FeedbackState::CLOCK_START_TRANSFER);
    return;
  }
  // ND 20/2008: forwarded within 5 working days of its receipt by the unit
  // that forwards it (the original receipt or the previous transfer).
  const absl::Time held_since = state_.transfers() > 0
                                    ? FromProto(state_.transferred_at())
                                    : FromProto(state_.received_at());
  absl::StatusOr<calendar::Deadline> limit =
      DueFrom(config_.transfer, held_since);
  if (!Problem(limit.status(), "transfer due time") && t > limit->due) {
    auto [vi, en] = DeadlineText(config_.transfer, held_since);
    Fire(RuleId::kFeedbackTransferLate, Version(t), t, limit->due,
         absl::StrCat("Đơn vị ", state_.unit_id(),
                      " chuyển phản ánh, kiến nghị ", state_.feedback_id(),
                      " đến ", to, " lúc ", calendar::FormatInstantVi(t),
                      ", sau hạn chuyển ",
                      calendar::FormatInstantVi(limit->due), ". ", vi),
         absl::StrCat("Unit ", state_.unit_id(), " forwarded feedback ",
                      state_.feedback_id(), " to ", to, " at ",
                      calendar::FormatInstantEn(t),
                      ", after the forwarding limit ",
                      calendar::FormatInstantEn(limit->due), ". ", en));
  }
  const bool restart = IsOpen(state_);
  if (restart) {
    // The old holder's timers end here (their alerts keep its unit).
    const std::string why = absl::StrCat("transferred to ", to);
    Resolve(RuleId::kFeedbackNotAcknowledged, t, why);
    Resolve(RuleId::kFeedbackNotAnswered, t, why);
  }
  state_.set_unit_id(to);
  state_.set_transfers(state_.transfers() + 1);
  *state_.mutable_transferred_at() = ToProto(t);
  if (!restart) return;
  // The clocks restart from the latest transfer; the new holder must accept.
  StartClock(t, v1::FeedbackState::CLOCK_START_TRANSFER);
  state_.clear_acknowledged_at();
  state_.set_acknowledge_overdue(false);
  state_.set_answer_overdue(false);
  ComputeDues();
}

void FeedbackRules::Run::Acknowledged(absl::Time t) {
  if (!state_.received()) {
    if (!state_.has_acknowledged_at()) {
      *state_.mutable_acknowledged_at() = ToProto(t);
    }
    return;
  }
  if (state_.closed() || state_.has_acknowledged_at()) return;
  // An acceptance by an earlier holder, overtaken by a transfer.
  if (state_.has_clock_start_at() && t < FromProto(state_.clock_start_at())) {
    return;
  }
  AcceptedAt(t);
  ComputeDues();
}

// Records the acceptance of the current round at `t` and settles its timer:
// an acceptance in time that arrives after the timer fired corrects it.
void FeedbackRules::Run::AcceptedAt(absl::Time t) {
  if (state_.has_acknowledged_at()) return;
  *state_.mutable_acknowledged_at() = ToProto(t);
  state_.set_acknowledge_overdue(false);
  if (!HasFiring(state_, RuleId::kFeedbackNotAcknowledged)) return;
  const bool in_time = state_.has_acknowledge_due_at() &&
                       t <= FromProto(state_.acknowledge_due_at());
  Resolve(RuleId::kFeedbackNotAcknowledged, t,
          in_time ? "corrected: accepted in time (the event arrived late)"
                  : "accepted late");
}

void FeedbackRules::Run::Responded(absl::Time t) {
  if (state_.responded()) return;  // answered already in this round
  state_.set_responded(true);
  *state_.mutable_responded_at() = ToProto(t);
  if (!state_.received()) return;  // judged when the receipt arrives
  // An answer without a recorded acceptance implies it.
  if (state_.closed() || !state_.has_clock_start_at() ||
      t >= FromProto(state_.clock_start_at())) {
    AcceptedAt(t);
  }
  ComputeDues();
  Judge(t);
  // Closed before the answer arrived (e.g. refused, then answered): the
  // answer still counts once; the timers were settled by the closing.
  if (!state_.closed()) {
    Resolve(RuleId::kFeedbackReopened, t, "answered again");
  }
}

// Judges an answer against the current answer due time: counts the first
// answer (an earlier first answer arriving late replaces it) and settles the
// "not answered" timer.
void FeedbackRules::Run::Judge(absl::Time answered) {
  if (!state_.has_answer_due_at()) {
    out_.problems.push_back(absl::StrCat(
        "feedback ", state_.feedback_id(), ": answer at ",
        calendar::FormatInstantEn(answered), " without an answer due time"));
    return;
  }
  const absl::Time due = FromProto(state_.answer_due_at());
  const bool late = answered > due;
  const int verdict = late ? kVerdictLate : kVerdictOnTime;
  auto field = [](int v) {
    return v == kVerdictLate ? kFieldFeedbackAnsweredLate
                             : kFieldFeedbackAnsweredOnTime;
  };
  if (state_.answer_verdict() == 0) {
    state_.set_answer_verdict(verdict);
    *state_.mutable_answered_at() = ToProto(answered);
    state_.set_answered_unit_id(state_.unit_id());
    Delta(state_.unit_id(), answered, field(verdict), 1);
  } else if (state_.reopen_count() == 0 &&
             answered < FromProto(state_.answered_at())) {
    // An earlier first answer that arrived late replaces the counted one.
    Delta(state_.answered_unit_id(), FromProto(state_.answered_at()),
          field(state_.answer_verdict()), -1);
    state_.set_answer_verdict(verdict);
    *state_.mutable_answered_at() = ToProto(answered);
    state_.set_answered_unit_id(state_.unit_id());
    Delta(state_.unit_id(), answered, field(verdict), 1);
  }
  if (state_.closed()) return;
  state_.set_answer_overdue(false);
  if (!late) {
    Resolve(RuleId::kFeedbackNotAnswered, answered,
            "corrected: answered in time (the event arrived late)");
    return;
  }
  // A late answer: the breach is on record even when the timer had not
  // fired yet (events processed after the fact).
  if (!HasFiring(state_, RuleId::kFeedbackNotAnswered)) {
    auto [vi, en] = DeadlineText(AnswerLimit(config_, state_), AnswerStart());
    Fire(RuleId::kFeedbackNotAnswered, Version(due), answered, due,
         absl::StrCat("Phản ánh, kiến nghị ", state_.feedback_id(),
                      " được trả lời lúc ", calendar::FormatInstantVi(answered),
                      ", sau hạn ", calendar::FormatInstantVi(due), ". ", vi),
         absl::StrCat("Feedback ", state_.feedback_id(), " was answered at ",
                      calendar::FormatInstantEn(answered),
                      ", after its due time ", calendar::FormatInstantEn(due),
                      ". ", en));
  }
  Resolve(RuleId::kFeedbackNotAnswered, answered, "answered late");
}

void FeedbackRules::Run::Closed(const v1::Event& event, absl::Time t) {
  if (state_.closed()) return;
  const bool refused = event.feedback().refused();
  if (!state_.received()) {
    // Judged as the answer once the receipt arrives (as below).
    if (!refused && !state_.responded()) {
      state_.set_responded(true);
      *state_.mutable_responded_at() = ToProto(t);
    }
    state_.set_closed(true);
    *state_.mutable_closed_at() = ToProto(t);
    state_.set_refused(refused);
    if (state_.unit_id().empty()) state_.set_unit_id(event.unit_id());
    return;
  }
  // Closed after an answer: a close without a recorded answer (and not a
  // refusal) is the answer.
  if (!refused && !state_.responded()) Responded(t);
  state_.set_closed(true);
  *state_.mutable_closed_at() = ToProto(t);
  state_.set_refused(refused);
  state_.set_acknowledge_overdue(false);
  state_.set_answer_overdue(false);
  const char* why = refused ? "closed: refused" : "closed";
  Resolve(RuleId::kFeedbackNotAcknowledged, t, why);
  Resolve(RuleId::kFeedbackNotAnswered, t, why);
  Resolve(RuleId::kFeedbackReopened, t, why);
  Resolve(RuleId::kFeedbackImmediateEscalation, t, why);
}

void FeedbackRules::Run::Reopened(absl::Time t) {
  state_.set_reopen_count(state_.reopen_count() + 1);
  if (!state_.received()) return;
  Delta(state_.unit_id(), t, kFieldFeedbackReopened, 1);
  Fire(RuleId::kFeedbackReopened, absl::StrCat(state_.reopen_count()), t,
       std::nullopt,
       absl::StrCat("Phản ánh, kiến nghị ", state_.feedback_id(),
                    " bị mở lại lúc ", calendar::FormatInstantVi(t), " (lần ",
                    state_.reopen_count(), ")."),
       absl::StrCat("Feedback ", state_.feedback_id(), " was reopened at ",
                    calendar::FormatInstantEn(t), " (time ",
                    state_.reopen_count(), ")."));
  if (IsOpen(state_)) return;  // not answered yet: the round goes on
  if (state_.has_clock_start_at() && t < FromProto(state_.clock_start_at())) {
    return;
  }
  // A new round: the answer clock restarts from the reopening; the unit
  // accepted the item already.
  state_.set_responded(false);
  state_.set_closed(false);
  state_.set_refused(false);
  state_.set_acknowledge_overdue(false);
  state_.set_answer_overdue(false);
  StartClock(t, v1::FeedbackState::CLOCK_START_REOPEN);
  ComputeDues();
}

void FeedbackRules::Run::Rated(const v1::FeedbackEvent& f, absl::Time t) {
  // Only the latest rating (by event time) counts.
  if (state_.has_rated_at() && t < FromProto(state_.rated_at())) return;
  *state_.mutable_rated_at() = ToProto(t);
  if (!f.unsatisfied()) {
    Resolve(RuleId::kFeedbackUnsatisfied, t, "rated satisfied");
    return;
  }
  if (!state_.unsatisfied()) {
    state_.set_unsatisfied(true);
    Delta(state_.unit_id(), t, kFieldFeedbackUnsatisfied, 1);
  }
  if (HasFiring(state_, RuleId::kFeedbackUnsatisfied)) return;
  Fire(RuleId::kFeedbackUnsatisfied, Version(t), t, std::nullopt,
       absl::StrCat("Người dân không hài lòng với kết quả trả lời phản ánh, "
                    "kiến nghị ",
                    state_.feedback_id(), " (đánh giá lúc ",
                    calendar::FormatInstantVi(t), ")."),
       absl::StrCat("The citizen rated the answer to feedback ",
                    state_.feedback_id(), " unsatisfied (at ",
                    calendar::FormatInstantEn(t), ")."));
}

void FeedbackRules::Run::Evaluate(absl::Time now) {
  if (!state_.received() || state_.closed() || state_.responded()) return;
  // Acceptance.
  if (!state_.has_acknowledged_at() && state_.has_acknowledge_due_at()) {
    const absl::Time due = FromProto(state_.acknowledge_due_at());
    const bool late = now > due;
    if (late && !state_.acknowledge_overdue()) {
      state_.set_acknowledge_overdue(true);
      const FeedbackLimit& l = AcknowledgeLimit(config_, state_);
      auto [vi, en] = DeadlineText(l, FromProto(state_.clock_start_at()));
      auto [start_vi, start_en] = ClockStartText(false);
      Fire(RuleId::kFeedbackNotAcknowledged, Version(due), now, due,
           absl::StrCat("Phản ánh, kiến nghị ", state_.feedback_id(), " (mức ",
                        LevelVi(LevelOf(state_)), ") chưa được đơn vị ",
                        state_.unit_id(), " tiếp nhận khi hết hạn ",
                        calendar::FormatInstantVi(due), "; ", start_vi, ". ",
                        vi),
           absl::StrCat("Feedback ", state_.feedback_id(), " (",
                        LevelEn(LevelOf(state_)), ") was not accepted by unit ",
                        state_.unit_id(), " by its due time ",
                        calendar::FormatInstantEn(due), "; ", start_en, ". ",
                        en));
    } else if (!late && state_.acknowledge_overdue()) {
      state_.set_acknowledge_overdue(false);
      Resolve(RuleId::kFeedbackNotAcknowledged, now, "deadline moved");
    }
  }
  // Answer.
  if (state_.has_answer_due_at()) {
    const absl::Time due = FromProto(state_.answer_due_at());
    const bool late = now > due;
    if (late && !state_.answer_overdue()) {
      state_.set_answer_overdue(true);
      auto [vi, en] = DeadlineText(AnswerLimit(config_, state_), AnswerStart());
      auto [start_vi, start_en] = ClockStartText(true);
      Fire(RuleId::kFeedbackNotAnswered, Version(due), now, due,
           absl::StrCat("Phản ánh, kiến nghị ", state_.feedback_id(), " (mức ",
                        LevelVi(LevelOf(state_)), ") chưa được đơn vị ",
                        state_.unit_id(), " trả lời khi hết hạn ",
                        calendar::FormatInstantVi(due), "; ", start_vi, ". ",
                        vi),
           absl::StrCat("Feedback ", state_.feedback_id(), " (",
                        LevelEn(LevelOf(state_)), ") was not answered by unit ",
                        state_.unit_id(), " by its due time ",
                        calendar::FormatInstantEn(due), "; ", start_en, ". ",
                        en));
    } else if (!late && state_.answer_overdue()) {
      state_.set_answer_overdue(false);
      Resolve(RuleId::kFeedbackNotAnswered, now, "deadline moved");
    }
  }
}

FeedbackDeadlineText FeedbackRules::Run::Explain() const {
  FeedbackDeadlineText text;
  if (!state_.has_clock_start_at()) return text;
  const Level level = LevelOf(state_);
  if (state_.has_acknowledge_due_at()) {
    auto [vi, en] = DeadlineText(AcknowledgeLimit(config_, state_),
                                 FromProto(state_.clock_start_at()));
    auto [start_vi, start_en] = ClockStartText(false);
    text.acknowledge_vi = absl::StrCat("Tiếp nhận (mức ", LevelVi(level),
                                       "): ", start_vi, ". ", vi);
    text.acknowledge_en =
        absl::StrCat("Acceptance (", LevelEn(level), "): ", start_en, ". ", en);
  }
  if (state_.has_answer_due_at()) {
    auto [vi, en] = DeadlineText(AnswerLimit(config_, state_), AnswerStart());
    auto [start_vi, start_en] = ClockStartText(true);
    text.answer_vi = absl::StrCat("Trả lời (mức ", LevelVi(level),
                                  "): ", start_vi, ". ", vi);
    text.answer_en =
        absl::StrCat("Answer (", LevelEn(level), "): ", start_en, ". ", en);
  }
  return text;
}

FeedbackRules::FeedbackRules(std::shared_ptr<const calendar::Calendar> calendar,
                             FeedbackRulesConfig config)
    : calendar_(std::move(calendar)), config_(config) {}

FeedbackOutcome FeedbackRules::Apply(const v1::Event& event,
                                     v1::FeedbackState& state,
                                     absl::Time now) const {
  if (std::find(state.applied_event_ids().begin(),
                state.applied_event_ids().end(),
                event.event_id()) != state.applied_event_ids().end()) {
    FeedbackOutcome dup;
    dup.duplicate = true;
    return dup;
  }
  state.add_applied_event_ids(event.event_id());
  auto* ids = state.mutable_applied_event_ids();
  if (ids->size() > kRememberedEventIds) {
    ids->DeleteSubrange(0, ids->size() - kRememberedEventIds);
  }
  v1::FeedbackTimelineEntry* entry = state.add_timeline();
  entry->set_event_id(event.event_id());
  entry->set_kind(event.feedback().kind());
  *entry->mutable_occurred_at() = event.occurred_at();
  entry->set_unit_id(event.feedback().kind() == v1::FEEDBACK_ASSIGNED &&
                             !event.feedback().assigned_unit_id().empty()
                         ? event.feedback().assigned_unit_id()
                         : event.unit_id());
  if (state.timeline_size() > kTimelineEntries) {
    state.mutable_timeline()->DeleteSubrange(
        0, state.timeline_size() - kTimelineEntries);
  }
  Run run(*this, state);
  run.ApplyEvent(event, now);
  return run.Take();
}

FeedbackDeadlineText FeedbackRules::ExplainDeadlines(
    const v1::FeedbackState& state) const {
  v1::FeedbackState copy = state;  // Run works on a mutable state
  return Run(*this, copy).Explain();
}

FeedbackOutcome FeedbackRules::Evaluate(v1::FeedbackState& state,
                                        absl::Time now) const {
  Run run(*this, state);
  run.Evaluate(now);
  return run.Take();
}

std::optional<absl::Time> FeedbackRules::NextCheck(
    const v1::FeedbackState& state) const {
  if (!state.received() || state.closed() || state.responded()) {
    return std::nullopt;
  }
  std::optional<absl::Time> next;
  if (!state.has_acknowledged_at() && state.has_acknowledge_due_at() &&
      !state.acknowledge_overdue()) {
    next = FromProto(state.acknowledge_due_at()) + absl::Milliseconds(1);
  }
  if (state.has_answer_due_at() && !state.answer_overdue()) {
    const absl::Time at =
        FromProto(state.answer_due_at()) + absl::Milliseconds(1);
    if (!next.has_value() || at < *next) next = at;
  }
  return next;
}

}  // namespace giamsat::domain
