#include "services/query/period.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace giamsat::query {
namespace {

using ::testing::HasSubstr;

const absl::CivilDay kToday(2026, 7, 15);

v1::Period P(const std::string& text_proto_field, const std::string& value) {
  v1::Period p;
  if (text_proto_field == "month") p.set_month(value);
  if (text_proto_field == "quarter") p.set_quarter(value);
  if (text_proto_field == "from") p.set_from_date(value);
  return p;
}

TEST(PeriodTest, MonthQuarterYearAndOpenRange) {
  auto m = ResolvePeriod(P("month", "2026-02"), kToday);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(*m->from, absl::CivilDay(2026, 2, 1));
  EXPECT_EQ(m->to, absl::CivilDay(2026, 2, 28));
  auto q = ResolvePeriod(P("quarter", "2026-Q3"), kToday);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(*q->from, absl::CivilDay(2026, 7, 1));
  EXPECT_EQ(q->to, absl::CivilDay(2026, 9, 30));
  v1::Period y;
  y.set_year(2025);
  auto yr = ResolvePeriod(y, kToday);
  ASSERT_TRUE(yr.ok());
  EXPECT_EQ(yr->echo.from_date(), "2025-01-01");
  EXPECT_EQ(yr->echo.to_date(), "2025-12-31");
  auto open = ResolvePeriod(P("from", "2025-07-01"), kToday);
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->to, kToday);
  EXPECT_EQ(open->echo.to_date(), "2026-07-15");
  auto all = ResolvePeriod(v1::Period(), kToday);
  ASSERT_TRUE(all.ok());
  EXPECT_FALSE(all->from.has_value());
}

TEST(PeriodTest, BadPeriodsNameTheField) {
  EXPECT_THAT(ResolvePeriod(P("month", "2026-13"), kToday).status().message(),
              HasSubstr("period.month"));
  EXPECT_THAT(ResolvePeriod(P("quarter", "2026-Q5"), kToday).status().message(),
              HasSubstr("period.quarter"));
  v1::Period two = P("month", "2026-01");
  two.set_year(2026);
  EXPECT_THAT(ResolvePeriod(two, kToday).status().message(),
              HasSubstr("only one"));
  v1::Period y;
  y.set_year(12);
  EXPECT_THAT(ResolvePeriod(y, kToday).status().message(),
              HasSubstr("period.year"));
}

}  // namespace
}  // namespace giamsat::query
