// `giamsatctl deadline` as a function: domain.md examples 1-4 (and 5 with the
// Culture Day override) on the shipped calendar files, text and JSON.
#include "services/ctl/deadline_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace giamsat::ctl {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kCalendar[] =
    GIAMSAT_SOURCE_DIR "/deploy/config/calendars/vn-public-sector.yaml";
constexpr char kCultureDay[] =
    GIAMSAT_SOURCE_DIR "/deploy/config/calendars/vn-culture-day.yaml";

struct Result {
  int code = 0;
  std::string out;
  std::string err;
};

DeadlineOptions Options(const std::string& accepted, int64_t days) {
  DeadlineOptions o;
  o.accepted = accepted;
  o.days = days;
  o.calendar_file = kCalendar;
  return o;
}

Result RunCommand(const DeadlineOptions& o) {
  std::ostringstream out;
  std::ostringstream err;
  Result r;
  r.code = Deadline(o, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// Runs with --json and parses the output.
google::protobuf::Struct Json(DeadlineOptions o) {
  o.json = true;
  const Result r = RunCommand(o);
  EXPECT_EQ(r.code, 0) << r.err;
  google::protobuf::Struct s;
  const auto status = google::protobuf::util::JsonStringToMessage(r.out, &s);
  EXPECT_TRUE(status.ok()) << status.message() << "\n" << r.out;
  return s;
}

const google::protobuf::Value& Field(const google::protobuf::Struct& s,
                                     const std::string& path) {
  const google::protobuf::Struct* at = &s;
  std::string rest = path;
  while (true) {
    const size_t dot = rest.find('.');
    const std::string key = rest.substr(0, dot);
    const auto it = at->fields().find(key);
    if (it == at->fields().end()) {
      ADD_FAILURE() << "no field " << path;
      static const google::protobuf::Value kNull;
      return kNull;
    }
    if (dot == std::string::npos) return it->second;
    at = &it->second.struct_value();
    rest = rest.substr(dot + 1);
  }
}

std::string Str(const google::protobuf::Struct& s, const std::string& path) {
  return Field(s, path).string_value();
}

// --- example 1 ---------------------------------------------------------------

TEST(DeadlineCommandTest, ExampleOneDaysModeText) {
  // 3 working days accepted Fri 24/04/2026 16:00: due Mon 04/05 17:00.
  const Result r = RunCommand(Options("2026-04-24T16:00:00+07:00", 3));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, IsEmpty());
  EXPECT_THAT(r.out, HasSubstr("Hạn xử lý: 17:00 thứ Hai 04/05/2026 "
                               "(2026-05-04T17:00:00+07:00)"));
  EXPECT_THAT(r.out, HasSubstr("Due time: Mon 04/05/2026 17:00"));
  // The explanation paragraphs: the rule and every day skipped, with why.
  EXPECT_THAT(r.out, HasSubstr("Bộ luật Dân sự 2015"));
  EXPECT_THAT(r.out, HasSubstr("27/04/2026"));
  EXPECT_THAT(r.out, HasSubstr("01/05/2026"));
  EXPECT_THAT(r.out, HasSubstr("Civil Code"));
  EXPECT_THAT(r.out, HasSubstr("Hùng Kings"));
}

TEST(DeadlineCommandTest, ExampleOneHoursModeStartsAfterTheCutoff) {
  DeadlineOptions o = Options("2026-04-24T16:00:00+07:00", 3);
  o.mode = "hours";
  const google::protobuf::Struct s = Json(o);
  EXPECT_EQ(Str(s, "due"), "2026-05-04T17:00:00+07:00");
  EXPECT_EQ(Str(s, "mode"), "HOURS");
  EXPECT_EQ(Str(s, "original.countingStart"), "2026-04-28T08:00:00+07:00");
  EXPECT_EQ(Str(s, "original.startAdjustment"), "after_cutoff");
  EXPECT_EQ(Str(s, "startPolicy.cutoff"), "15:00");
  EXPECT_EQ(Str(s, "startPolicy.lateDayPolicy"), "next_working_day");
  EXPECT_EQ(Field(s, "original.totalWorkingSeconds").number_value(),
            3 * 8 * 3600);
  // Skipped: Sat 25, Sun 26, Mon 27/04, Thu 30/04, Fri 01/05, Sat 2, Sun 3.
  EXPECT_EQ(Field(s, "original.skippedDays").list_value().values_size(), 7);
  EXPECT_THAT(Str(s, "original.explanation.vi"), HasSubstr("15:00"));
  EXPECT_THAT(Str(s, "original.explanation.en"), HasSubstr("04/05/2026"));
  EXPECT_EQ(Str(s, "calendar.id"), "vn-public-sector");
}

TEST(DeadlineCommandTest, ExampleOneCutoffOptionsChangeTheHoursStart) {
  DeadlineOptions o = Options("2026-04-24T16:00:00+07:00", 3);
  o.mode = "hours";
  o.late_day_policy = "no_effect";
  google::protobuf::Struct s = Json(o);
  // Fri 16:00-17:00 counts: 1 h, then 23 h from Tue 28/04: Mon 04/05 16:00.
  EXPECT_EQ(Str(s, "due"), "2026-05-04T16:00:00+07:00");
  o.late_day_policy.clear();
  o.cutoff = "16:30";
  s = Json(o);
  EXPECT_EQ(Str(s, "due"), "2026-05-04T16:00:00+07:00");
  EXPECT_EQ(Str(s, "startPolicy.cutoff"), "16:30");
}

// --- example 2 ---------------------------------------------------------------

TEST(DeadlineCommandTest, ExampleTwoOnTimeInDaysLateInHours) {
  // 5 working days accepted Thu 12/02/2026 10:00 (before Tết).
  DeadlineOptions days = Options("2026-02-12T10:00:00+07:00", 5);
  days.finished = "2026-02-26T15:00:00+07:00";
  const google::protobuf::Struct d = Json(days);
  EXPECT_EQ(Str(d, "due"), "2026-02-26T17:00:00+07:00");
  EXPECT_EQ(Str(d, "verdict.verdict"), "on_time");
  EXPECT_EQ(Field(d, "verdict.score").number_value(), 1);

  DeadlineOptions hours = days;
  hours.mode = "hours";
  const google::protobuf::Struct h = Json(hours);
  EXPECT_EQ(Str(h, "due"), "2026-02-26T10:00:00+07:00");
  EXPECT_EQ(Str(h, "verdict.verdict"), "late");
  EXPECT_EQ(Field(h, "verdict.score").number_value(), 0);

  const Result text = RunCommand(hours);
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("Kết luận: Hoàn thành lúc 15:00 thứ Năm "
                                  "26/02/2026, sau hạn 10:00 thứ Năm "
                                  "26/02/2026"));
  EXPECT_THAT(text.out, HasSubstr("Verdict: Finished Thu 26/02/2026 15:00, "
                                  "after the due time"));
  EXPECT_THAT(text.out, HasSubstr("Tết"));
}

// --- example 3 ---------------------------------------------------------------

TEST(DeadlineCommandTest, ExampleThreeTheWorkedSaturdayCounts) {
  // 1 working day accepted Fri 09/01/2026 14:00: due Sat 10/01 17:00.
  const DeadlineOptions o = Options("2026-01-09T14:00:00+07:00", 1);
  const google::protobuf::Struct s = Json(o);
  EXPECT_EQ(Str(s, "due"), "2026-01-10T17:00:00+07:00");
  ASSERT_EQ(Field(s, "original.makeupDays").list_value().values_size(), 1);
  EXPECT_EQ(
      Field(s, "original.makeupDays").list_value().values(0).string_value(),
      "2026-01-10");
  const Result r = RunCommand(o);
  EXPECT_THAT(r.out, HasSubstr("17:00 thứ Bảy 10/01/2026"));
  EXPECT_THAT(r.out, HasSubstr("Sat 10/01/2026 17:00"));
}

// --- example 4 ---------------------------------------------------------------

DeadlineOptions ExampleFour() {
  DeadlineOptions o = Options("2026-07-06T09:00:00+07:00", 10);
  o.pauses = {"2026-07-08T15:00:00+07:00,2026-07-13T10:00:00+07:00"};
  o.finished = "2026-07-24T16:00:00+07:00";
  return o;
}

TEST(DeadlineCommandTest, ExampleFourLegalRestartAnd766Clock) {
  const google::protobuf::Struct s = Json(ExampleFour());
  EXPECT_EQ(Str(s, "original.due"), "2026-07-20T17:00:00+07:00");
  // Legal clock: restarts from zero on Mon 13/07 10:00: due Mon 27/07.
  EXPECT_EQ(Str(s, "due"), "2026-07-27T17:00:00+07:00");
  EXPECT_EQ(Str(s, "legal.due"), "2026-07-27T17:00:00+07:00");
  EXPECT_EQ(Str(s, "verdict.verdict"), "early");
  // 766 clock: end minus the waiting time = Sun 19/07 21:00 <= Mon 20/07.
  EXPECT_EQ(Field(s, "waitingSeconds").number_value(), 4 * 86400 + 19 * 3600);
  EXPECT_EQ(Str(s, "verdict766.end"), "2026-07-19T21:00:00+07:00");
  EXPECT_FALSE(Field(s, "verdict766.late").bool_value());
  EXPECT_EQ(Str(s, "verdict766.classified.due"), "2026-07-20T17:00:00+07:00");
}

TEST(DeadlineCommandTest, ExampleFourText) {
  const Result r = RunCommand(ExampleFour());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out,
              HasSubstr("Hạn xử lý theo luật: 17:00 thứ Hai 27/07/2026"));
  EXPECT_THAT(r.out, HasSubstr("Legal due time: Mon 27/07/2026 17:00"));
  EXPECT_THAT(r.out, HasSubstr("hạn ban đầu: 17:00 thứ Hai 20/07/2026"));
  EXPECT_THAT(r.out, HasSubstr("art. 19(4)"));
  EXPECT_THAT(r.out, HasSubstr("Kết luận: Hoàn thành lúc 16:00 thứ Sáu "
                               "24/07/2026, trước ngày hạn"));
  EXPECT_THAT(r.out,
              HasSubstr("trừ thời gian chờ bổ sung 4 ngày 19 giờ là 21:00 "
                        "Chủ nhật 19/07/2026"));
  EXPECT_THAT(r.out, HasSubstr("đúng hạn (trước hoặc đúng hạn)"));
  EXPECT_THAT(r.out, HasSubstr("minus 4 d 19 h waiting for the supplement is "
                               "Sun 19/07/2026 21:00"));
  EXPECT_THAT(r.out, HasSubstr("on time (early or on time)"));
}

TEST(DeadlineCommandTest, ExampleFourSecondSupplementIsLateFor766) {
  DeadlineOptions o = ExampleFour();
  o.pauses = {"2026-07-08T15:00:00+07:00,2026-07-09T10:00:00+07:00",
              "2026-07-10T09:00:00+07:00,2026-07-13T10:00:00+07:00"};
  const google::protobuf::Struct s = Json(o);
  EXPECT_EQ(Str(s, "due"), "2026-07-27T17:00:00+07:00");  // last pause end
  EXPECT_TRUE(Field(s, "verdict766.late").bool_value());
  EXPECT_EQ(Field(s, "verdict766.supplementRequests").number_value(), 2);
  const Result r = RunCommand(o);
  EXPECT_THAT(r.out, HasSubstr("Yêu cầu bổ sung 2 lần: trễ hạn theo Quyết "
                               "định 766."));
  EXPECT_THAT(r.out, HasSubstr("late for Decision 766"));
}

// --- example 5, languages, calendar files
// -------------------------------------

TEST(DeadlineCommandTest, ExampleFiveWithTheCultureDayOverride) {
  DeadlineOptions o = Options("2026-11-23T09:00:00+07:00", 15);
  EXPECT_EQ(Str(Json(o), "due"), "2026-12-14T17:00:00+07:00");
  o.override_files = {kCultureDay};
  const google::protobuf::Struct s = Json(o);
  EXPECT_EQ(Str(s, "due"), "2026-12-15T17:00:00+07:00");
  EXPECT_EQ(Str(s, "calendar.id"), "vn-public-sector+vn-culture-day");
  const Result r = RunCommand(o);
  EXPECT_THAT(r.out, HasSubstr("24/11/2026"));
}

TEST(DeadlineCommandTest, LanguageSelection) {
  DeadlineOptions o = Options("2026-04-24T16:00:00+07:00", 3);
  o.lang = "vi";
  Result vi = RunCommand(o);
  EXPECT_THAT(vi.out, HasSubstr("Hạn xử lý"));
  EXPECT_THAT(vi.out, Not(HasSubstr("Due time")));
  o.lang = "en";
  Result en = RunCommand(o);
  EXPECT_THAT(en.out, HasSubstr("Due time"));
  EXPECT_THAT(en.out, Not(HasSubstr("Hạn xử lý")));
  o.json = true;
  en = RunCommand(o);
  EXPECT_THAT(en.out, HasSubstr("\"en\":"));
  EXPECT_THAT(en.out, Not(HasSubstr("\"vi\":")));
}

TEST(DeadlineCommandTest, LocalTimeWithoutOffsetIsVietnamTime) {
  const google::protobuf::Struct s = Json(Options("2026-04-24T16:00", 3));
  EXPECT_EQ(Str(s, "accepted"), "2026-04-24T16:00:00+07:00");
  EXPECT_EQ(Str(s, "due"), "2026-05-04T17:00:00+07:00");
}

TEST(DeadlineCommandTest, FindsTheShippedCalendarFromASubdirectory) {
  const std::string found =
      FindDefaultCalendar(GIAMSAT_SOURCE_DIR "/services/ctl");
  EXPECT_THAT(found,
              HasSubstr("deploy/config/calendars/vn-public-sector.yaml"));
  EXPECT_EQ(FindDefaultCalendar("/"), "");
}

// --- errors
// --------------------------------------------------------------------

TEST(DeadlineCommandTest, BadUsageIsExitCodeTwoWithAMessage) {
  struct Case {
    std::string name;
    DeadlineOptions options;
    std::string message;
  };
  std::vector<Case> cases;
  {
    DeadlineOptions o = Options("", 3);
    cases.push_back({"no accepted", o, "--accepted is required"});
  }
  {
    DeadlineOptions o = Options("yesterday", 3);
    cases.push_back({"bad time", o, "is not a time"});
  }
  {
    DeadlineOptions o = Options("2026-04-24T16:00:00+07:00", 3);
    o.hours = 8;
    cases.push_back({"days and hours", o, "exactly one of --days and --hours"});
  }
  {
    DeadlineOptions o = Options("2026-04-24T16:00:00+07:00", 3);
    o.days.reset();
    o.hours = 8;
    o.mode = "days";
    cases.push_back({"hours in days mode", o, "--hours needs --mode hours"});
  }
  {
    DeadlineOptions o = Options("2026-04-24T16:00:00+07:00", 3);
    o.mode = "weeks";
    cases.push_back({"bad mode", o, "--mode 'weeks'"});
  }
  {
    DeadlineOptions o = Options("2026-04-24T16:00:00+07:00", 3);
    o.lang = "fr";
    cases.push_back({"bad lang", o, "--lang 'fr'"});
  }
  {
    DeadlineOptions o = Options("2026-04-24T16:00:00+07:00", 3);
    o.cutoff = "25:00";
    cases.push_back({"bad cutoff", o, "--cutoff"});
  }
  {
    DeadlineOptions o = Options("2026-04-24T16:00:00+07:00", 3);
    o.late_day_policy = "sometimes";
    cases.push_back({"bad policy", o, "late_day_policy"});
  }
  {
    DeadlineOptions o = Options("2026-04-24T16:00:00+07:00", 3);
    o.calendar_file = "/nonexistent/calendar.yaml";
    cases.push_back({"missing calendar", o, "/nonexistent/calendar.yaml"});
  }
  {
    DeadlineOptions o = Options("2026-07-06T09:00:00+07:00", 10);
    o.pauses = {"2026-07-08T15:00:00+07:00"};
    cases.push_back({"pause without end", o, "is not FROM,TO"});
  }
  {
    DeadlineOptions o = Options("2026-07-06T09:00:00+07:00", 10);
    o.pauses = {"2026-07-08T15:00:00+07:00,2026-07-08T14:00:00+07:00"};
    cases.push_back({"pause backwards", o, "ends before it starts"});
  }
  {
    DeadlineOptions o = Options("2026-07-06T09:00:00+07:00", 10);
    o.pauses = {"2026-07-08T15:00:00+07:00,2026-07-10T14:00:00+07:00",
                "2026-07-09T15:00:00+07:00,2026-07-13T14:00:00+07:00"};
    cases.push_back({"pauses overlap", o, "overlap"});
  }
  {
    DeadlineOptions o = ExampleFour();
    o.finished = "2026-07-10T09:00:00+07:00";
    cases.push_back({"pause after finished", o, "ends after --finished"});
  }
  for (const Case& c : cases) {
    const Result r = RunCommand(c.options);
    EXPECT_EQ(r.code, 2) << c.name;
    EXPECT_THAT(r.err, HasSubstr(c.message)) << c.name;
    EXPECT_THAT(r.out, IsEmpty()) << c.name;
  }
}

TEST(DeadlineCommandTest, ADateOutsideTheCalendarFailsWithExitCodeOne) {
  const Result r = RunCommand(Options("2031-03-02T09:00:00+07:00", 3));
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("due time"));
  EXPECT_THAT(r.out, IsEmpty());
}

}  // namespace
}  // namespace giamsat::ctl
