// Clock port: the only way code in this project learns the current time.
//
// Domain code never calls absl::Now(); it is handed a Clock. Production wires
// SystemClock; tests use giamsat::testing::FakeClock and move time by hand.
// Implementations must be safe for concurrent use.
#pragma once

#include "absl/time/time.h"

namespace giamsat::core {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

// The wall clock. Safe for concurrent use.
class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

}  // namespace giamsat::core
