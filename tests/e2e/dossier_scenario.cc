#include "tests/e2e/dossier_scenario.h"

#include <gtest/gtest.h>

#include <random>

#include "common/testing/fake_clock.h"
#include "services/rules/batch_processor.h"
#include "tests/support/event_builders.h"
#include "tests/support/shipped_calendar.h"

namespace giamsat::e2e {

using ::giamsat::testing::DossierReceived;
using ::giamsat::testing::VnTime;

// A deterministic scenario: receipts from March to June 2026 with 1-15 day
// limits, then for most dossiers supplements, resolutions (early, on time or
// late), withdrawals or returned results; every due time is in the past.
std::vector<v1::Event> DossierScenario(const std::string& prefix, int dossiers,
                                       int units) {
  std::mt19937 rng(20261130);
  std::vector<v1::Event> events;
  const absl::Time base = VnTime("2026-03-02T08:30:00+07:00");
  for (int i = 0; i < dossiers; ++i) {
    const std::string id = prefix + "D" + std::to_string(i);
    const std::string unit = prefix + "U" + std::to_string(i % units);
    const absl::Time received =
        base + absl::Hours(rng() % (24 * 110)) + absl::Minutes(rng() % 60);
    v1::Event r = DossierReceived(id + "-r", id, unit, received);
    r.mutable_dossier()->mutable_legal_duration()->set_working_days(1 +
                                                                    rng() % 15);
    r.mutable_dossier()->set_channel(rng() % 2 ? v1::CHANNEL_ONLINE
                                               : v1::CHANNEL_DIRECT);
    events.push_back(r);
    absl::Time t = received;
    auto next = [&](const std::string& suffix, v1::DossierEventKind kind,
                    absl::Duration after) {
      t += after;
      v1::Event e = DossierReceived(id + suffix, id, unit, t);
      e.mutable_dossier()->Clear();
      e.mutable_dossier()->set_dossier_id(id);
      e.mutable_dossier()->set_kind(kind);
      return e;
    };
    const int fate = rng() % 10;
    if (fate == 0) {
      events.push_back(next("-s1", v1::DOSSIER_SUPPLEMENT_REQUESTED,
                            absl::Hours(rng() % 100)));
      events.push_back(next("-s2", v1::DOSSIER_SUPPLEMENT_RECEIVED,
                            absl::Hours(rng() % 200)));
    }
    if (fate <= 6) {
      v1::Event z =
          next("-z", v1::DOSSIER_RESOLVED, absl::Hours(rng() % (24 * 25)));
      z.mutable_dossier()->set_outcome(rng() % 8 ? v1::RESOLUTION_APPROVED
                                                 : v1::RESOLUTION_REFUSED);
      events.push_back(z);
      if (rng() % 3) {
        events.push_back(
            next("-x", v1::DOSSIER_RESULT_RETURNED, absl::Hours(rng() % 48)));
      }
    } else if (fate == 7) {
      events.push_back(
          next("-w", v1::DOSSIER_WITHDRAWN, absl::Hours(rng() % 100)));
    }
    // A duplicate re-sent by the source now and then.
    if (rng() % 20 == 0) events.push_back(events.back());
  }
  return events;
}

std::unique_ptr<testing::InMemoryStateStore> ReplayInProcess(
    const std::vector<v1::Event>& events, const std::string& key_prefix) {
  auto oracle = std::make_unique<testing::InMemoryStateStore>();
  testing::FakeClock clock(absl::Now());
  const store::KeyLayout layout(key_prefix);
  prometheus::Registry registry;
  domain::DossierRules dossier_rules(testing::ShippedCalendar(), {});
  domain::FeedbackRules feedback_rules(testing::ShippedCalendar(), {});
  rules::RulesProbe probe(registry);
  rules::AlertOutbox outbox(*oracle, layout, "alerts");
  rules::BatchProcessor replay(*oracle, layout, clock, dossier_rules,
                               feedback_rules, outbox, probe);
  std::vector<events::InRecord> records;
  for (size_t i = 0; i < events.size(); ++i) {
    records.push_back({"oracle", 0, static_cast<int64_t>(i),
                       events[i].dossier().dossier_id(),
                       events[i].SerializeAsString()});
  }
  // As the live service reads a backlog: by event time, then by the clock.
  replay.SetBehind({{"oracle", 0}});
  absl::Status s = replay.Process(records);
  EXPECT_TRUE(s.ok()) << s;
  replay.SetBehind({});
  while (s.ok() && replay.HasDueTimers()) s = replay.FireDueTimers(100000);
  EXPECT_TRUE(s.ok()) << s;
  return oracle;
}

}  // namespace giamsat::e2e
