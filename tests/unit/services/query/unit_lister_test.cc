#include "services/query/unit_lister.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/domain/figure_fields.h"
#include "common/testing/fake_clock.h"
#include "common/testing/in_memory_state_store.h"
#include "tests/support/event_builders.h"

namespace giamsat::query {
namespace {

using ::giamsat::testing::VnTime;
using ::testing::HasSubstr;

class UnitListerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto tree = UnitTree::LoadFile(GIAMSAT_TEST_UNITS);
    ASSERT_TRUE(tree.ok()) << tree.status();
    tree_ = std::move(*tree);
    // Offices of YENHOA and HOANKIEM, and a ward's own figures.
    Seed("HN.UBND.YENHOA.VP", /*early=*/1, /*late=*/1, /*overdue=*/4);
    Seed("HN.UBND.YENHOA", 2, 0, 1);
    Seed("HN.UBND.HOANKIEM.VP", 0, 3, 2);
    Seed("HN.UBND.CAUGIAY", 5, 0, 0);
  }
  void Seed(const std::string& unit, int early, int late, int overdue) {
    store::WriteBatch b;
    const std::string day = layout_.UnitDay(unit, absl::CivilDay(2026, 7, 10));
    b.HashIncrement(day, std::string(domain::kFieldResolvedEarly), early);
    b.HashIncrement(day, std::string(domain::kFieldResolvedLate), late);
    b.HashIncrement(layout_.UnitLive(unit),
                    std::string(domain::kFieldInProgressOverdue), overdue);
    ASSERT_TRUE(store_.Commit(b).ok());
  }
  v1::ListUnitStatusesRequest Request(v1::ListUnitStatusesRequest::Sort sort,
                                      int page_size) {
    v1::ListUnitStatusesRequest r;
    r.set_parent("HN");
    r.set_level("ward");
    r.set_sort(sort);
    r.set_page_size(page_size);
    r.mutable_period()->set_month("2026-07");
    return r;
  }
  std::vector<std::string> AllPages(v1::ListUnitStatusesRequest r) {
    std::vector<std::string> ids;
    for (int pages = 0; pages < 20; ++pages) {
      auto page = lister_.List(r);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      for (const auto& s : page->statuses()) ids.push_back(s.unit_id());
      if (page->next_page_token().empty()) break;
      r.set_page_token(page->next_page_token());
    }
    return ids;
  }

  testing::FakeClock clock_{VnTime("2026-07-15T10:00:00+07:00")};
  testing::InMemoryStateStore store_;
  store::KeyLayout layout_{"gs:"};
  UnitTree tree_;
  StatusReader reader_{store_, layout_, clock_, tree_};
  UnitLister lister_{reader_, PageLimits{2, 3}};
};

TEST_F(UnitListerTest, RollsUpEachWardOverItsOffices) {
  auto page =
      lister_.List(Request(v1::ListUnitStatusesRequest::SORT_OVERDUE_DESC, 1));
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->statuses_size(), 1);
  const v1::UnitStatus& top = page->statuses(0);
  EXPECT_EQ(top.unit_id(), "HN.UBND.YENHOA");
  EXPECT_TRUE(top.rolled_up());
  EXPECT_EQ(top.dossiers().in_progress_overdue(), 5);
  EXPECT_EQ(top.dossiers().resolved_early(), 3);
  EXPECT_DOUBLE_EQ(top.dossiers().on_time_rate_percent(), 75.0);
  EXPECT_EQ(page->total_size(),
            static_cast<int32_t>(tree_.Below("HN", "ward").size()));
  EXPECT_FALSE(page->next_page_token().empty());
}

TEST_F(UnitListerTest, PagesCoverEveryUnitOnceInRankOrder) {
  const auto ids =
      AllPages(Request(v1::ListUnitStatusesRequest::SORT_ON_TIME_RATE_ASC, 2));
  ASSERT_EQ(ids.size(), tree_.Below("HN", "ward").size());
  EXPECT_EQ(ids[0], "HN.UBND.HOANKIEM");  // 0 %
  EXPECT_EQ(ids[1], "HN.UBND.YENHOA");    // 75 %
  EXPECT_EQ(ids[2], "HN.UBND.CAUGIAY");   // 100 %
  std::set<std::string> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size());
}

TEST_F(UnitListerTest, RanksByDecision766ScoreWithTheFiguresBehindIt) {
  // Only 2.1 applies here: the score is its rate.
  auto seed = [&](const std::string& unit, int on_time, int late) {
    store::WriteBatch b;
    const std::string day = layout_.UnitDay(unit, absl::CivilDay(2026, 7, 10));
    b.HashIncrement(day, std::string(domain::kFieldResolved766OnTime), on_time);
    b.HashIncrement(day, std::string(domain::kFieldResolved766Late), late);
    ASSERT_TRUE(store_.Commit(b).ok());
  };
  seed("HN.UBND.YENHOA.VP", 1, 1);    // 50
  seed("HN.UBND.HOANKIEM.VP", 0, 2);  // 0
  seed("HN.UBND.CAUGIAY", 3, 0);      // 100
  auto best =
      AllPages(Request(v1::ListUnitStatusesRequest::SORT_INDEX_SCORE_DESC, 2));
  ASSERT_EQ(best.size(), tree_.Below("HN", "ward").size());
  EXPECT_EQ(best[0], "HN.UBND.CAUGIAY");
  EXPECT_EQ(best[1], "HN.UBND.YENHOA");
  EXPECT_EQ(best[2], "HN.UBND.HOANKIEM");
  auto worst =
      AllPages(Request(v1::ListUnitStatusesRequest::SORT_INDEX_SCORE_ASC, 2));
  EXPECT_EQ(worst[0], "HN.UBND.HOANKIEM");
  EXPECT_EQ(worst[1], "HN.UBND.YENHOA");
  EXPECT_EQ(worst[2], "HN.UBND.CAUGIAY");
  // Units without a score come last either way.
  EXPECT_EQ(std::set<std::string>(best.begin() + 3, best.end()),
            std::set<std::string>(worst.begin() + 3, worst.end()));
  auto page = lister_.List(
      Request(v1::ListUnitStatusesRequest::SORT_INDEX_SCORE_DESC, 2));
  ASSERT_TRUE(page.ok()) << page.status();
  const v1::Decision766& yenhoa = page->statuses(1).decision_766();
  EXPECT_DOUBLE_EQ(yenhoa.score(), 50);
  ASSERT_GE(yenhoa.indicators_size(), 1);
  EXPECT_EQ(yenhoa.indicators(0).id(), "2.1");
  EXPECT_EQ(yenhoa.indicators(0).numerator(), 1);
  EXPECT_EQ(yenhoa.indicators(0).denominator(), 2);
  EXPECT_FALSE(page->statuses(0).decision_766().indicators().empty());
}

TEST_F(UnitListerTest, PageTokenIsPinnedToItsRequest) {
  auto r = Request(v1::ListUnitStatusesRequest::SORT_UNSPECIFIED, 1);
  auto first = lister_.List(r);
  ASSERT_TRUE(first.ok());
  r.set_page_token(first->next_page_token());
  r.set_sort(v1::ListUnitStatusesRequest::SORT_OVERDUE_DESC);
  EXPECT_THAT(lister_.List(r).status().message(), HasSubstr("page_token"));
}

TEST_F(UnitListerTest, BadRequests) {
  auto r = Request(v1::ListUnitStatusesRequest::SORT_UNSPECIFIED, 1);
  r.set_parent("NOPE");
  EXPECT_EQ(lister_.List(r).status().code(), absl::StatusCode::kNotFound);
  r.set_parent("");
  EXPECT_THAT(lister_.List(r).status().message(), HasSubstr("parent"));
  r.set_parent("HN");
  r.set_level("village");
  EXPECT_THAT(lister_.List(r).status().message(), HasSubstr("level"));
}

}  // namespace
}  // namespace giamsat::query
