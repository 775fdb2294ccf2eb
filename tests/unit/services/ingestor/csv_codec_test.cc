#include "services/ingestor/csv_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace giamsat::ingestor {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(CsvRecordTest, SplitsQuotedAndPlainFields) {
  auto f = ParseCsvRecord(R"(a,"b,c","say ""hi""",,"multi
line",x)");
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_THAT(*f,
              ElementsAre("a", "b,c", "say \"hi\"", "", "multi\nline", "x"));
}

TEST(CsvRecordTest, IgnoresTheLineBreakAndKeepsTrailingEmptyField) {
  auto f = ParseCsvRecord("a,b,\r\n");
  ASSERT_TRUE(f.ok());
  EXPECT_THAT(*f, ElementsAre("a", "b", ""));
  EXPECT_THAT(*ParseCsvRecord(""), ElementsAre(""));
}

TEST(CsvRecordTest, RejectsBrokenQuoting) {
  EXPECT_THAT(ParseCsvRecord("a,\"b").status().message(),
              HasSubstr("not terminated"));
  EXPECT_THAT(ParseCsvRecord("a,\"b\"c").status().message(),
              HasSubstr("after the closing quote"));
}

TEST(CsvSplitterTest, JoinsLinesInsideQuotesAndNumbersRecords) {
  CsvRecordSplitter s;
  s.AddLine("h1,h2");
  s.AddLine("1,\"two");
  s.AddLine("lines\"");
  s.AddLine("3,4");
  std::string record;
  int64_t line = 0;
  ASSERT_TRUE(s.Next(&record, &line));
  EXPECT_EQ(record, "h1,h2");
  EXPECT_EQ(line, 1);
  ASSERT_TRUE(s.Next(&record, &line));
  EXPECT_EQ(record, "1,\"two\nlines\"");
  EXPECT_EQ(line, 2);
  ASSERT_TRUE(s.Next(&record, &line));
  EXPECT_EQ(line, 4);
  EXPECT_FALSE(s.Next(&record, &line));
  s.AddLine("5,\"open");
  EXPECT_FALSE(s.Next(&record, &line));
  EXPECT_TRUE(s.InsideQuotes());
  ASSERT_TRUE(s.TakeIncomplete(&record, &line));
  EXPECT_EQ(record, "5,\"open");
  EXPECT_EQ(line, 5);
}

TEST(CsvHeaderTest, MapsColumnsToTypedJson) {
  auto h = CsvHeader::Parse(
      "\xEF\xBB\xBF"
      "event_id,dossier.legal_duration.working_days,"
      "dossier.fullProcessOnline,dossier.kind,inspection.shortcomings,"
      "extra.column");
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->columns(), 6u);
  bool mismatch = true;
  auto doc = h->ToJson(
      {"e1", " 3 ", "TRUE", "DOSSIER_RECEIVED", "a| b |", "kept"}, &mismatch);
  EXPECT_FALSE(mismatch);
  EXPECT_EQ(doc.dump(),
            R"({"eventId":"e1","dossier":{"legalDuration":{"workingDays":3},)"
            R"("fullProcessOnline":true,"kind":"DOSSIER_RECEIVED"},)"
            R"("inspection":{"shortcomings":["a","b"]},)"
            R"("extra":{"column":"kept"}})");
}

TEST(CsvHeaderTest, EmptyCellsLeaveFieldsUnsetAndBadValuesStayStrings) {
  auto h = CsvHeader::Parse("eventId,dossier.paidOnline,dossier.rating");
  ASSERT_TRUE(h.ok());
  bool mismatch = false;
  EXPECT_EQ(h->ToJson({"e", "", "five"}, &mismatch).dump(),
            R"({"eventId":"e","dossier":{"rating":"five"}})");
  EXPECT_EQ(h->ToJson({"e", "maybe"}, &mismatch).dump(),
            R"({"eventId":"e","dossier":{"paidOnline":"maybe"}})");
  EXPECT_TRUE(mismatch);
}

TEST(CsvHeaderTest, RejectsUnusableHeaders) {
  EXPECT_THAT(CsvHeader::Parse("eventId,,unitId").status().message(),
              HasSubstr("column 2 has no name"));
  EXPECT_THAT(CsvHeader::Parse("eventId,event_id").status().message(),
              HasSubstr("repeats"));
  EXPECT_THAT(CsvHeader::Parse("dossier,dossier.kind").status().message(),
              HasSubstr("parent"));
  EXPECT_THAT(CsvHeader::Parse("dossier..kind").status().message(),
              HasSubstr("empty part"));
}

}  // namespace
}  // namespace giamsat::ingestor
