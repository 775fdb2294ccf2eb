#include "common/calendar/calendar_yaml.h"

#include <string>
#include <variant>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace giamsat::calendar {
namespace {

using ::testing::HasSubstr;

constexpr char kBase[] = R"yaml(
kind: calendar
schema_version: 1
id: test
name_vi: Thử
name_en: Test
working_week: [mon, tue, wed, thu, fri]
office_hours:
  standard: ["08:00-12:00", "13:00-17:00"]
  seasonal:
    - name: summer
      from: "04-15"
      to: "10-14"
      hours: ["07:00-11:30", "13:30-17:00"]
start_rule:
  late_day_cutoff: "16:00"
  late_day_policy: no_effect
sources:
  law: {title: Luật, kind: law}
years:
  - year: 2026
    revision: r1
    off:
      - {date: 2026-01-01, kind: holiday, name_vi: Tết, name_en: New Year, source: law}
      - {from: 2026-02-14, to: 2026-02-22, kind: holiday, name_vi: Tết, name_en: Tet, source: law, note: nine days}
      - {date: 2026-01-02, kind: swapped, name_vi: Hoán đổi, name_en: Swapped, source: law, provisional: true}
    worked:
      - {date: 2026-01-10, replaces: 2026-01-02, name_vi: Làm bù, name_en: Make-up, source: law}
)yaml";

TEST(CalendarYamlTest, ParsesABaseCalendar) {
  absl::StatusOr<CalendarSpec> spec = ParseCalendarYaml(kBase);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->id, "test");
  EXPECT_EQ(spec->working_week.size(), 5u);
  ASSERT_EQ(spec->office_hours.seasonal.size(), 1u);
  EXPECT_EQ(spec->office_hours.seasonal[0].from_month, 4);
  EXPECT_EQ(spec->office_hours.seasonal[0].to_day, 14);
  EXPECT_EQ(spec->start_policy.cutoff, absl::Hours(16));
  EXPECT_EQ(spec->start_policy.late_day_policy, LateDayPolicy::kNoEffect);
  ASSERT_EQ(spec->years.size(), 1u);
  const YearSpec& y = spec->years[0];
  EXPECT_EQ(y.revision, "r1");
  ASSERT_EQ(y.off.size(), 3u);
  EXPECT_EQ(y.off[1].first, absl::CivilDay(2026, 2, 14));
  EXPECT_EQ(y.off[1].last, absl::CivilDay(2026, 2, 22));
  EXPECT_EQ(y.off[1].note, "nine days");
  EXPECT_EQ(y.off[2].kind, OffKind::kSwapped);
  EXPECT_TRUE(y.off[2].provisional);
  ASSERT_EQ(y.worked.size(), 1u);
  EXPECT_EQ(y.worked[0].replaces, absl::CivilDay(2026, 1, 2));
}

TEST(CalendarYamlTest, RejectsUnknownKeysWithTheirLine) {
  std::string text = kBase;
  text += "    holidays: []\n";
  absl::StatusOr<CalendarSpec> spec = ParseCalendarYaml(text);
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(spec.status().message(), HasSubstr("unknown key 'holidays'"));
  EXPECT_THAT(spec.status().message(), HasSubstr("years[0]"));
  EXPECT_THAT(spec.status().message(), HasSubstr("line"));
}

TEST(CalendarYamlTest, RejectsBadValues) {
  auto replace = [](std::string text, const std::string& from,
                    const std::string& to) {
    text.replace(text.find(from), from.size(), to);
    return text;
  };
  EXPECT_FALSE(
      ParseCalendarYaml(replace(kBase, "2026-01-01", "2026-13-01")).ok());
  EXPECT_FALSE(
      ParseCalendarYaml(replace(kBase, "kind: holiday", "kind: party")).ok());
  EXPECT_FALSE(ParseCalendarYaml(
                   replace(kBase, "schema_version: 1", "schema_version: 2"))
                   .ok());
  EXPECT_FALSE(
      ParseCalendarYaml(replace(kBase, "no_effect", "sometimes")).ok());
  EXPECT_FALSE(
      ParseCalendarYaml(replace(kBase, "\"13:00-17:00\"", "\"11:00-17:00\""))
          .ok());
  EXPECT_FALSE(ParseCalendarYaml(replace(kBase, "[mon,", "[monday,")).ok());
  EXPECT_FALSE(
      ParseCalendarYaml(replace(kBase, "kind: calendar", "kind: override"))
          .ok());
  EXPECT_FALSE(ParseCalendarYaml("{unclosed: [").ok());
  EXPECT_FALSE(ParseCalendarYaml("- a list").ok());
  // date together with from/to is ambiguous.
  EXPECT_FALSE(
      ParseCalendarYaml(replace(kBase, "{from: 2026-02-14,",
                                "{date: 2026-02-13, from: 2026-02-14,"))
          .ok());
}

constexpr char kOverride[] = R"yaml(
kind: override
schema_version: 1
id: hanoi-summer
extends: test
scope: province:HN
office_hours:
  standard: ["07:30-11:30", "13:00-17:00"]
sources:
  ubnd: {title: Quyết định UBND, kind: local, verified: false}
years:
  - year: 2026
    revision: r2
    remove_off: [2026-01-02]
    remove_worked: [2026-01-10]
    add_off:
      - {date: 2026-03-02, kind: other, name_vi: Nghỉ, name_en: Off, source: ubnd}
)yaml";

TEST(CalendarYamlTest, ParsesAnOverride) {
  absl::StatusOr<CalendarOverride> o = ParseCalendarOverrideYaml(kOverride);
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->id, "hanoi-summer");
  EXPECT_EQ(o->extends, "test");
  EXPECT_EQ(o->scope, "province:HN");
  ASSERT_TRUE(o->office_hours.has_value());
  EXPECT_EQ(o->office_hours->standard.ToString(), "07:30–11:30, 13:00–17:00");
  EXPECT_FALSE(o->sources.at("ubnd").verified);
  ASSERT_EQ(o->years.size(), 1u);
  EXPECT_EQ(o->years[0].remove_off,
            std::vector<absl::CivilDay>{absl::CivilDay(2026, 1, 2)});
  EXPECT_EQ(o->years[0].add_off[0].kind, OffKind::kOther);
}

TEST(CalendarYamlTest, ParseCalendarFileDispatchesOnKind) {
  absl::StatusOr<CalendarFile> base = ParseCalendarFile(kBase);
  ASSERT_TRUE(base.ok()) << base.status();
  EXPECT_TRUE(std::holds_alternative<CalendarSpec>(*base));
  absl::StatusOr<CalendarFile> over = ParseCalendarFile(kOverride);
  ASSERT_TRUE(over.ok()) << over.status();
  EXPECT_TRUE(std::holds_alternative<CalendarOverride>(*over));
  EXPECT_FALSE(ParseCalendarFile("kind: other\n").ok());
}

}  // namespace
}  // namespace giamsat::calendar
