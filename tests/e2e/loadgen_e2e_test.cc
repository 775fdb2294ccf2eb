// giamsat-loadgen's scenario through the shipped services: the generator
// writes a JSONL file of a few thousand events ending a minute ago, its
// reference files and its description; giamsatctl imports the file through
// giamsat-ingestor (which validates it against those reference files),
// giamsat-rules processes it, and every unit's figures in Redis must equal
// the description: received, resolved on time / late, in progress, in
// progress and overdue, feedback received and open.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/domain/figure_fields.h"
#include "common/redis/redis_state_store.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/service_fixture.h"
#include "tests/support/shipped_calendar.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_env.h"

namespace giamsat::e2e {
namespace {

using ::giamsat::testing::ReadyFileValue;

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S+07:00", t,
                          absl::FixedTimeZone(7 * 3600));
}

int64_t Field(const store::Hash& h, absl::string_view name) {
  auto it = h.find(name);
  return it == h.end() ? 0 : std::stoll(it->second);
}

TEST(LoadgenE2eTest, ServicesFindWhatTheGeneratorDescribes) {
  Services services;
  const std::string dir = services.dir();
  const absl::Time end = absl::FromUnixSeconds(
      absl::ToUnixSeconds(absl::Now() - absl::Minutes(1)));
  // The scenario ends a minute ago, so whether it leaves a dossier open and
  // overdue depends on the day it runs: the first seed (of a fixed list)
  // whose description has both open overdue and late dossiers is used.
  nlohmann::json description;
  for (int seed = 20261130; seed < 20261130 + 20; ++seed) {
    testing::Subprocess loadgen(GIAMSAT_LOADGEN_BIN,
                                {"--seed",
                                 std::to_string(seed),
                                 "--start",
                                 Rfc3339(end - absl::Hours(24 * 45)),
                                 "--end",
                                 Rfc3339(end),
                                 "--dossiers",
                                 "1200",
                                 "--localities",
                                 "12",
                                 "--feedback-per-dossier",
                                 "0.1",
                                 "--id-prefix",
                                 services.prefix(),
                                 "--settle-minutes",
                                 "60",
                                 "--calendar",
                                 testing::ShippedCalendarPath(),
                                 "--jsonl",
                                 dir + "/events.jsonl",
                                 "--describe",
                                 dir + "/description.json",
                                 "--units-out",
                                 dir + "/units.yaml",
                                 "--procedures-out",
                                 dir + "/procedures.yaml"},
                                dir + "/loadgen.log");
    ASSERT_EQ(loadgen.WaitForExit(absl::Seconds(120)), 0) << loadgen.Output();
    std::ifstream in(dir + "/description.json");
    description = nlohmann::json::parse(in);
    if (description["total"]["open_overdue"].get<int64_t>() > 0 &&
        description["total"]["resolved_late"].get<int64_t>() > 0) {
      break;
    }
  }
  const int64_t events = description["events"].get<int64_t>();
  ASSERT_GT(events, 3000);
  ASSERT_GT(description["total"]["open_overdue"].get<int64_t>(), 0);
  ASSERT_GT(description["total"]["resolved_late"].get<int64_t>(), 0);

  const std::vector<std::string> ingestor_args = services.IngestorArgs(
      std::string(GIAMSAT_SOURCE_DIR) + "/deploy/config/ingestor.yaml",
      dir + "/units.yaml", dir + "/procedures.yaml");
  std::string ingestor_ready, rules_ready;
  auto ingestor = services.Start("ingestor", ingestor_args, &ingestor_ready);
  ASSERT_FALSE(ingestor_ready.empty());
  auto rules = services.Start("rules", services.RulesArgs(), &rules_ready);
  ASSERT_FALSE(rules_ready.empty());

  {
    testing::Subprocess ctl(
        BinaryOf("ctl"),
        {"--ingestor", ReadyFileValue(ingestor_ready, "grpc"), "import",
         dir + "/events.jsonl", "--json"},
        dir + "/import.log");
    ASSERT_EQ(ctl.WaitForExit(absl::Seconds(300)), 0) << ctl.Output();
    EXPECT_THAT(ctl.Output(),
                ::testing::HasSubstr(absl::StrCat("\"accepted\":", events,
                                                  ",\"duplicates\":0,"
                                                  "\"rejected\":0")));
  }

  config::RedisConfig rc;
  rc.address = testing::RedisAddress();
  prometheus::Registry registry;
  const store::KeyLayout layout(services.prefix());
  auto store = redis::RedisStateStore::Connect(rc, layout, registry);
  ASSERT_TRUE(store.ok()) << store.status();

  // Every unit's figures, as the description expects them, once the rules
  // service has applied every event and fired every timer due by now.
  auto mismatches = [&] {
    std::vector<std::string> out;
    for (const auto& [unit, f] : description["units"].items()) {
      auto h =
          (*store)->GetHashes({layout.UnitTotal(unit), layout.UnitLive(unit)});
      if (!h.ok()) return std::vector<std::string>{h.status().ToString()};
      const store::Hash& total = h->at(0);
      const store::Hash& live = h->at(1);
      const std::pair<std::string, int64_t> got[] = {
          {"received", Field(total, domain::kFieldReceived)},
          {"resolved", Field(total, domain::kFieldResolved)},
          {"resolved_on_time", Field(total, domain::kFieldResolvedEarly) +
                                   Field(total, domain::kFieldResolvedOnTime)},
          {"resolved_late", Field(total, domain::kFieldResolvedLate)},
          {"open", Field(live, domain::kFieldInProgress)},
          {"open_overdue", Field(live, domain::kFieldInProgressOverdue)},
          {"feedback_received", Field(total, domain::kFieldFeedbackReceived)},
          {"feedback_open", Field(live, domain::kFieldFeedbackOpen)}};
      for (const auto& [name, value] : got) {
        if (value != f[name].get<int64_t>()) {
          out.push_back(absl::StrCat(unit, " ", name, ": ", value,
                                     " != ", f[name].get<int64_t>()));
        }
      }
    }
    return out;
  };
  std::vector<std::string> last;
  const bool matched = testing::Eventually(
      [&] {
        last = mismatches();
        return last.empty();
      },
      absl::Seconds(240));
  EXPECT_TRUE(matched) << ::testing::PrintToString(last);
  EXPECT_GT(description["units"].size(), 12u);
}

}  // namespace
}  // namespace giamsat::e2e
