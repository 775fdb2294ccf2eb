#include "services/loadgen/scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "common/calendar/vietnam_time.h"
#include "common/core/proto_time.h"
#include "common/domain/figure_fields.h"
#include "common/events/topics.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_state_store.h"
#include "nlohmann/json.hpp"
#include "services/ingestor/reference_data.h"
#include "services/ingestor/validator.h"
#include "services/rules/batch_processor.h"
#include "tests/support/event_builders.h"
#include "tests/support/shipped_calendar.h"

namespace giamsat::loadgen {
namespace {

using ::giamsat::testing::VnTime;

ScenarioOptions Small(uint64_t seed = 7) {
  ScenarioOptions o;
  o.seed = seed;
  o.start = VnTime("2026-03-02T00:00:00+07:00");
  o.end = VnTime("2026-05-11T10:00:00+07:00");
  o.dossiers = 3000;
  o.feedback_per_dossier = 0.1;
  o.localities = 20;
  return o;
}

struct Generated {
  std::vector<v1::Event> events;
  Description description;
  City city;
};

Generated Generate(const ScenarioOptions& options) {
  auto g = Generator::Create(testing::ShippedCalendar(), options);
  EXPECT_TRUE(g.ok()) << g.status();
  Generated out;
  auto d = (*g)->Run([&](const v1::Event& e) {
    out.events.push_back(e);
    return absl::OkStatus();
  });
  EXPECT_TRUE(d.ok()) << d.status();
  out.description = *d;
  out.city = (*g)->city();
  return out;
}

TEST(HanoiCityTest, HasTheShapeOfHanoi) {
  const City city = HanoiCity(1);
  EXPECT_EQ(city.local.size(), 126u);
  EXPECT_EQ(city.departments.size(), 30u);
  std::set<std::string> ids;
  int offices = 0;
  for (const Unit& u : city.units) {
    EXPECT_TRUE(ids.insert(u.id).second) << "duplicate " << u.id;
    if (u.level == "office") ++offices;
  }
  for (const Unit& u : city.units) {
    if (u.level != "city") {
      EXPECT_TRUE(ids.contains(u.parent)) << u.id;
    }
  }
  EXPECT_EQ(offices, 126 * 3 + 30 * 2);
  // A few units are much worse than the rest.
  int poor = 0;
  for (size_t i : city.local) poor += city.units[i].late_rate > 0.04;
  EXPECT_GT(poor, 0);
  EXPECT_LT(poor, 20);
}

TEST(HanoiCityTest, ReferenceFilesParseAsTheIngestorsFormat) {
  const City city = HanoiCity(1);
  auto ref = ingestor::ReferenceData::Parse(
      UnitsYaml(city), "units", ProceduresYaml(ProcedureCatalogue()),
      "procedures");
  ASSERT_TRUE(ref.ok()) << ref.status();
  EXPECT_EQ(ref->unit_count(), city.units.size());
  EXPECT_EQ(ref->procedure_count(), ProcedureCatalogue().size());
  const ingestor::ProcedureInfo* birth = ref->FindProcedure("LG.1.001193");
  ASSERT_NE(birth, nullptr);
  EXPECT_EQ(birth->working_hours, 8u);  // same day (Luật Hộ tịch art. 16)
  EXPECT_EQ(ref->FindProcedure("LG.1.004227")->working_days, 20u);
}

TEST(ScenarioTest, SameSeedSameStreamOtherSeedOtherStream) {
  const Generated a = Generate(Small(7));
  const Generated b = Generate(Small(7));
  const Generated c = Generate(Small(8));
  ASSERT_EQ(a.events.size(), b.events.size());
  for (size_t i = 0; i < a.events.size(); ++i) {
    ASSERT_EQ(a.events[i].SerializeAsString(), b.events[i].SerializeAsString())
        << i;
  }
  EXPECT_EQ(DescriptionJson(a.description), DescriptionJson(b.description));
  EXPECT_NE(DescriptionJson(a.description), DescriptionJson(c.description));
}

TEST(ScenarioTest, EventsAreValidOrderedAndWithinTheWindow) {
  const ScenarioOptions options = Small();
  const Generated g = Generate(options);
  auto ref = ingestor::ReferenceData::Parse(
      UnitsYaml(g.city), "units", ProceduresYaml(ProcedureCatalogue()),
      "procedures");
  ASSERT_TRUE(ref.ok());
  absl::Time previous = absl::InfinitePast();
  std::set<std::string> ids;
  for (const v1::Event& e : g.events) {
    const absl::Time t = core::FromProto(e.occurred_at());
    EXPECT_GE(t, previous);
    EXPECT_GE(t, options.start);
    EXPECT_LT(t, options.end);
    previous = t;
    EXPECT_TRUE(ids.insert(e.event_id()).second) << e.event_id();
    const auto errors =
        ingestor::Validate(e, options.end, ingestor::ValidationConfig{}, &*ref);
    EXPECT_TRUE(errors.empty())
        << e.ShortDebugString() << ": " << errors[0].ShortDebugString();
  }
  EXPECT_EQ(static_cast<int64_t>(g.events.size()), g.description.events);
  EXPECT_EQ(g.description.Total().received, options.dossiers);
}

TEST(ScenarioTest, ArrivalsFollowOfficeHoursHolidaysAndMonthEnd) {
  ScenarioOptions options = Small();
  options.start = VnTime("2026-04-01T00:00:00+07:00");
  options.end = VnTime("2026-05-01T00:00:00+07:00");
  options.dossiers = 20000;
  options.feedback_per_dossier = 0;
  const Generated g = Generate(options);
  std::map<absl::CivilDay, int> per_day;
  int direct_outside_hours = 0;
  for (const v1::Event& e : g.events) {
    if (e.dossier().kind() != v1::DOSSIER_RECEIVED) continue;
    const absl::CivilSecond local =
        calendar::ToVietnamCivil(core::FromProto(e.occurred_at()));
    per_day[absl::CivilDay(local)]++;
    if (e.dossier().channel() == v1::CHANNEL_DIRECT &&
        (local.hour() < 8 || local.hour() >= 17)) {
      ++direct_outside_hours;
    }
  }
  EXPECT_EQ(direct_outside_hours, 0);
  // An end at midnight is exclusive: every dossier asked for arrives before.
  EXPECT_EQ(g.description.Total().received, 20000);
  // Reunification Day (30 April) and Sundays get online submissions only.
  const int ordinary = per_day[absl::CivilDay(2026, 4, 15)];
  EXPECT_GT(ordinary, 500);
  EXPECT_LT(per_day[absl::CivilDay(2026, 4, 30)], ordinary / 10);
  EXPECT_LT(per_day[absl::CivilDay(2026, 4, 19)], ordinary / 10);  // Sunday
  // Month-end peak: the last working days get half as much again.
  EXPECT_GT(per_day[absl::CivilDay(2026, 4, 29)], ordinary * 13 / 10);
}

TEST(ScenarioTest, MostlyOnTimeWithSomeMuchWorseUnits) {
  ScenarioOptions options = Small();
  options.dossiers = 20000;
  options.localities = 126;
  const Generated g = Generate(options);
  const UnitFigures total = g.description.Total();
  const double on_time = static_cast<double>(total.resolved_on_time) /
                         static_cast<double>(total.resolved);
  EXPECT_GT(on_time, 0.97);
  EXPECT_LT(on_time, 0.999);
  EXPECT_GT(total.apologies, 0);
  EXPECT_GT(total.supplement_requests, 0);
  EXPECT_GT(total.open_overdue, 0);
  EXPECT_GT(total.feedback_received, 0);
  int worse = 0;
  for (const auto& [unit, f] : g.description.units) {
    if (f.resolved > 50 && f.resolved_late * 20 > f.resolved) ++worse;
  }
  EXPECT_GT(worse, 0);
  std::map<std::string, int> kinds;
  for (const v1::Event& e : g.events) {
    kinds[e.has_dossier() ? v1::DossierEventKind_Name(e.dossier().kind())
                          : v1::FeedbackEventKind_Name(e.feedback().kind())]++;
  }
  for (const char* kind :
       {"DOSSIER_STEP_STARTED", "DOSSIER_APOLOGY_ISSUED", "DOSSIER_WITHDRAWN",
        "DOSSIER_SUPPLEMENT_RECEIVED", "DOSSIER_RESULT_RETURNED",
        "DOSSIER_SATISFACTION_RATED", "FEEDBACK_ASSIGNED", "FEEDBACK_RATED"}) {
    EXPECT_GT(kinds[kind], 0) << kind;
  }
  EXPECT_EQ(g.description.by_kind,
            (std::map<std::string, int64_t>(kinds.begin(), kinds.end())));
}

TEST(ScenarioTest, RejectsBadOptionsNamingThem) {
  ScenarioOptions o = Small();
  o.end = o.start;
  EXPECT_THAT(
      Generator::Create(testing::ShippedCalendar(), o).status().message(),
      ::testing::HasSubstr("end"));
  o = Small();
  o.start = VnTime("2019-01-01T00:00:00+07:00");
  EXPECT_EQ(Generator::Create(testing::ShippedCalendar(), o).status().code(),
            absl::StatusCode::kOutOfRange);
}

// The description is what the rules engine finds: every event through the
// real BatchProcessor, its clock moved past `end`, every timer fired.
TEST(ScenarioTest, DescriptionMatchesTheRulesEngine) {
  const ScenarioOptions options = Small(11);
  const Generated g = Generate(options);
  testing::InMemoryStateStore store;
  testing::FakeClock clock(options.end + absl::Minutes(1));
  const store::KeyLayout layout("t:");
  domain::DossierRules dossier_rules(testing::ShippedCalendar(), {});
  domain::FeedbackRules feedback_rules(testing::ShippedCalendar(), {});
  prometheus::Registry registry;
  rules::RulesProbe probe(registry);
  rules::AlertOutbox outbox(store, layout, "alerts");
  rules::BatchProcessor processor(store, layout, clock, dossier_rules,
                                  feedback_rules, outbox, probe);
  processor.OnAssignment({{"d", 0}, {"f", 0}});
  std::vector<events::InRecord> records;
  int64_t offset[2] = {0, 0};
  for (const v1::Event& e : g.events) {
    const int t = e.has_dossier() ? 0 : 1;
    records.push_back({t == 0 ? "d" : "f", 0, offset[t]++,
                       std::string(events::SubjectId(e)),
                       e.SerializeAsString()});
    if (records.size() == 500) {
      ASSERT_TRUE(processor.Process(records).ok());
      records.clear();
    }
  }
  ASSERT_TRUE(processor.Process(records).ok());
  for (int i = 0; i < 1000 && processor.timers_pending() > 0; ++i) {
    ASSERT_TRUE(processor.FireDueTimers(100000).ok());
  }
  auto figure = [&](const store::Hash& h, absl::string_view field) {
    auto it = h.find(std::string(field));
    return it == h.end() ? int64_t{0} : std::stoll(it->second);
  };
  int checked = 0;
  for (const auto& [unit, f] : g.description.units) {
    auto h = store.GetHashes({layout.UnitTotal(unit), layout.UnitLive(unit)});
    ASSERT_TRUE(h.ok());
    const store::Hash& total = h->at(0);
    const store::Hash& live = h->at(1);
    EXPECT_EQ(figure(total, domain::kFieldReceived), f.received) << unit;
    EXPECT_EQ(figure(total, domain::kFieldResolved), f.resolved) << unit;
    EXPECT_EQ(figure(total, domain::kFieldResolvedEarly) +
                  figure(total, domain::kFieldResolvedOnTime),
              f.resolved_on_time)
        << unit;
    EXPECT_EQ(figure(total, domain::kFieldResolvedLate), f.resolved_late)
        << unit;
    EXPECT_EQ(figure(live, domain::kFieldInProgress), f.open) << unit;
    EXPECT_EQ(figure(live, domain::kFieldInProgressOverdue), f.open_overdue)
        << unit;
    EXPECT_EQ(figure(total, domain::kFieldFeedbackReceived),
              f.feedback_received)
        << unit;
    EXPECT_EQ(figure(live, domain::kFieldFeedbackOpen), f.feedback_open)
        << unit;
    ++checked;
  }
  EXPECT_GT(checked, 20);
  EXPECT_GT(g.description.Total().open_overdue, 0);
}

TEST(ScenarioTest, DescriptionJsonCarriesPerUnitFigures) {
  const Generated g = Generate(Small());
  const auto j = nlohmann::json::parse(DescriptionJson(g.description));
  EXPECT_EQ(j["events"].get<int64_t>(), g.description.events);
  EXPECT_EQ(j["total"]["received"].get<int64_t>(), 3000);
  const auto& [unit, f] = *g.description.units.begin();
  EXPECT_EQ(j["units"][unit]["open_overdue"].get<int64_t>(), f.open_overdue);
}

}  // namespace
}  // namespace giamsat::loadgen
