#include "services/query/status_reader.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "common/core/proto_time.h"
#include "common/core/vietnam_time.h"
#include "common/domain/alert_fields.h"
#include "common/domain/figure_fields.h"
#include "common/store/month_hashes.h"

namespace giamsat::query {
namespace {

constexpr auto& Field = HashField;

void AddFlowFigures(const store::Hash& h, v1::DossierFigures& d,
                    v1::FeedbackFigures& f) {
  d.set_received(d.received() + Field(h, domain::kFieldReceived));
  d.set_resolved(d.resolved() + Field(h, domain::kFieldResolved));
  d.set_resolved_early(d.resolved_early() +
                       Field(h, domain::kFieldResolvedEarly));
  d.set_resolved_on_time(d.resolved_on_time() +
                         Field(h, domain::kFieldResolvedOnTime));
  d.set_resolved_late(d.resolved_late() + Field(h, domain::kFieldResolvedLate));
  f.set_received(f.received() + Field(h, domain::kFieldFeedbackReceived));
  f.set_answered_on_time(f.answered_on_time() +
                         Field(h, domain::kFieldFeedbackAnsweredOnTime));
  f.set_answered_late(f.answered_late() +
                      Field(h, domain::kFieldFeedbackAnsweredLate));
}

void SetStockFigures(const store::Hash& live, v1::DossierFigures& d,
                     v1::FeedbackFigures& f) {
  d.set_in_progress(Field(live, domain::kFieldInProgress));
  d.set_in_progress_overdue(Field(live, domain::kFieldInProgressOverdue));
  f.set_open(Field(live, domain::kFieldFeedbackOpen));
  f.set_open_overdue(Field(live, domain::kFieldFeedbackOpenOverdue));
}

void AddFlow(const store::Hash& h, v1::UnitStatus& s) {
  AddFlowFigures(h, *s.mutable_dossiers(), *s.mutable_feedback());
}

void SetLive(const store::Hash& live, v1::UnitStatus& s) {
  SetStockFigures(live, *s.mutable_dossiers(), *s.mutable_feedback());
  v1::AlertCounts& a = *s.mutable_open_alerts();
  a.set_critical(Field(live, domain::AlertsFiringField(v1::SEVERITY_CRITICAL)));
  a.set_warning(Field(live, domain::AlertsFiringField(v1::SEVERITY_WARNING)));
  a.set_info(Field(live, domain::AlertsFiringField(v1::SEVERITY_INFO)));
  const int64_t watermark_ms = Field(live, domain::kFieldWatermark);
  if (watermark_ms > 0) {
    *s.mutable_watermark() = core::ToProto(absl::FromUnixMillis(watermark_ms));
  }
}

using BreakdownList = google::protobuf::RepeatedPtrField<v1::FigureBreakdown>;

v1::FigureBreakdown& Entry(BreakdownList& list, const std::string& key) {
  for (v1::FigureBreakdown& b : list) {
    if (b.key() == key) return b;
  }
  v1::FigureBreakdown& b = *list.Add();
  b.set_key(key);
  return b;
}

// Adds the breakdown entries of `dimension` in `h` (a flow hash, or the
// live hash when `stock`) to `list`, by value.
void AddBreakdowns(const store::Hash& h, absl::string_view dimension,
                   bool stock, BreakdownList& list) {
  const std::string marker = absl::StrCat("|", dimension, "=");
  std::map<std::string, store::Hash> by_value;
  for (const auto& [name, value] : h) {
    const size_t at = name.find(marker);
    if (at == std::string::npos) continue;
    by_value[name.substr(at + marker.size())].emplace(name.substr(0, at),
                                                      value);
  }
  for (const auto& [key, sub] : by_value) {
    v1::FigureBreakdown& b = Entry(list, key);
    if (stock) {
      SetStockFigures(sub, *b.mutable_dossiers(), *b.mutable_feedback());
    } else {
      AddFlowFigures(sub, *b.mutable_dossiers(), *b.mutable_feedback());
    }
  }
}

void AddDossierFigures(const v1::DossierFigures& a, v1::DossierFigures& d) {
  d.set_received(d.received() + a.received());
  d.set_resolved(d.resolved() + a.resolved());
  d.set_resolved_early(d.resolved_early() + a.resolved_early());
  d.set_resolved_on_time(d.resolved_on_time() + a.resolved_on_time());
  d.set_resolved_late(d.resolved_late() + a.resolved_late());
  d.set_in_progress(d.in_progress() + a.in_progress());
  d.set_in_progress_overdue(d.in_progress_overdue() + a.in_progress_overdue());
}

void AddFeedbackFigures(const v1::FeedbackFigures& b, v1::FeedbackFigures& f) {
  f.set_received(f.received() + b.received());
  f.set_answered_on_time(f.answered_on_time() + b.answered_on_time());
  f.set_answered_late(f.answered_late() + b.answered_late());
  f.set_open(f.open() + b.open());
  f.set_open_overdue(f.open_overdue() + b.open_overdue());
}

void MergeBreakdowns(const BreakdownList& from, BreakdownList& into) {
  for (const v1::FigureBreakdown& b : from) {
    v1::FigureBreakdown& e = Entry(into, b.key());
    AddDossierFigures(b.dossiers(), *e.mutable_dossiers());
    AddFeedbackFigures(b.feedback(), *e.mutable_feedback());
  }
}

void Describe(const UnitTree& tree, v1::UnitStatus& s) {
  if (const UnitInfo* u = tree.Find(s.unit_id()); u != nullptr) {
    s.set_unit_name(u->name);
    s.set_level(u->level);
  }
}

}  // namespace

void SetOnTimeRate(v1::DossierFigures& d) {
  const int64_t judged =
      d.resolved_early() + d.resolved_on_time() + d.resolved_late();
  d.set_has_on_time_rate(judged > 0);
  d.set_on_time_rate_percent(
      judged > 0
          ? 100.0 *
                static_cast<double>(d.resolved_early() + d.resolved_on_time()) /
                static_cast<double>(judged)
          : 0.0);
}

namespace {

// Rates, breakdowns in key order, names from the hierarchy, indicators.
void Finish(const UnitTree& tree, const ScoringConfig& scoring,
            StatusReader::Scored& scored) {
  v1::UnitStatus& s = scored.status;
  if (v1::Decision766 d = Decision766Of(scored.figures, scoring.decision_766);
      d.max_points() > 0) {
    *s.mutable_decision_766() = std::move(d);
  }
  SetOnTimeRate(*s.mutable_dossiers());
  for (BreakdownList* list : {s.mutable_by_field(), s.mutable_by_channel()}) {
    for (v1::FigureBreakdown& b : *list) SetOnTimeRate(*b.mutable_dossiers());
    std::sort(list->begin(), list->end(),
              [](const v1::FigureBreakdown& x, const v1::FigureBreakdown& y) {
                return x.key() < y.key();
              });
  }
  Describe(tree, s);
}

}  // namespace

void AddFigures(const v1::UnitStatus& from, v1::UnitStatus& into) {
  AddDossierFigures(from.dossiers(), *into.mutable_dossiers());
  AddFeedbackFigures(from.feedback(), *into.mutable_feedback());
  MergeBreakdowns(from.by_field(), *into.mutable_by_field());
  MergeBreakdowns(from.by_channel(), *into.mutable_by_channel());
  v1::AlertCounts& c = *into.mutable_open_alerts();
  c.set_critical(c.critical() + from.open_alerts().critical());
  c.set_warning(c.warning() + from.open_alerts().warning());
  c.set_info(c.info() + from.open_alerts().info());
  if (from.has_watermark() &&
      (!into.has_watermark() ||
       core::FromProto(from.watermark()) > core::FromProto(into.watermark()))) {
    *into.mutable_watermark() = from.watermark();
  }
}

absl::StatusOr<ResolvedPeriod> StatusReader::Resolve(
    const v1::Period& period) const {
  return ResolvePeriod(period, core::VietnamDay(clock_.Now()));
}

absl::StatusOr<v1::UnitStatus> StatusReader::GetUnitStatus(
    const v1::GetUnitStatusRequest& request) {
  if (request.unit_id().empty()) {
    return absl::InvalidArgumentError("unit_id: required");
  }
  absl::StatusOr<ResolvedPeriod> period = Resolve(request.period());
  if (!period.ok()) return period.status();
  absl::StatusOr<std::vector<v1::UnitStatus>> statuses =
      Read({request.unit_id()}, *period, request.roll_up(),
           Breakdowns{request.by_field(), request.by_channel()});
  if (!statuses.ok()) return statuses.status();
  return std::move(statuses->front());
}

absl::StatusOr<std::optional<absl::CivilMonth>> StatusReader::MonthsFrom() {
  constexpr int64_t kRecheckNs = 10'000'000'000;
  const auto decode = [](int64_t m) -> std::optional<absl::CivilMonth> {
    if (m == kNoMonth) return std::nullopt;
    return absl::CivilMonth(m / 12, static_cast<int>(m % 12) + 1);
  };
  const int64_t now = absl::ToUnixNanos(clock_.Now());
  const int64_t checked = months_checked_ns_.load(std::memory_order_acquire);
  if (checked != std::numeric_limits<int64_t>::min() &&
      now - checked < kRecheckNs) {
    return decode(months_from_.load(std::memory_order_relaxed));
  }
  absl::MutexLock lock(&mu_);
  if (const int64_t again = months_checked_ns_.load(std::memory_order_acquire);
      again != std::numeric_limits<int64_t>::min() &&
      now - again < kRecheckNs) {
    return decode(months_from_.load(std::memory_order_relaxed));
  }
  absl::StatusOr<std::optional<absl::CivilMonth>> from =
      store::MonthHashesFrom(store_, layout_);
  if (!from.ok()) return from.status();
  months_from_.store(from->has_value()
                         ? (*from)->year() * 12 + ((*from)->month() - 1)
                         : kNoMonth,
                     std::memory_order_relaxed);
  months_checked_ns_.store(now, std::memory_order_release);
  return *from;
}

std::vector<FlowSpan> FlowSpans(const ResolvedPeriod& period,
                                absl::CivilDay today,
                                std::optional<absl::CivilMonth> months_from) {
  if (!period.from.has_value()) return {FlowSpan{FlowSpan::kTotal, {}, {}}};
  std::vector<FlowSpan> spans;
  const absl::CivilDay last = std::min(period.to, today);
  for (absl::CivilDay d = *period.from; d <= last;) {
    const absl::CivilMonth month(d);
    const absl::CivilDay month_last = absl::CivilDay(month + 1) - 1;
    if (months_from.has_value() && month >= *months_from &&
        d == absl::CivilDay(month) && month_last <= period.to) {
      spans.push_back(FlowSpan{FlowSpan::kMonth, month, {}});
      d = month_last + 1;
    } else {
      spans.push_back(FlowSpan{FlowSpan::kDay, {}, d});
      ++d;
    }
  }
  return spans;
}

absl::StatusOr<v1::UnitIndicators> StatusReader::GetUnitIndicators(
    const v1::GetUnitIndicatorsRequest& request) {
  if (request.unit_id().empty()) {
    return absl::InvalidArgumentError("unit_id: required");
  }
  absl::StatusOr<ResolvedPeriod> period = Resolve(request.period());
  if (!period.ok()) return period.status();
  absl::StatusOr<std::vector<Scored>> scored =
      ReadScored({request.unit_id()}, *period, request.roll_up());
  if (!scored.ok()) return scored.status();
  const Scored& unit = scored->front();
  v1::UnitIndicators out;
  out.set_unit_id(unit.status.unit_id());
  *out.mutable_period() = unit.status.period();
  out.set_unit_name(unit.status.unit_name());
  out.set_level(unit.status.level());
  out.set_rolled_up(unit.status.rolled_up());
  *out.mutable_decision_766() =
      Decision766Of(unit.figures, scoring_.decision_766);
  *out.mutable_tt01() = Tt01Of(unit.figures, scoring_.tt01);
  if (unit.status.has_watermark()) {
    *out.mutable_watermark() = unit.status.watermark();
  }
  return out;
}

absl::StatusOr<std::vector<StatusReader::Scored>> StatusReader::ReadOwn(
    const std::vector<std::string>& units, const ResolvedPeriod& period,
    Breakdowns breakdowns) {
  absl::StatusOr<std::optional<absl::CivilMonth>> months_from = MonthsFrom();
  if (!months_from.ok()) return months_from.status();
  const std::vector<FlowSpan> spans =
      FlowSpans(period, core::VietnamDay(clock_.Now()), *months_from);
  const size_t per_unit = spans.size() + 1;
  std::vector<std::string> keys;
  keys.reserve(units.size() * per_unit);
  for (const std::string& unit : units) {
    for (const FlowSpan& span : spans) {
      switch (span.kind) {
        case FlowSpan::kTotal:
          keys.push_back(layout_.UnitTotal(unit));
          break;
        case FlowSpan::kMonth:
          keys.push_back(layout_.UnitMonth(unit, span.month));
          break;
        case FlowSpan::kDay:
          keys.push_back(layout_.UnitDay(unit, span.day));
          break;
      }
    }
    keys.push_back(layout_.UnitLive(unit));
  }
  absl::StatusOr<std::vector<store::Hash>> hashes = store_.GetHashes(keys);
  if (!hashes.ok()) return hashes.status();
  std::vector<Scored> out(units.size());
  for (size_t u = 0; u < units.size(); ++u) {
    v1::UnitStatus& s = out[u].status;
    s.set_unit_id(units[u]);
    *s.mutable_period() = period.echo;
    const size_t base = u * per_unit;
    for (size_t i = 0; i < per_unit; ++i) {
      const store::Hash& h = (*hashes)[base + i];
      const bool stock = i + 1 == per_unit;
      if (stock) {
        SetLive(h, s);
        out[u].figures.SetStock(h);
      } else {
        AddFlow(h, s);
        out[u].figures.AddFlow(h);
      }
      if (breakdowns.by_field) {
        AddBreakdowns(h, domain::kDimensionField, stock, *s.mutable_by_field());
      }
      if (breakdowns.by_channel) {
        AddBreakdowns(h, domain::kDimensionChannel, stock,
                      *s.mutable_by_channel());
      }
    }
  }
  return out;
}

absl::StatusOr<std::vector<v1::UnitStatus>> StatusReader::Read(
    const std::vector<std::string>& units, const ResolvedPeriod& period,
    bool roll_up, Breakdowns breakdowns) {
  absl::StatusOr<std::vector<Scored>> scored =
      ReadScored(units, period, roll_up, breakdowns);
  if (!scored.ok()) return scored.status();
  std::vector<v1::UnitStatus> out;
  out.reserve(scored->size());
  for (Scored& s : *scored) out.push_back(std::move(s.status));
  return out;
}

absl::StatusOr<std::vector<StatusReader::Scored>> StatusReader::ReadScored(
    const std::vector<std::string>& units, const ResolvedPeriod& period,
    bool roll_up, Breakdowns breakdowns) {
  if (!roll_up) {
    absl::StatusOr<std::vector<Scored>> own =
        ReadOwn(units, period, breakdowns);
    if (!own.ok()) return own.status();
    for (Scored& s : *own) Finish(tree_, scoring_, s);
    return own;
  }
  // Every unit of every subtree, read once.
  std::vector<std::vector<std::string>> subtrees;
  std::map<std::string, size_t> index;
  std::vector<std::string> all;
  for (const std::string& unit : units) {
    subtrees.push_back(tree_.Subtree(unit));
    for (const std::string& id : subtrees.back()) {
      if (index.emplace(id, all.size()).second) all.push_back(id);
    }
  }
  absl::StatusOr<std::vector<Scored>> own = ReadOwn(all, period, breakdowns);
  if (!own.ok()) return own.status();
  std::vector<Scored> out(units.size());
  for (size_t u = 0; u < units.size(); ++u) {
    v1::UnitStatus& s = out[u].status;
    s.set_unit_id(units[u]);
    *s.mutable_period() = period.echo;
    s.set_rolled_up(true);
    for (const std::string& id : subtrees[u]) {
      const Scored& part = (*own)[index.at(id)];
      AddFigures(part.status, s);
      out[u].figures.Add(part.figures);
    }
    Finish(tree_, scoring_, out[u]);
  }
  return out;
}

absl::StatusOr<std::optional<int64_t>> StatusReader::WatermarkMs(
    absl::string_view unit) {
  absl::StatusOr<std::vector<store::Hash>> live =
      store_.GetHashes({layout_.UnitLive(unit)});
  if (!live.ok()) return live.status();
  const int64_t ms = Field(live->front(), domain::kFieldWatermark);
  if (ms <= 0) return std::nullopt;
  return ms;
}

}  // namespace giamsat::query
