#include "services/query/scoring.h"

#include "absl/strings/numbers.h"
#include "common/domain/figure_fields.h"

namespace giamsat::query {

int64_t HashField(const store::Hash& hash, absl::string_view field) {
  auto it = hash.find(field);
  int64_t value = 0;
  if (it != hash.end() && absl::SimpleAtoi(it->second, &value)) return value;
  return 0;
}

namespace {

// Each summed figure: where it is kept in the hash, and in the struct.
struct FlowField {
  absl::string_view name;
  int64_t ScoringFigures::*own;
  int64_t domain::IndicatorFigures::*d766;
};

const FlowField kFlow[] = {
    {domain::kFieldReceived, nullptr, &domain::IndicatorFigures::received},
    {domain::kFieldReceivedOnline, nullptr,
     &domain::IndicatorFigures::received_online},
    {domain::kFieldResolved, nullptr, &domain::IndicatorFigures::resolved},
    {domain::kFieldResolved766OnTime, nullptr,
     &domain::IndicatorFigures::resolved_766_on_time},
    {domain::kFieldResolved766Late, nullptr,
     &domain::IndicatorFigures::resolved_766_late},
    {domain::kFieldResolvedFeeBearing, nullptr,
     &domain::IndicatorFigures::resolved_fee_bearing},
    {domain::kFieldResolvedPaidOnline, nullptr,
     &domain::IndicatorFigures::resolved_paid_online},
    {domain::kFieldResolvedEResult, nullptr,
     &domain::IndicatorFigures::resolved_e_result},
    {domain::kFieldResolvedDigitised, nullptr,
     &domain::IndicatorFigures::resolved_digitised},
    {domain::kFieldResolvedReused, nullptr,
     &domain::IndicatorFigures::resolved_reused},
    {domain::kFieldProcessingSeconds, nullptr,
     &domain::IndicatorFigures::processing_seconds},
    {domain::kFieldDisliked, nullptr, &domain::IndicatorFigures::disliked},
    {domain::kFieldFeedbackReceived, nullptr,
     &domain::IndicatorFigures::feedback_received},
    {domain::kFieldFeedbackAnsweredOnTime, nullptr,
     &domain::IndicatorFigures::feedback_answered_on_time},
    {domain::kFieldFeedbackAnsweredLate, nullptr,
     &domain::IndicatorFigures::feedback_answered_late},
    {domain::kFieldFeedbackUnsatisfied, nullptr,
     &domain::IndicatorFigures::feedback_unsatisfied},
    {domain::kFieldFeedbackReopened, nullptr,
     &domain::IndicatorFigures::feedback_reopened},
    {domain::kFieldResolvedEarly, &ScoringFigures::resolved_early, nullptr},
    {domain::kFieldResolvedOnTime, &ScoringFigures::resolved_on_time, nullptr},
    {domain::kFieldResolvedLate, &ScoringFigures::resolved_late, nullptr},
    {domain::kFieldStepsOnTime, &ScoringFigures::steps_on_time, nullptr},
    {domain::kFieldStepsLate, &ScoringFigures::steps_late, nullptr},
};

// The figure's member of `f` (const or not).
template <typename Figures>
auto& Slot(Figures& f, const FlowField& field) {
  return field.own != nullptr ? f.*field.own : f.d766.*field.d766;
}

}  // namespace

void ScoringFigures::AddFlow(const store::Hash& hash) {
  for (const FlowField& field : kFlow) {
    Slot(*this, field) += HashField(hash, field.name);
  }
}

void ScoringFigures::SetStock(const store::Hash& live) {
  d766.in_progress = HashField(live, domain::kFieldInProgress);
  d766.in_progress_overdue = HashField(live, domain::kFieldInProgressOverdue);
}

void ScoringFigures::Add(const ScoringFigures& other) {
  for (const FlowField& field : kFlow) {
    Slot(*this, field) += Slot(other, field);
  }
  d766.in_progress += other.d766.in_progress;
  d766.in_progress_overdue += other.d766.in_progress_overdue;
}

domain::Tt01UnitFigures ScoringFigures::Tt01() const {
  domain::Tt01UnitFigures t;
  t.resolved_early = resolved_early;
  t.resolved_on_time = resolved_on_time;
  t.resolved_late = resolved_late;
  t.steps_on_time = steps_on_time;
  t.steps_late = steps_late;
  t.resolved = d766.resolved;
  t.disliked = d766.disliked;
  t.received = d766.received;
  t.received_online = d766.received_online;
  t.feedback_answered_on_time = d766.feedback_answered_on_time;
  t.feedback_answered_late = d766.feedback_answered_late;
  return t;
}

v1::Decision766 Decision766Of(const ScoringFigures& figures,
                              const domain::IndicatorsConfig& config) {
  const domain::IndicatorReport r =
      domain::ComputeIndicators(figures.d766, config);
  v1::Decision766 out;
  for (const domain::IndicatorValue& v : r.indicators) {
    v1::Indicator766& i = *out.add_indicators();
    i.set_id(v.id);
    i.set_group(v.group);
    i.set_title_vi(v.title_vi);
    i.set_title_en(v.title_en);
    i.set_applicable(v.applicable);
    i.set_numerator(v.numerator);
    i.set_denominator(v.denominator);
    i.set_rate(v.rate);
    i.set_target(v.target);
    i.set_points(v.points);
    i.set_max_points(v.max_points);
  }
  for (const domain::IndicatorGroup& g : r.groups) {
    v1::IndicatorGroup766& o = *out.add_groups();
    o.set_group(g.group);
    o.set_points(g.points);
    o.set_max_points(g.max_points);
  }
  out.set_points(r.points);
  out.set_max_points(r.max_points);
  out.set_score(r.score);
  return out;
}

v1::Tt01Scoring Tt01Of(const ScoringFigures& figures,
                       const domain::Tt01Config& config) {
  const domain::Tt01Score s = domain::ScoreUnitTt01(figures.Tt01(), config);
  v1::Tt01Scoring out;
  for (const domain::Tt01IndexScore& v : s.indices) {
    v1::Tt01Index& i = *out.add_indices();
    i.set_index(v.index);
    i.set_title_vi(v.title_vi);
    i.set_title_en(v.title_en);
    i.set_applicable(v.applicable);
    i.set_points(v.points);
    i.set_counted(v.counted);
  }
  out.set_points(s.points);
  out.set_max_points(s.max_points);
  out.set_score(s.score);
  out.set_band(s.band);
  return out;
}

}  // namespace giamsat::query
