#include "services/rules/figure_tally.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace giamsat::rules {
namespace {

using Sums = std::map<std::pair<std::string, std::string>, int64_t>;

// What the batch adds to each (key, field), and how many ops it has.
Sums Apply(const store::WriteBatch& batch) {
  Sums sums;
  for (const store::WriteOp& op : batch.ops()) {
    EXPECT_EQ(op.kind, store::WriteOp::Kind::kHashIncrement);
    sums[{std::string(op.key), std::string(op.field)}] += op.delta;
  }
  return sums;
}

constexpr absl::CivilDay kMay4(2026, 5, 4);
constexpr absl::CivilDay kMay5(2026, 5, 5);

TEST(FigureTallyTest, SumsEachFieldOfTheDayMonthAndTotalOnce) {
  FigureTally tally;
  const std::vector<std::pair<absl::string_view, std::string>> breakdowns = {
      {"field", "ho-tich"}, {"channel", "CHANNEL_ONLINE"}};
  tally.Add("U1", kMay4, "received", breakdowns, 1);
  tally.Add("U1", kMay4, "received", breakdowns, 1);
  tally.Add("U1", kMay4, "late", breakdowns, 1);
  store::WriteBatch batch;
  tally.AppendTo(store::KeyLayout("gs:"), batch);
  // Two figures, each with two breakdowns, on three hashes: one op each.
  EXPECT_EQ(batch.ops().size(), 2u * 3u * 3u);
  const Sums sums = Apply(batch);
  for (const std::string key :
       {"gs:unit:U1:day:2026-05-04", "gs:unit:U1:month:2026-05",
        "gs:unit:U1:total"}) {
    EXPECT_EQ(sums.at({key, "received"}), 2) << key;
    EXPECT_EQ(sums.at({key, "received|field=ho-tich"}), 2) << key;
    EXPECT_EQ(sums.at({key, "received|channel=CHANNEL_ONLINE"}), 2) << key;
    EXPECT_EQ(sums.at({key, "late"}), 1) << key;
    EXPECT_EQ(sums.at({key, "late|field=ho-tich"}), 1) << key;
  }
}

TEST(FigureTallyTest, DeltasWithoutADayGoToTheLiveHash) {
  FigureTally tally;
  tally.Add("U1", std::nullopt, "in_progress", {}, 1);
  tally.Add("U2", std::nullopt, "in_progress", {}, -1);
  tally.Add("U1", std::nullopt, "in_progress", {}, 1);
  store::WriteBatch batch;
  tally.AppendTo(store::KeyLayout("gs:"), batch);
  EXPECT_EQ(Apply(batch), (Sums{{{"gs:unit:U1:live", "in_progress"}, 2},
                                {{"gs:unit:U2:live", "in_progress"}, -1}}));
}

TEST(FigureTallyTest, EmptyBreakdownValuesAreSkippedAndZeroSumsKept) {
  FigureTally tally;
  const std::vector<std::pair<absl::string_view, std::string>> breakdowns = {
      {"field", ""}, {"channel", "CHANNEL_DIRECT"}};
  tally.Add("U1", std::nullopt, "overdue", breakdowns, 1);
  tally.Add("U1", std::nullopt, "overdue", breakdowns, -1);
  store::WriteBatch batch;
  tally.AppendTo(store::KeyLayout(""), batch);
  // Zero sums are written (HINCRBY by 0 creates the field, as before).
  EXPECT_EQ(Apply(batch),
            (Sums{{{"unit:U1:live", "overdue"}, 0},
                  {{"unit:U1:live", "overdue|channel=CHANNEL_DIRECT"}, 0}}));
}

TEST(FigureTallyTest, SeveralDaysOfOneUnitShareItsMonthAndTotal) {
  FigureTally tally;
  tally.Add("U1", kMay4, "received", {}, 1);
  tally.Add("U1", kMay5, "received", {}, 1);
  tally.Add("U1", absl::CivilDay(2026, 6, 1), "received", {}, 1);
  tally.Add("U1", std::nullopt, "in_progress", {}, 1);
  store::WriteBatch batch;
  tally.AppendTo(store::KeyLayout(""), batch);
  const Sums sums = Apply(batch);
  EXPECT_EQ(sums.at({"unit:U1:day:2026-05-04", "received"}), 1);
  EXPECT_EQ(sums.at({"unit:U1:day:2026-05-05", "received"}), 1);
  EXPECT_EQ(sums.at({"unit:U1:day:2026-06-01", "received"}), 1);
  EXPECT_EQ(sums.at({"unit:U1:month:2026-05", "received"}), 2);
  EXPECT_EQ(sums.at({"unit:U1:month:2026-06", "received"}), 1);
  EXPECT_EQ(sums.at({"unit:U1:total", "received"}), 3);
  EXPECT_EQ(sums.at({"unit:U1:live", "in_progress"}), 1);
  // One op per hash: three days, two months, one total, the live hash.
  EXPECT_EQ(batch.ops().size(), 7u);
}

TEST(FigureTallyTest, NothingAddedAppendsNothing) {
  FigureTally tally;
  EXPECT_TRUE(tally.empty());
  store::WriteBatch batch;
  tally.AppendTo(store::KeyLayout("gs:"), batch);
  EXPECT_TRUE(batch.empty());
  tally.Add("U1", kMay4, "received", {}, 1);
  EXPECT_FALSE(tally.empty());
}

}  // namespace
}  // namespace giamsat::rules
