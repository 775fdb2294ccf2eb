// engine_bench: the rules engine core alone, without I/O: BatchProcessor
// over a state store in memory, with a fake clock, fed DOSSIER_RECEIVED
// records of N distinct dossiers (all stay open, so each holds its state and
// a pending timer), in batches of 500 as the service commits them.
//
// Figures, for each N:
//  - events per CPU-second of the engine over a store that keeps nothing
//    (the engine alone), and over InMemoryStateStore (as the tests use it;
//    skipped when that store would not fit in --max-rss-mb, as at 10M on a
//    small machine), next to protobuf parsing alone of the same records;
//  - memory per open dossier of the engine itself (its state cache, timer
//    index and offsets; measured as the growth of the process's resident set
//    with the store that keeps nothing), next to what Redis needs for the
//    same fields stored as one hash per dossier (used_memory growth over a
//    sample of the same dossiers; only with --redis).
//
//   engine_bench --dossiers 1000000,10000000 [--redis HOST:PORT] [--json F]
#include <hiredis/hiredis.h>
#include <jemalloc/jemalloc.h>
#include <malloc.h>
#include <time.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "CLI/CLI.hpp"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_state_store.h"
#include "google/protobuf/text_format.h"
#include "nlohmann/json.hpp"
#include "services/rules/batch_processor.h"
#include "tests/support/event_builders.h"
#include "tests/support/shipped_calendar.h"

namespace giamsat::bench {
namespace {

using giamsat::testing::VnTime;

// A StateStore that accepts every commit and keeps nothing, so that the
// process's memory growth is the engine's own.
class DiscardingStore final : public store::StateStore {
 public:
  absl::StatusOr<store::CommitOutcome> Commit(
      const store::WriteBatch&) override {
    return store::CommitOutcome::kApplied;
  }
  absl::StatusOr<std::optional<std::string>> Get(absl::string_view) override {
    return std::nullopt;
  }
  absl::StatusOr<std::vector<store::Hash>> GetHashes(
      const std::vector<std::string>& keys) override {
    return std::vector<store::Hash>(keys.size());
  }
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> GetSortedSet(
      absl::string_view) override {
    return std::vector<std::pair<std::string, int64_t>>{};
  }
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
  GetSortedSetRange(absl::string_view, int64_t, int64_t, int64_t,
                    int64_t) override {
    return std::vector<std::pair<std::string, int64_t>>{};
  }
  absl::StatusOr<std::optional<int64_t>> GetOffset(absl::string_view,
                                                   int32_t) override {
    return std::nullopt;
  }
  absl::StatusOr<int64_t> TakeFence(absl::string_view, int32_t) override {
    return 1;
  }
};

double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

// Returns freed memory to the kernel, so that the next run's growth of the
// resident set is its own (jemalloc, which this program is linked with,
// keeps freed pages for a while otherwise).
void ReleaseFreedMemory() {
  malloc_trim(0);
  const std::string purge =
      absl::StrCat("arena.", MALLCTL_ARENAS_ALL, ".purge");
  mallctl(purge.c_str(), nullptr, nullptr, nullptr, 0);
}

int64_t RssBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

const absl::Time kBase = VnTime("2026-06-01T08:00:00+07:00");

std::string DossierId(int64_t i) { return absl::StrCat("HN-2026-", i); }

// Records [from, to) of the stream: receipt of dossier i at unit i % 126,
// a 20-working-day limit, accepted during the first days of June.
std::vector<events::InRecord> Records(int64_t from, int64_t to) {
  std::vector<events::InRecord> out;
  out.reserve(to - from);
  for (int64_t i = from; i < to; ++i) {
    v1::Event e = giamsat::testing::DossierReceived(
        absl::StrCat("e", i), DossierId(i), absl::StrCat("HN.UBND.W", i % 126),
        kBase + absl::Seconds(i % (3 * 86400)));
    e.mutable_dossier()->set_procedure_code("LG.1.004227");
    e.mutable_dossier()->mutable_legal_duration()->set_working_days(20);
    e.mutable_dossier()->set_channel(i % 3 ? v1::CHANNEL_ONLINE
                                           : v1::CHANNEL_DIRECT);
    out.push_back({"d", static_cast<int32_t>(i % 6), i / 6, DossierId(i),
                   e.SerializeAsString()});
  }
  return out;
}

struct Engine {
  explicit Engine(store::StateStore& store)
      : clock(kBase + absl::Hours(1)),
        dossier_rules(giamsat::testing::ShippedCalendar(), {}),
        feedback_rules(giamsat::testing::ShippedCalendar(), {}),
        probe(registry),
        outbox(store, layout, "alerts"),
        processor(store, layout, clock, dossier_rules, feedback_rules, outbox,
                  probe) {
    std::vector<events::TopicPartition> owned;
    for (int p = 0; p < 6; ++p) owned.push_back({"d", p});
    processor.OnAssignment(owned);
  }
  store::KeyLayout layout{"gs:"};
  giamsat::testing::FakeClock clock;
  domain::DossierRules dossier_rules;
  domain::FeedbackRules feedback_rules;
  prometheus::Registry registry;
  rules::RulesProbe probe;
  rules::AlertOutbox outbox;
  rules::BatchProcessor processor;
};

// Feeds N receipts; returns the CPU seconds spent inside Process().
double Feed(rules::BatchProcessor& processor, int64_t n) {
  double cpu = 0;
  for (int64_t from = 0; from < n; from += 500) {
    const auto records = Records(from, std::min(n, from + 500));
    const double t0 = CpuSeconds();
    absl::Status s = processor.Process(records);
    cpu += CpuSeconds() - t0;
    if (!s.ok()) {
      std::cerr << "process: " << s << "\n";
      std::exit(1);
    }
  }
  return cpu;
}

double ParseOnly(int64_t n) {
  double cpu = 0;
  v1::Event e;
  for (int64_t from = 0; from < n; from += 500) {
    const auto records = Records(from, std::min(n, from + 500));
    const double t0 = CpuSeconds();
    for (const auto& r : records) {
      if (!e.ParseFromString(r.value)) std::exit(1);
    }
    cpu += CpuSeconds() - t0;
  }
  return cpu;
}

// The set fields of a dossier state as hash fields (name -> text value).
std::vector<std::pair<std::string, std::string>> Fields(
    const v1::DossierState& state) {
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  state.GetReflection()->ListFields(state, &fields);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto* f : fields) {
    std::string value;
    if (f->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE &&
        f->message_type()->full_name() == "google.protobuf.Timestamp" &&
        !f->is_repeated()) {
      const auto& ts = static_cast<const google::protobuf::Timestamp&>(
          state.GetReflection()->GetMessage(state, f));
      value = absl::StrCat(ts.seconds() * 1000 + ts.nanos() / 1000000);
    } else if (!f->is_repeated()) {
      google::protobuf::TextFormat::PrintFieldValueToString(state, f, -1,
                                                            &value);
    } else {
      const int n = state.GetReflection()->FieldSize(state, f);
      for (int i = 0; i < n; ++i) {
        std::string element;
        google::protobuf::TextFormat::PrintFieldValueToString(state, f, i,
                                                              &element);
        absl::StrAppend(&value, i ? "," : "", element);
      }
    }
    out.emplace_back(f->name(), value);
  }
  return out;
}

int64_t RedisUsedMemory(redisContext* c) {
  auto* r = static_cast<redisReply*>(redisCommand(c, "INFO memory"));
  int64_t used = -1;
  if (r && r->type == REDIS_REPLY_STRING) {
    for (absl::string_view line : absl::StrSplit(r->str, "\r\n")) {
      if (absl::ConsumePrefix(&line, "used_memory:")) {
        (void)absl::SimpleAtoi(line, &used);
      }
    }
  }
  if (r) freeReplyObject(r);
  return used;
}

// Bytes of Redis memory per dossier stored as one hash of its fields, over
// `sample` dossiers of the in-memory store.
double RedisBytesPerDossier(const std::string& address,
                            giamsat::testing::InMemoryStateStore& store,
                            int64_t sample, int64_t* fields_per_dossier) {
  const auto colon = address.rfind(':');
  redisContext* c = redisConnect(address.substr(0, colon).c_str(),
                                 std::stoi(address.substr(colon + 1)));
  if (!c || c->err) {
    std::cerr << "redis " << address << ": cannot connect\n";
    std::exit(1);
  }
  const std::string prefix = absl::StrCat("enginebench", getpid(), ":");
  const int64_t before = RedisUsedMemory(c);
  store::KeyLayout layout("gs:");
  int pending = 0;
  for (int64_t i = 0; i < sample; ++i) {
    auto value = store.Get(layout.Dossier(DossierId(i)));
    v1::DossierState state;
    if (!value.ok() || !value->has_value() || !state.ParseFromString(**value)) {
      std::cerr << "no state for " << DossierId(i) << "\n";
      std::exit(1);
    }
    const auto fields = Fields(state);
    *fields_per_dossier = static_cast<int64_t>(fields.size());
    std::vector<std::string> argv = {"HSET", prefix + DossierId(i)};
    for (const auto& [k, v] : fields) {
      argv.push_back(k);
      argv.push_back(v);
    }
    std::vector<const char*> ptrs;
    std::vector<size_t> lens;
    for (const auto& a : argv) {
      ptrs.push_back(a.data());
      lens.push_back(a.size());
    }
    redisAppendCommandArgv(c, static_cast<int>(argv.size()), ptrs.data(),
                           lens.data());
    if (++pending == 1000 || i + 1 == sample) {
      for (; pending > 0; --pending) {
        void* reply = nullptr;
        if (redisGetReply(c, &reply) != REDIS_OK) std::exit(1);
        freeReplyObject(reply);
      }
    }
  }
  const int64_t after = RedisUsedMemory(c);
  // Clean up: the keys of this run.
  auto* r = static_cast<redisReply*>(
      redisCommand(c, "EVAL %s 0 %s",
                   "for _,k in ipairs(redis.call('KEYS', ARGV[1])) do "
                   "redis.call('UNLINK', k) end return 1",
                   (prefix + "*").c_str()));
  if (r) freeReplyObject(r);
  redisFree(c);
  return static_cast<double>(after - before) / static_cast<double>(sample);
}

int Main(int argc, char** argv) {
  CLI::App app{"Rules engine core: throughput and memory per open dossier"};
  std::string sizes = "1000000,10000000";
  std::string redis;
  std::string json_out;
  int64_t redis_sample = 200000;
  int64_t max_rss_mb = 12000;
  app.add_option("--dossiers", sizes, "Comma-separated open-dossier counts");
  app.add_option("--redis", redis,
                 "Redis for the one-hash-per-dossier baseline");
  app.add_option("--redis-sample", redis_sample, "Dossiers stored in Redis");
  app.add_option("--max-rss-mb", max_rss_mb,
                 "Skip a size whose projected memory exceeds this");
  app.add_option("--json", json_out, "Write the results here");
  CLI11_PARSE(app, argc, argv);

  nlohmann::json results = nlohmann::json::array();
  // Resident bytes per dossier of the in-memory store run, once measured.
  double store_bytes_seen = 0;
  std::cout << absl::StrFormat("%-10s %14s %14s %14s %13s | %10s %10s %6s\n",
                               "open", "alone ev/cpu-s", "store ev/cpu-s",
                               "parse ev/cpu-s", "ratios", "engine B",
                               "redis B", "ratio");
  for (absl::string_view size : absl::StrSplit(sizes, ',')) {
    int64_t n = 0;
    if (!absl::SimpleAtoi(size, &n) || n <= 0) {
      std::cerr << "--dossiers: bad count " << size << "\n";
      return 1;
    }
    nlohmann::json row = {{"open_dossiers", n}};
    // 1. The engine alone: memory and throughput over a store that keeps
    // nothing.
    double engine_bytes = 0;
    double alone_rate = 0;
    {
      ReleaseFreedMemory();
      const int64_t rss0 = RssBytes();
      DiscardingStore discard;
      auto engine = std::make_unique<Engine>(discard);
      alone_rate = static_cast<double>(n) / Feed(engine->processor, n);
      engine_bytes =
          static_cast<double>(RssBytes() - rss0) / static_cast<double>(n);
      if (engine->processor.timers_pending() != static_cast<size_t>(n)) {
        std::cerr << "expected " << n << " pending timers, have "
                  << engine->processor.timers_pending() << "\n";
        return 1;
      }
    }
    ReleaseFreedMemory();
    row["engine_bytes_per_open_dossier"] = engine_bytes;
    row["engine_alone_events_per_cpu_second"] = alone_rate;
    // 2. Over the in-memory store, where it fits; otherwise a sample of
    // the same dossiers, for the Redis baseline only.
    const double projected_mb = store_bytes_seen * static_cast<double>(n) / 1e6;
    const bool store_fits = projected_mb <= static_cast<double>(max_rss_mb);
    double store_rate = 0;
    giamsat::testing::InMemoryStateStore store;
    {
      const int64_t rss0 = RssBytes();
      auto engine = std::make_unique<Engine>(store);
      if (store_fits) {
        store_rate = static_cast<double>(n) / Feed(engine->processor, n);
        store_bytes_seen =
            static_cast<double>(RssBytes() - rss0) / static_cast<double>(n);
        row["engine_events_per_cpu_second"] = store_rate;
        row["in_memory_store_run_bytes_per_dossier"] = store_bytes_seen;
      } else {
        row["in_memory_store_skipped"] =
            absl::StrFormat("needs about %.0f MB, more than --max-rss-mb %d",
                            projected_mb, max_rss_mb);
        Feed(engine->processor, std::min(n, redis_sample));
      }
    }
    const double parse_rate = static_cast<double>(n) / ParseOnly(n);
    row["parse_events_per_cpu_second"] = parse_rate;
    double redis_bytes = 0;
    if (!redis.empty()) {
      int64_t fields = 0;
      redis_bytes = RedisBytesPerDossier(redis, store,
                                         std::min(n, redis_sample), &fields);
      row["redis_hash_bytes_per_dossier"] = redis_bytes;
      row["redis_hash_fields"] = fields;
      row["memory_ratio"] = engine_bytes / redis_bytes;
    }
    std::cout << absl::StrFormat(
        "%-10d %14.0f %14s %14.0f %6.3f/%-6s | %10.0f %10s %6s\n", n,
        alone_rate,
        store_fits ? absl::StrFormat("%.0f", store_rate) : "skipped",
        parse_rate, alone_rate / parse_rate,
        store_fits ? absl::StrFormat("%.3f", store_rate / parse_rate) : "-",
        engine_bytes,
        redis.empty() ? "-" : absl::StrFormat("%.0f", redis_bytes),
        redis.empty() ? "-"
                      : absl::StrFormat("%.2f", engine_bytes / redis_bytes));
    if (!store_fits) {
      std::cout << "  in-memory store run skipped: "
                << row["in_memory_store_skipped"].get<std::string>() << "\n";
    }
    results.push_back(row);
  }
  if (!json_out.empty()) {
    std::ofstream(json_out)
        << nlohmann::json{{"engine", results}}.dump(2) << "\n";
  }
  return 0;
}

}  // namespace
}  // namespace giamsat::bench

int main(int argc, char** argv) { return giamsat::bench::Main(argc, argv); }
