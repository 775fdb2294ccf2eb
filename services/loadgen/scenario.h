// Scenario: the synthetic event stream of the workload generator and the
// description of what it contains.
//
// For a seed and options the stream is always the same: dossiers arrive on
// working days within office hours (online ones also in the evening and at
// weekends), more at month end, none on public holidays except online; each
// dossier's life (steps at offices or other agencies, supplement requests,
// apology letters, resolution on time or late, result returned, rating,
// withdrawal) is planned at arrival against the legal working calendar, and
// its events are emitted in event-time order. iHanoi-style feedback items
// (urgent, complex, transferred, reopened) are mixed in.
//
// The Description counts, per unit, what the rules service must find once
// it has processed every event and its clock has passed `end`: dossiers
// received, resolved on time / late (legal clock), withdrawn, open, open and
// overdue, open and paused, and the feedback figures. No open dossier falls
// due within `settle_margin` after `end`, so the overdue count holds for that
// long after `end` on a real clock.
// Pure (no I/O); Run() is not thread-safe, separate Generators are.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/calendar/calendar.h"
#include "giamsat/v1/events.pb.h"
#include "services/loadgen/hanoi.h"

namespace giamsat::loadgen {

struct ScenarioOptions {
  uint64_t seed = 1;
  absl::Time start = absl::InfinitePast();  // required
  absl::Time end = absl::InfinitePast();    // required, after start
  int64_t dossiers = 10000;                 // receipts in [start, end)
  double feedback_per_dossier = 0.05;       // feedback items per dossier
  int localities = 126;                     // wards and communes
  int departments = 30;
  absl::Duration settle_margin = absl::Hours(2);
  std::string source_system = "loadgen-igate";
  // Prefix of every event, dossier and feedback id (unique per run).
  std::string id_prefix = "LG";
};

struct UnitFigures {
  int64_t received = 0;
  int64_t resolved = 0;
  int64_t resolved_on_time = 0;  // early or on time (legal clock)
  int64_t resolved_late = 0;
  int64_t withdrawn = 0;
  int64_t open = 0;          // received, not resolved nor withdrawn at end
  int64_t open_overdue = 0;  // of those, past the due time and not paused
  int64_t open_paused = 0;   // waiting for a supplement at end
  int64_t apologies = 0;
  int64_t supplement_requests = 0;
  int64_t feedback_received = 0;
  int64_t feedback_open = 0;  // not answered nor closed, at the holding unit
};

struct Description {
  ScenarioOptions options;
  int64_t events = 0;
  int64_t dossiers = 0;
  int64_t feedback = 0;
  std::map<std::string, UnitFigures> units;  // only units with figures
  std::map<std::string, int64_t> by_procedure;
  std::map<std::string, int64_t> by_channel;
  std::map<std::string, int64_t> by_kind;  // event kinds
  UnitFigures Total() const;
};

// The description as JSON (the format of `giamsat-loadgen --describe`).
std::string DescriptionJson(const Description& d);

class Generator {
 public:
  using Sink = std::function<absl::Status(const v1::Event&)>;

  // InvalidArgument for bad options (naming the option), OutOfRange when the
  // calendar does not cover [start, end + the longest limit].
  static absl::StatusOr<std::unique_ptr<Generator>> Create(
      std::shared_ptr<const calendar::Calendar> calendar,
      ScenarioOptions options);
  ~Generator();

  const City& city() const;

  // Calls `sink` with every event in occurred_at order; stops at the first
  // error of the sink and returns it.
  absl::StatusOr<Description> Run(const Sink& sink);

 private:
  class Impl;
  explicit Generator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace giamsat::loadgen
