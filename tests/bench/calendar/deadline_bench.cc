// Throughput of DueTime on 10-working-day limits (both counting modes)
// against the naive minute-by-minute reference in
// tests/unit/common/calendar/naive_deadline.h, single-threaded (per core).
// Goals: >= 5 M DueTime/s/core and >= 100x the reference. After the usual
// Google Benchmark table it prints one line per mode with the ratio.
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "common/calendar/deadline.h"
#include "tests/unit/common/calendar/naive_deadline.h"
#include "tests/unit/common/calendar/test_calendars.h"

namespace giamsat::calendar {
namespace {

using ::giamsat::calendar::testing::NaiveCalendar;
using ::giamsat::calendar::testing::PublicSector;
using ::giamsat::calendar::testing::ShippedSpec;
using ::giamsat::calendar::testing::Vn;

constexpr size_t kInstants = 4096;  // power of two
const Limit kTenDays = Limit::WorkingDays(10);

// Minute-aligned acceptance instants spread over 2024 to mid-2027.
const std::vector<absl::Time>& Instants() {
  static const std::vector<absl::Time>* const instants = [] {
    auto* out = new std::vector<absl::Time>();
    std::mt19937 rng(766);
    std::uniform_int_distribution<int64_t> minutes(0, 1277 * 24 * 60);
    for (size_t i = 0; i < kInstants; ++i) {
      out->push_back(Vn(2024, 1, 1) + absl::Minutes(minutes(rng)));
    }
    return out;
  }();
  return *instants;
}

const NaiveCalendar& Naive() {
  static const NaiveCalendar* const naive = new NaiveCalendar(ShippedSpec());
  return *naive;
}

void BM_DueTime(benchmark::State& state, CountingMode mode) {
  const Calendar& cal = PublicSector();
  const std::vector<absl::Time>& instants = Instants();
  const StartPolicy policy;
  size_t i = 0;
  for (auto _ : state) {
    absl::StatusOr<Deadline> d =
        DueTime(cal, instants[i++ & (kInstants - 1)], kTenDays, mode, policy);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_NaiveDueTime(benchmark::State& state, CountingMode mode) {
  const NaiveCalendar& naive = Naive();
  const std::vector<absl::Time>& instants = Instants();
  const StartPolicy policy;
  size_t i = 0;
  for (auto _ : state) {
    absl::Time due =
        naive.DueTime(instants[i++ & (kInstants - 1)], kTenDays, mode, policy);
    benchmark::DoNotOptimize(due);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(BM_DueTime, hours_10_days, CountingMode::kHours);
BENCHMARK_CAPTURE(BM_NaiveDueTime, hours_10_days, CountingMode::kHours);
BENCHMARK_CAPTURE(BM_DueTime, days_10_days, CountingMode::kDays);
BENCHMARK_CAPTURE(BM_NaiveDueTime, days_10_days, CountingMode::kDays);

// Console reporter that also keeps each benchmark's items per second.
class RateReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration) continue;
      auto it = run.counters.find("items_per_second");
      if (it != run.counters.end()) rates_[run.benchmark_name()] = it->second;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  double Rate(const std::string& name) const {
    auto it = rates_.find(name);
    return it == rates_.end() ? 0 : it->second;
  }

 private:
  std::map<std::string, double> rates_;
};

}  // namespace
}  // namespace giamsat::calendar

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  giamsat::calendar::RateReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  bool ok = true;
  for (const char* mode : {"hours_10_days", "days_10_days"}) {
    const double fast = reporter.Rate(std::string("BM_DueTime/") + mode);
    const double naive = reporter.Rate(std::string("BM_NaiveDueTime/") + mode);
    if (fast == 0 || naive == 0) continue;  // filtered out
    const double ratio = fast / naive;
    const bool meets = fast >= 5e6 && ratio >= 100;
    ok = ok && meets;
    std::printf(
        "DueTime %-13s: %.2f M/s/core, naive minute-by-minute %.1f k/s, "
        "ratio %.0fx (goal >= 5 M/s and >= 100x: %s)\n",
        mode, fast / 1e6, naive / 1e3, ratio, meets ? "met" : "NOT met");
  }
  benchmark::Shutdown();
  return ok ? 0 : 2;
}
