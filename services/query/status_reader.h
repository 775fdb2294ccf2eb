// StatusReader: answers GetUnitStatus from the state store alone (so any
// number of query replicas can run). Flow figures are summed over the
// period's days; stock figures are as of now.
// Errors: InvalidArgument naming the request field; Unavailable when the
// store cannot be reached.
#pragma once

#include "absl/status/statusor.h"
#include "common/core/clock.h"
#include "common/store/key_layout.h"
#include "common/store/state_store.h"
#include "giamsat/v1/query.pb.h"

namespace giamsat::query {

// Longest period one request may cover, in days.
inline constexpr int kMaxPeriodDays = 3700;

class StatusReader {
 public:
  StatusReader(store::StateStore& store, store::KeyLayout layout,
               const core::Clock& clock)
      : store_(store), layout_(std::move(layout)), clock_(clock) {}

  absl::StatusOr<v1::UnitStatus> GetUnitStatus(
      const v1::GetUnitStatusRequest& request);

 private:
  store::StateStore& store_;
  const store::KeyLayout layout_;
  const core::Clock& clock_;
};

}  // namespace giamsat::query
