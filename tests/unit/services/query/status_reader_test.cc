#include "services/query/status_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/domain/alert_fields.h"
#include "common/domain/figure_fields.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_state_store.h"
#include "tests/support/event_builders.h"

namespace giamsat::query {
namespace {

using ::giamsat::testing::VnTime;
using ::testing::HasSubstr;

class StatusReaderTest : public ::testing::Test {
 protected:
  StatusReaderTest() : clock_(VnTime("2026-07-15T10:00:00+07:00")) {
    store::WriteBatch b;
    auto day = [&](int m, int d, int received, int resolved) {
      const std::string key = layout_.UnitDay("U1", absl::CivilDay(2026, m, d));
      b.HashIncrement(key, std::string(domain::kFieldReceived), received);
      b.HashIncrement(key, std::string(domain::kFieldResolved), resolved);
      b.HashIncrement(layout_.UnitTotal("U1"),
                      std::string(domain::kFieldReceived), received);
    };
    day(6, 30, 5, 1);
    day(7, 1, 3, 2);
    day(7, 15, 4, 0);
    const std::string live = layout_.UnitLive("U1");
    b.HashIncrement(live, std::string(domain::kFieldInProgress), 7);
    b.HashIncrement(live, std::string(domain::kFieldWatermark), 1784080800000);
    b.HashIncrement(live, std::string(domain::kFieldInProgressOverdue), 2);
    b.HashIncrement(live, domain::AlertsFiringField(v1::SEVERITY_CRITICAL), 3);
    b.HashIncrement(live, domain::AlertsFiringField(v1::SEVERITY_WARNING), 1);
    EXPECT_TRUE(store_.Commit(b).ok());
  }
  absl::StatusOr<v1::UnitStatus> Get(const std::string& unit,
                                     const std::string& from,
                                     const std::string& to) {
    v1::GetUnitStatusRequest r;
    r.set_unit_id(unit);
    r.mutable_period()->set_from_date(from);
    r.mutable_period()->set_to_date(to);
    return reader_.GetUnitStatus(r);
  }

  testing::FakeClock clock_;
  testing::InMemoryStateStore store_;
  store::KeyLayout layout_{"gs:"};
  UnitTree tree_;
  StatusReader reader_{store_, layout_, clock_, tree_};
};

TEST(FlowSpansTest, WholeMonthsFromTheMarkerAreOneSpan) {
  auto period = ResolvePeriod(
      [] {
        v1::Period p;
        p.set_from_date("2026-05-30");
        p.set_to_date("2026-07-31");
        return p;
      }(),
      absl::CivilDay(2026, 7, 15));
  ASSERT_TRUE(period.ok());
  auto describe = [](const std::vector<FlowSpan>& spans) {
    std::vector<std::string> out;
    for (const FlowSpan& s : spans) {
      out.push_back(s.kind == FlowSpan::kMonth ? absl::FormatCivilTime(s.month)
                    : s.kind == FlowSpan::kDay ? absl::FormatCivilTime(s.day)
                                               : "total");
    }
    return out;
  };
  // May 30-31 as days; June and July (covered to its last day, read
  // through today) as months.
  EXPECT_THAT(
      describe(FlowSpans(*period, absl::CivilDay(2026, 7, 15),
                         absl::CivilMonth(1, 1))),
      ::testing::ElementsAre("2026-05-30", "2026-05-31", "2026-06", "2026-07"));
  // Month hashes complete only from July: June by its 30 days.
  EXPECT_EQ(
      FlowSpans(*period, absl::CivilDay(2026, 7, 15), absl::CivilMonth(2026, 7))
          .size(),
      2u + 30u + 1u);
  // Without the marker: every day up to today.
  EXPECT_EQ(
      FlowSpans(*period, absl::CivilDay(2026, 7, 15), std::nullopt).size(),
      2u + 30u + 15u);
}

TEST_F(StatusReaderTest, MonthPeriodReadsTheMonthHashOnceMarked) {
  v1::GetUnitStatusRequest r;
  r.set_unit_id("U1");
  r.mutable_period()->set_month("2026-07");
  auto days = reader_.GetUnitStatus(r);
  ASSERT_TRUE(days.ok()) << days.status();
  EXPECT_EQ(days->dossiers().received(), 7);  // no marker: the day hashes
  store::WriteBatch b;
  b.HashIncrement(layout_.UnitMonth("U1", absl::CivilMonth(2026, 7)),
                  std::string(domain::kFieldReceived), 70);
  b.Put(layout_.MonthHashesFrom(), "2026-07");
  ASSERT_TRUE(store_.Commit(b).ok());
  clock_.Advance(absl::Seconds(10));  // the marker is looked for again
  auto month = reader_.GetUnitStatus(r);
  ASSERT_TRUE(month.ok()) << month.status();
  EXPECT_EQ(month->dossiers().received(), 70);
  EXPECT_EQ(month->dossiers().in_progress(), 7);  // stock: the live hash
  r.mutable_period()->set_month("2026-06");       // before the marker: days
  auto june = reader_.GetUnitStatus(r);
  ASSERT_TRUE(june.ok());
  EXPECT_EQ(june->dossiers().received(), 5);
}

TEST_F(StatusReaderTest, AllTimeUsesTheTotals) {
  auto s = Get("U1", "", "");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->dossiers().received(), 12);
  EXPECT_EQ(s->dossiers().in_progress(), 7);
  EXPECT_EQ(s->dossiers().in_progress_overdue(), 2);
  EXPECT_EQ(s->open_alerts().critical(), 3);
  EXPECT_EQ(s->open_alerts().warning(), 1);
  EXPECT_EQ(s->open_alerts().info(), 0);
  EXPECT_EQ(s->watermark().seconds(), 1784080800);
}

TEST_F(StatusReaderTest, PeriodSumsItsDaysInclusive) {
  auto s = Get("U1", "2026-07-01", "2026-07-15");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->dossiers().received(), 7);
  EXPECT_EQ(s->dossiers().resolved(), 2);
}

TEST_F(StatusReaderTest, OpenPeriodEndsTodayOnTheInjectedClock) {
  auto s = Get("U1", "2026-07-02", "");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->dossiers().received(), 4);
  clock_.Set(VnTime("2026-07-14T10:00:00+07:00"));
  EXPECT_EQ(Get("U1", "2026-07-02", "")->dossiers().received(), 0);
}

TEST_F(StatusReaderTest, UnknownUnitHasZeroFigures) {
  auto s = Get("NOPE", "2026-07-01", "2026-07-31");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->dossiers().received(), 0);
  EXPECT_FALSE(s->has_watermark());
}

TEST_F(StatusReaderTest, BadRequestsNameTheField) {
  EXPECT_THAT(Get("", "", "").status().message(), HasSubstr("unit_id"));
  EXPECT_THAT(Get("U1", "2026-13-01", "").status().message(),
              HasSubstr("period.from_date"));
  EXPECT_THAT(Get("U1", "", "2026-07-01").status().message(),
              HasSubstr("period.from_date: required"));
  EXPECT_THAT(Get("U1", "2026-07-02", "2026-07-01").status().message(),
              HasSubstr("before"));
  EXPECT_EQ(Get("U1", "2000-01-01", "2026-07-01").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(StatusReaderTest, FeedbackFiguresAndOnTimeRate) {
  store::WriteBatch b;
  const std::string day = layout_.UnitDay("U2", absl::CivilDay(2026, 7, 3));
  b.HashIncrement(day, std::string(domain::kFieldFeedbackReceived), 4);
  b.HashIncrement(day, std::string(domain::kFieldFeedbackAnsweredLate), 1);
  b.HashIncrement(day, std::string(domain::kFieldResolvedEarly), 1);
  b.HashIncrement(day, std::string(domain::kFieldResolvedOnTime), 2);
  b.HashIncrement(day, std::string(domain::kFieldResolvedLate), 1);
  b.HashIncrement(layout_.UnitLive("U2"),
                  std::string(domain::kFieldFeedbackOpenOverdue), 2);
  ASSERT_TRUE(store_.Commit(b).ok());
  v1::GetUnitStatusRequest r;
  r.set_unit_id("U2");
  r.mutable_period()->set_month("2026-07");
  auto s = reader_.GetUnitStatus(r);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->feedback().received(), 4);
  EXPECT_EQ(s->feedback().answered_late(), 1);
  EXPECT_EQ(s->feedback().open_overdue(), 2);
  EXPECT_TRUE(s->dossiers().has_on_time_rate());
  EXPECT_DOUBLE_EQ(s->dossiers().on_time_rate_percent(), 75.0);
  EXPECT_EQ(s->period().from_date(), "2026-07-01");
  EXPECT_EQ(s->period().to_date(), "2026-07-31");
  EXPECT_EQ(s->by_field_size(), 0) << "not asked";
}

TEST_F(StatusReaderTest, BreakdownsByFieldAndChannelWhenAsked) {
  using domain::BreakdownField;
  store::WriteBatch b;
  const std::string day = layout_.UnitDay("U1", absl::CivilDay(2026, 7, 2));
  const std::string live = layout_.UnitLive("U1");
  b.HashIncrement(
      day, BreakdownField(domain::kFieldReceived, "field", "dat-dai"), 2);
  b.HashIncrement(
      day, BreakdownField(domain::kFieldResolvedLate, "field", "dat-dai"), 1);
  b.HashIncrement(
      day, BreakdownField(domain::kFieldResolvedOnTime, "field", "ho-tich"), 3);
  b.HashIncrement(
      day, BreakdownField(domain::kFieldReceived, "channel", "CHANNEL_ONLINE"),
      2);
  b.HashIncrement(day,
                  BreakdownField(domain::kFieldFeedbackReceived, "channel",
                                 "FEEDBACK_CHANNEL_IHANOI"),
                  4);
  b.HashIncrement(
      live, BreakdownField(domain::kFieldInProgress, "field", "dat-dai"), 1);
  // Outside the period: not counted.
  b.HashIncrement(layout_.UnitDay("U1", absl::CivilDay(2026, 6, 30)),
                  BreakdownField(domain::kFieldReceived, "field", "dat-dai"),
                  9);
  ASSERT_TRUE(store_.Commit(b).ok());
  v1::GetUnitStatusRequest r;
  r.set_unit_id("U1");
  r.mutable_period()->set_month("2026-07");
  r.set_by_field(true);
  auto s = reader_.GetUnitStatus(r);
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->by_field_size(), 2);
  EXPECT_EQ(s->by_channel_size(), 0);
  const v1::FigureBreakdown& dat_dai = s->by_field(0);
  EXPECT_EQ(dat_dai.key(), "dat-dai");
  EXPECT_EQ(dat_dai.dossiers().received(), 2);
  EXPECT_EQ(dat_dai.dossiers().resolved_late(), 1);
  EXPECT_EQ(dat_dai.dossiers().in_progress(), 1);
  EXPECT_TRUE(dat_dai.dossiers().has_on_time_rate());
  EXPECT_DOUBLE_EQ(dat_dai.dossiers().on_time_rate_percent(), 0.0);
  EXPECT_EQ(s->by_field(1).key(), "ho-tich");
  EXPECT_DOUBLE_EQ(s->by_field(1).dossiers().on_time_rate_percent(), 100.0);
  r.set_by_channel(true);
  s = reader_.GetUnitStatus(r);
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->by_channel_size(), 2);
  EXPECT_EQ(s->by_channel(0).key(), "CHANNEL_ONLINE");
  EXPECT_EQ(s->by_channel(0).dossiers().received(), 2);
  EXPECT_EQ(s->by_channel(1).key(), "FEEDBACK_CHANNEL_IHANOI");
  EXPECT_EQ(s->by_channel(1).feedback().received(), 4);
  // The unit's own figures are unchanged by the breakdown entries.
  EXPECT_EQ(s->dossiers().received(), 7);
}

TEST_F(StatusReaderTest, RollUpSumsTheSubtree) {
  auto tree = UnitTree::Parse(R"(units:
  - {id: P, name: Parent, level: city}
  - {id: U1, name: One, level: ward, parent: P}
  - {id: U3, name: Three, level: office, parent: U1})",
                              "test");
  ASSERT_TRUE(tree.ok()) << tree.status();
  StatusReader reader(store_, layout_, clock_, *tree);
  store::WriteBatch b;
  b.HashIncrement(layout_.UnitTotal("U3"), std::string(domain::kFieldReceived),
                  5);
  b.HashIncrement(layout_.UnitLive("U3"), std::string(domain::kFieldWatermark),
                  1784080900000);
  ASSERT_TRUE(store_.Commit(b).ok());
  v1::GetUnitStatusRequest r;
  r.set_unit_id("P");
  r.set_roll_up(true);
  auto s = reader.GetUnitStatus(r);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_TRUE(s->rolled_up());
  EXPECT_EQ(s->unit_name(), "Parent");
  EXPECT_EQ(s->dossiers().received(), 17);
  EXPECT_EQ(s->dossiers().in_progress(), 7);
  EXPECT_EQ(s->watermark().seconds(), 1784080900);
  r.set_roll_up(false);
  EXPECT_EQ(reader.GetUnitStatus(r)->dossiers().received(), 0);
}

}  // namespace
}  // namespace giamsat::query
