// FigureTally: the unit figure increments of one batch, summed per (unit,
// day) and field before they become state-store writes.
//
// Add() records one counter delta: on `figure` and on each breakdown field
// of it (figure_fields.h: BreakdownField) of the unit's day, month and total
// hashes when the delta has a day, of its live hash otherwise. AppendTo()
// appends one increment (WriteBatch::AppendHashIncrement) per distinct
// (hash, field) holding the sum of the deltas added to it, zero sums
// included (the field is then created as HINCRBY by 0 would), with each
// hash key built once. Increments commute with every other write, so
// appending them together at the end of a batch gives the same state as
// appending each where it arose. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "common/store/key_layout.h"
#include "common/store/write_batch.h"

namespace giamsat::rules {

class FigureTally {
 public:
  // (dimension, value) pairs a subject's figures are broken down by; empty
  // values are skipped.
  using Breakdowns =
      absl::Span<const std::pair<absl::string_view, std::string>>;

  void Add(absl::string_view unit_id, std::optional<absl::CivilDay> day,
           absl::string_view figure, Breakdowns breakdowns, int64_t delta);
  void AppendTo(const store::KeyLayout& layout, store::WriteBatch& batch) const;
  bool empty() const { return scopes_.empty(); }

 private:
  // The live hash's scope: no day.
  static constexpr int64_t kLive = INT64_MIN;
  struct Scope {
    int64_t day;  // days since 1970-01-01, or kLive
    absl::flat_hash_map<std::string, int64_t> fields;
  };
  Scope& ScopeOf(absl::string_view unit_id, int64_t day);

  std::vector<Scope> scopes_;
  // unit -> (day, index in scopes_) of each of its scopes.
  absl::flat_hash_map<std::string, std::vector<std::pair<int64_t, size_t>>>
      by_unit_;
  std::string field_;  // Add's scratch: one breakdown field's name
};

}  // namespace giamsat::rules
