#include "common/calendar/explanation_text.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/common/calendar/test_calendars.h"

namespace giamsat::calendar {
namespace {

using ::giamsat::calendar::testing::Day;
using ::giamsat::calendar::testing::PublicSector;
using ::giamsat::calendar::testing::PublicSectorWithCultureDay;
using ::giamsat::calendar::testing::Vn;
using ::testing::HasSubstr;
using ::testing::Not;

DeadlineExplanation Explain(absl::Time accepted, Limit limit, CountingMode mode,
                            const Calendar& cal = PublicSector()) {
  return *ExplainDeadline(cal, *DueTime(cal, accepted, limit, mode));
}

TEST(ExplanationTextTest, FormatsDaysAndInstants) {
  EXPECT_EQ(FormatDayVi(Day(2026, 4, 24)), "thứ Sáu 24/04/2026");
  EXPECT_EQ(FormatDayVi(Day(2026, 4, 26)), "Chủ nhật 26/04/2026");
  EXPECT_EQ(FormatDayEn(Day(2026, 4, 24)), "Fri 24/04/2026");
  EXPECT_EQ(FormatInstantVi(Vn(2026, 4, 24, 16)), "16:00 thứ Sáu 24/04/2026");
  EXPECT_EQ(FormatInstantEn(Vn(2026, 4, 24, 16)), "Fri 24/04/2026 16:00");
  EXPECT_EQ(FormatWorkingDurationVi(absl::Minutes(150)), "2 giờ 30 phút");
  EXPECT_EQ(FormatWorkingDurationEn(absl::Hours(24)), "24 h");
}

TEST(ExplanationTextTest, Example1DaysModeInVietnamese) {
  const std::string text = RenderVi(
      Explain(Vn(2026, 4, 24, 16), Limit::WorkingDays(3), CountingMode::kDays));
  EXPECT_THAT(text, HasSubstr("Thời hạn 3 ngày làm việc, tính theo ngày"));
  EXPECT_THAT(text, HasSubstr("Bộ luật Dân sự 2015"));
  EXPECT_THAT(text, HasSubstr("Tiếp nhận lúc 16:00 thứ Sáu 24/04/2026"));
  EXPECT_THAT(text, HasSubstr("ngày làm việc đầu tiên được tính là thứ Ba "
                              "28/04/2026"));
  EXPECT_THAT(text, HasSubstr("thứ Bảy 25/04/2026 (nghỉ cuối tuần)"));
  EXPECT_THAT(text, HasSubstr("Chủ nhật 26/04/2026 (nghỉ cuối tuần; Giỗ Tổ "
                              "Hùng Vương"));
  EXPECT_THAT(text, HasSubstr("thứ Hai 27/04/2026 (nghỉ bù Giỗ Tổ Hùng Vương"));
  EXPECT_THAT(text, HasSubstr("Không tính 7 ngày nghỉ"));
  EXPECT_THAT(text, HasSubstr("Hạn xử lý: 17:00 thứ Hai 04/05/2026."));
  EXPECT_THAT(text, HasSubstr("vn-public-sector (năm 2026: bản 2026.1, "
                              "chính thức)"));
  EXPECT_THAT(text, Not(HasSubstr("\n")));  // one paragraph
}

TEST(ExplanationTextTest, Example1HoursModeInEnglish) {
  const std::string text = RenderEn(Explain(
      Vn(2026, 4, 24, 16), Limit::WorkingDays(3), CountingMode::kHours));
  EXPECT_THAT(text, HasSubstr("Limit of 3 working days, counted in working "
                              "hours (24 h = 3 days × 8 h"));
  EXPECT_THAT(text, HasSubstr("08:00–12:00, 13:00–17:00"));
  EXPECT_THAT(text, HasSubstr("accepted after the 15:00 late-day cut-off"));
  EXPECT_THAT(text, HasSubstr("Tue 28/04/2026 08:00"));
  EXPECT_THAT(text, HasSubstr("Mon 27/04/2026 (compensatory day off for "));
  EXPECT_THAT(text, HasSubstr("Thu 30/04/2026 (public holiday: Reunification "
                              "Day (30 April))"));
  EXPECT_THAT(text, HasSubstr("Due: Mon 04/05/2026 17:00."));
  EXPECT_THAT(text, HasSubstr("Calendar: vn-public-sector (2026: revision "
                              "2026.1, official)"));
}

TEST(ExplanationTextTest, MakeUpDaysAndProvisionalNotes) {
  std::string vi = RenderVi(
      Explain(Vn(2026, 1, 9, 14), Limit::WorkingDays(1), CountingMode::kDays));
  EXPECT_THAT(vi, HasSubstr("Có tính 1 ngày làm bù: thứ Bảy 10/01/2026"));
  EXPECT_THAT(vi, HasSubstr("làm bù cho thứ Sáu 02/01/2026"));
  EXPECT_THAT(vi, HasSubstr("Không có ngày nghỉ nào"));
  const std::string en =
      RenderEn(Explain(Vn(2026, 11, 23, 9), Limit::WorkingDays(15),
                       CountingMode::kDays, PublicSectorWithCultureDay()));
  EXPECT_THAT(en, HasSubstr("Tue 24/11/2026 (public holiday: Vietnamese "
                            "Culture Day (24 November) – provisional)"));
  EXPECT_THAT(en, HasSubstr("Note: this relies on provisional calendar data"));
  EXPECT_THAT(en, HasSubstr("Due: Tue 15/12/2026 17:00."));
  vi = RenderVi(Explain(Vn(2026, 11, 23, 9), Limit::WorkingDays(15),
                        CountingMode::kDays, PublicSectorWithCultureDay()));
  EXPECT_THAT(vi, HasSubstr("tạm tính"));
  EXPECT_THAT(vi, HasSubstr("vn-public-sector+vn-culture-day"));
}

TEST(ExplanationTextTest, SameDayLimit) {
  const DeadlineExplanation e = Explain(
      Vn(2026, 3, 2, 12, 30), Limit::WorkingDays(0), CountingMode::kDays);
  EXPECT_THAT(RenderVi(e), HasSubstr("Thời hạn trong ngày"));
  EXPECT_THAT(RenderVi(e), HasSubstr("tiếp nhận trong giờ nghỉ trưa"));
  EXPECT_THAT(RenderEn(e), HasSubstr("Same-day limit"));
  EXPECT_THAT(RenderEn(e), HasSubstr("Due: Mon 02/03/2026 17:00."));
}

TEST(ExplanationTextTest, VerdictsInBothLanguages) {
  const Calendar& cal = PublicSector();
  const TimelinessVerdict late =
      *Classify(cal, Vn(2026, 2, 26, 10), Vn(2026, 2, 26, 15));
  EXPECT_THAT(RenderVi(late), HasSubstr("muộn 4 giờ làm việc"));
  EXPECT_THAT(RenderVi(late), HasSubstr("trễ hạn, 0 điểm"));
  EXPECT_THAT(RenderEn(late), HasSubstr("4 h of working time late"));
  const TimelinessVerdict on_time =
      *Classify(cal, Vn(2026, 2, 26, 17), Vn(2026, 2, 26, 15));
  EXPECT_THAT(RenderVi(on_time), HasSubstr("đúng hạn, 1 điểm"));
  EXPECT_THAT(RenderEn(on_time), HasSubstr("on time, 1 point"));
  const TimelinessVerdict early =
      *Classify(cal, Vn(2026, 7, 27, 17), Vn(2026, 7, 24, 16));
  EXPECT_THAT(RenderVi(early), HasSubstr("trước hạn, 2 điểm"));
  EXPECT_THAT(RenderEn(early), HasSubstr("1 working day early"));
}

}  // namespace
}  // namespace giamsat::calendar
