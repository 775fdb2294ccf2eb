#include "services/rules/figure_tally.h"

#include <algorithm>

#include "common/domain/figure_fields.h"

namespace giamsat::rules {

FigureTally::Scope& FigureTally::ScopeOf(absl::string_view unit_id,
                                         int64_t day) {
  auto unit = by_unit_.find(unit_id);
  if (unit == by_unit_.end()) {
    unit = by_unit_.try_emplace(std::string(unit_id)).first;
  }
  for (const auto& [d, index] : unit->second) {
    if (d == day) return scopes_[index];
  }
  unit->second.emplace_back(day, scopes_.size());
  scopes_.push_back({day, {}});
  return scopes_.back();
}

void FigureTally::Add(absl::string_view unit_id,
                      std::optional<absl::CivilDay> day,
                      absl::string_view figure, Breakdowns breakdowns,
                      int64_t delta) {
  Scope& scope =
      ScopeOf(unit_id, day.has_value() ? *day - absl::CivilDay() : kLive);
  auto add = [&](absl::string_view field) {
    auto it = scope.fields.find(field);
    if (it == scope.fields.end()) {
      scope.fields.try_emplace(std::string(field), delta);
    } else {
      it->second += delta;
    }
  };
  add(figure);
  for (const auto& [dimension, value] : breakdowns) {
    if (value.empty()) continue;
    domain::BreakdownFieldInto(field_, figure, dimension, value);
    add(field_);
  }
}

void FigureTally::AppendTo(const store::KeyLayout& layout,
                           store::WriteBatch& batch) const {
  // Field -> sum, over the days of one unit's month or over all its days.
  using Sums = absl::flat_hash_map<absl::string_view, int64_t>;
  auto append = [&batch](const std::string& key, const auto& fields) {
    for (const auto& [field, delta] : fields) {
      batch.AppendHashIncrement(key, field, delta);
    }
  };
  for (const auto& [unit_id, scopes] : by_unit_) {
    // Usually one day a batch: its sums are the month's and the total's.
    if (scopes.size() == 1 && scopes[0].first != kLive) {
      const absl::CivilDay day = absl::CivilDay() + scopes[0].first;
      const auto& fields = scopes_[scopes[0].second].fields;
      append(layout.UnitDay(unit_id, day), fields);
      append(layout.UnitMonth(unit_id, absl::CivilMonth(day)), fields);
      append(layout.UnitTotal(unit_id), fields);
      continue;
    }
    std::vector<std::pair<absl::CivilMonth, Sums>> months;
    Sums total;
    for (const auto& [day_number, index] : scopes) {
      const auto& fields = scopes_[index].fields;
      if (day_number == kLive) {
        append(layout.UnitLive(unit_id), fields);
        continue;
      }
      const absl::CivilDay day = absl::CivilDay() + day_number;
      append(layout.UnitDay(unit_id, day), fields);
      auto month = std::find_if(months.begin(), months.end(), [&](auto& m) {
        return m.first == absl::CivilMonth(day);
      });
      if (month == months.end()) {
        month = months.emplace(months.end(), absl::CivilMonth(day), Sums());
      }
      for (const auto& [field, delta] : fields) {
        month->second[field] += delta;
        total[field] += delta;
      }
    }
    for (const auto& [month, sums] : months) {
      append(layout.UnitMonth(unit_id, month), sums);
    }
    if (!months.empty()) append(layout.UnitTotal(unit_id), total);
  }
}

}  // namespace giamsat::rules
