// StatusReader: per-unit figures from the state store alone (so any number
// of query replicas can run). Flow figures are summed over the period's
// whole months (month hashes, from the month KeyLayout::MonthHashesFrom
// names on) and other days (day hashes), or read from the all-time totals;
// stock figures (in progress, open alerts) are as of now. A roll-up sums a
// unit's own figures and those of every unit below it in the hierarchy.
// Breakdowns by field and channel come from the same hashes
// (figure_fields.h), and so do the Decision 766 indicators and the TT
// 01/2018 scoring (scoring.h). One pipelined round trip per call.
// Thread-safe (the store is; the tree is immutable). Errors:
// InvalidArgument naming the request field; Unavailable when the store
// cannot be reached.
#pragma once

#include <atomic>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/core/clock.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"
#include "giamsat/v1/query.pb.h"
#include "services/query/period.h"
#include "services/query/scoring.h"
#include "services/query/unit_tree.h"

namespace giamsat::query {

// Which breakdowns to answer (UnitStatus.by_field / by_channel).
struct Breakdowns {
  bool by_field = false;
  bool by_channel = false;
};

class StatusReader {
 public:
  StatusReader(store::StateStore& store, store::KeyLayout layout,
               const core::Clock& clock, const UnitTree& tree,
               ScoringConfig scoring = {})
      : store_(store),
        layout_(std::move(layout)),
        clock_(clock),
        tree_(tree),
        scoring_(std::move(scoring)) {}

  absl::StatusOr<v1::UnitStatus> GetUnitStatus(
      const v1::GetUnitStatusRequest& request);
  // Every indicator, applicable or not, with the TT 01/2018 scoring.
  absl::StatusOr<v1::UnitIndicators> GetUnitIndicators(
      const v1::GetUnitIndicatorsRequest& request);

  // `period` resolved against today (Vietnam) on the injected clock.
  absl::StatusOr<ResolvedPeriod> Resolve(const v1::Period& period) const;
  // The status of each of `units` over `period`, rolled up over its
  // subtree when `roll_up`; in the order given. Each carries its Decision
  // 766 indicators when one applies.
  absl::StatusOr<std::vector<v1::UnitStatus>> Read(
      const std::vector<std::string>& units, const ResolvedPeriod& period,
      bool roll_up, Breakdowns breakdowns = {});
  // A unit's status with the figures it was scored on.
  struct Scored {
    v1::UnitStatus status;
    ScoringFigures figures;
  };
  // As Read, with each unit's scoring figures.
  absl::StatusOr<std::vector<Scored>> ReadScored(
      const std::vector<std::string>& units, const ResolvedPeriod& period,
      bool roll_up, Breakdowns breakdowns = {});
  // The newest event time of the unit (nullopt: none yet).
  absl::StatusOr<std::optional<int64_t>> WatermarkMs(absl::string_view unit);

  const UnitTree& tree() const { return tree_; }
  const core::Clock& clock() const { return clock_; }
  const ScoringConfig& scoring() const { return scoring_; }

 private:
  // Own figures of each unit, in order.
  absl::StatusOr<std::vector<Scored>> ReadOwn(
      const std::vector<std::string>& units, const ResolvedPeriod& period,
      Breakdowns breakdowns);
  // The first month with complete month hashes (nullopt: none), read again
  // every 10 s (`giamsatctl backfill-month-hashes` moves it back).
  absl::StatusOr<std::optional<absl::CivilMonth>> MonthsFrom();

  store::StateStore& store_;
  const store::KeyLayout layout_;
  const core::Clock& clock_;
  const UnitTree& tree_;
  const ScoringConfig scoring_;
  // Serializes reads of the marker; the values are read without it.
  absl::Mutex mu_;
  // The marker as months since year 0 (kNoMonth: none), and when it was
  // read (Unix ns); the month is stored before the time.
  static constexpr int64_t kNoMonth = -1;
  std::atomic<int64_t> months_from_{kNoMonth};
  std::atomic<int64_t> months_checked_ns_{std::numeric_limits<int64_t>::min()};
};

// One hash of a period's flow figures: the all-time totals, a whole month
// (its month hash) or a day.
struct FlowSpan {
  enum Kind { kTotal, kMonth, kDay } kind;
  absl::CivilMonth month;
  absl::CivilDay day;
};
// The hashes whose sum is the flow figures of `period` (nullopt from: all
// time): its whole months from `months_from` on as month hashes (a month
// counts as whole when the period covers its last day, even after today),
// its other days up to today as day hashes.
std::vector<FlowSpan> FlowSpans(const ResolvedPeriod& period,
                                absl::CivilDay today,
                                std::optional<absl::CivilMonth> months_from);

// Adds the counts of `from` into `into` (watermark: the newer one).
void AddFigures(const v1::UnitStatus& from, v1::UnitStatus& into);
// Sets the on-time rate from the resolved counts.
void SetOnTimeRate(v1::DossierFigures& d);

}  // namespace giamsat::query
