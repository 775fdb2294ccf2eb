#include "common/store/month_hashes.h"

#include <string>

#include "common/core/vietnam_time.h"
#include "common/store/write_batch.h"

namespace giamsat::store {

absl::StatusOr<std::optional<absl::CivilMonth>> MonthHashesFrom(
    StateStore& store, const KeyLayout& layout) {
  absl::StatusOr<std::optional<std::string>> value =
      store.Get(layout.MonthHashesFrom());
  if (!value.ok()) return value.status();
  absl::CivilMonth month;
  if (!value->has_value() || !absl::ParseCivilTime(**value, &month)) {
    return std::nullopt;
  }
  return month;
}

absl::StatusOr<absl::CivilMonth> MarkMonthHashes(StateStore& store,
                                                 const KeyLayout& layout,
                                                 const core::Clock& clock) {
  absl::StatusOr<std::optional<absl::CivilMonth>> marked =
      MonthHashesFrom(store, layout);
  if (!marked.ok()) return marked.status();
  if (marked->has_value()) return **marked;
  absl::StatusOr<std::vector<Hash>> units = store.GetHashes({layout.Units()});
  if (!units.ok()) return units.status();
  const absl::CivilMonth from =
      units->front().empty()
          ? absl::CivilMonth(1, 1)
          : absl::CivilMonth(core::VietnamDay(clock.Now())) + 1;
  WriteBatch batch;
  batch.Put(layout.MonthHashesFrom(), absl::FormatCivilTime(from));
  absl::StatusOr<CommitOutcome> committed = store.Commit(batch);
  if (!committed.ok()) return committed.status();
  return from;
}

}  // namespace giamsat::store
