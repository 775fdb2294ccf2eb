// Watching unit statuses: UnitWatcher decides what a WatchUnitStatus stream
// sends at each poll (pure apart from the reader): the first poll returns
// every watched unit (the snapshot); later polls return the units whose
// figures changed since they were last sent, at most one per unit per
// coalescing interval (a change inside the interval is held and sent once
// it ends, with the figures of that later poll). Ticker paces the polls; a
// test drives ManualTicker instead of waiting on the wall clock.
// Not thread-safe: one watcher per stream.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "giamsat/v1/query.pb.h"
#include "services/query/status_reader.h"

namespace giamsat::query {

class UnitWatcher {
 public:
  UnitWatcher(StatusReader& reader, std::vector<std::string> units,
              v1::Period period, bool roll_up, absl::Duration coalesce)
      : reader_(reader),
        units_(std::move(units)),
        period_(std::move(period)),
        roll_up_(roll_up),
        coalesce_(coalesce) {}

  // The messages to send now (see above).
  absl::StatusOr<std::vector<v1::WatchUnitStatusResponse>> Poll(absl::Time now);

 private:
  struct Sent {
    std::string bytes;  // the status last sent, serialized
    absl::Time at;
  };
  StatusReader& reader_;
  const std::vector<std::string> units_;
  const v1::Period period_;
  const bool roll_up_;
  const absl::Duration coalesce_;
  bool snapshot_sent_ = false;
  std::map<std::string, Sent> sent_;
};

// Paces the polls of one stream.
class Ticker {
 public:
  virtual ~Ticker() = default;
  // Blocks until the next poll is due. False when the stream must end:
  // `cancelled()` turned true or the ticker was stopped.
  virtual bool Wait(const std::function<bool()>& cancelled) = 0;
};

// Waits `interval` of wall time between polls (checking `cancelled` at
// least every 100 ms).
class IntervalTicker final : public Ticker {
 public:
  explicit IntervalTicker(absl::Duration interval) : interval_(interval) {}
  bool Wait(const std::function<bool()>& cancelled) override;

 private:
  const absl::Duration interval_;
};

// A ticker moved by a test: Wait returns after each Tick(); false after
// Stop() or once cancelled. Thread-safe.
class ManualTicker final : public Ticker {
 public:
  bool Wait(const std::function<bool()>& cancelled) override;
  void Tick();
  void Stop();
  // Number of Wait calls that are blocked now (a test waits for the stream
  // to be idle before ticking again).
  int waiting() const;

 private:
  mutable absl::Mutex mu_;
  int64_t ticks_ ABSL_GUARDED_BY(mu_) = 0;
  int waiting_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace giamsat::query
