#include "common/calendar/year_proposal.h"

#include <set>

#include "common/calendar/calendar.h"
#include "gtest/gtest.h"

namespace giamsat::calendar {
namespace {

std::set<absl::CivilDay> OffDays(const YearSpec& y) {
  std::set<absl::CivilDay> out;
  for (const OffEntry& e : y.off) {
    for (absl::CivilDay d = e.first; d <= e.last; ++d) out.insert(d);
  }
  return out;
}

TEST(YearProposalTest, Proposal2027) {
  const YearSpec y = ProposePublicSectorYear(2027);
  EXPECT_TRUE(y.provisional);
  for (const OffEntry& e : y.off) {
    EXPECT_TRUE(e.provisional);
    EXPECT_EQ(e.source, kComputedSourceKey);
  }
  using D = absl::CivilDay;
  const std::set<absl::CivilDay> expected = {
      D(2027, 1, 1),  D(2027, 2, 5),  D(2027, 2, 6), D(2027, 2, 7),
      D(2027, 2, 8),  D(2027, 2, 9),   // Tết: 29 Chạp (eve) to mùng 4
      D(2027, 2, 10), D(2027, 2, 11),  // compensatory for Sat 06, Sun 07
      D(2027, 4, 16),                  // Hùng Kings' day
      D(2027, 4, 30), D(2027, 5, 1),  D(2027, 5, 3),  // 1/5 is a Saturday
      D(2027, 9, 2),  D(2027, 9, 3),
  };
  EXPECT_EQ(OffDays(y), expected);
}

TEST(YearProposalTest, Proposal2026AgreesWithThePublishedStatutoryDays) {
  const std::set<absl::CivilDay> proposed =
      OffDays(ProposePublicSectorYear(2026));
  // Published: Tết official days Mon 16 - Fri 20/02, Hùng Kings on Sunday
  // 26/04 with compensatory Monday 27/04, 30/04, 01/05, 01/01, 02/09.
  for (absl::CivilDay d :
       {absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 2, 16),
        absl::CivilDay(2026, 2, 20), absl::CivilDay(2026, 4, 26),
        absl::CivilDay(2026, 4, 27), absl::CivilDay(2026, 4, 30),
        absl::CivilDay(2026, 5, 1), absl::CivilDay(2026, 9, 2)}) {
    EXPECT_TRUE(proposed.contains(d)) << d;
  }
}

TEST(YearProposalTest, ProposalsBuildIntoACalendar) {
  CalendarSpec spec;
  spec.id = "proposal";
  spec.sources[kComputedSourceKey] =
      Source{.title = "computed", .kind = "computed"};
  for (int year = 2028; year <= 2035; ++year) {
    spec.years.push_back(ProposePublicSectorYear(year));
  }
  absl::StatusOr<Calendar> cal = Calendar::Build(spec);
  ASSERT_TRUE(cal.ok()) << cal.status();
  EXPECT_TRUE(cal->Day(absl::CivilDay(2030, 6, 3))->provisional);
}

}  // namespace
}  // namespace giamsat::calendar
