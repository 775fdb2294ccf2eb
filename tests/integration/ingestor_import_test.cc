// `giamsatctl import` of a 100,000-line export file through the ingestor
// library on the real Kafka and Redis: the summary, and every accepted
// event exactly once in Kafka; a second import of the file writes nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "services/ctl/import_command.h"
#include "tests/integration/ingestor_harness.h"

namespace giamsat::ingestor {
namespace {

using ::testing::HasSubstr;

constexpr int kLines = 100000;
constexpr int kInvalid = 50;   // no legal duration
constexpr int kRepeated = 50;  // a line repeated later in the file

std::string Line(int i, bool invalid) {
  const std::string duration =
      invalid ? "" : R"(,"legalDuration":{"workingDays":3})";
  return absl::StrCat(
      R"({"eventId":"imp-)", i,
      R"(","sourceSystem":"igate-export","unitId":"HN.UBND.YENHOA","occurredAt":"2026-0)",
      1 + i % 9, "-", 10 + i % 18, "T0", i % 10,
      R"(:15:00+07:00","dossier":{"dossierId":"YH-)", i,
      R"(","kind":"DOSSIER_RECEIVED","procedureCode":"1.001757","fieldCode":"ho-tich")",
      duration, R"(,"channel":"CHANNEL_ONLINE"}})");
}

TEST(IngestorImportTest, AHundredThousandLinesImportWithTheRightSummary) {
  IngestorHarness harness;
  ASSERT_NO_FATAL_FAILURE(harness.Start());
  const std::string dir = testing::MakeTempDir();
  const std::string file = dir + "/year-export.jsonl";
  {
    std::ofstream out(file);
    for (int i = 0; i < kLines - kInvalid - kRepeated; ++i) {
      out << Line(i, false) << "\n";
    }
    for (int i = 0; i < kInvalid; ++i) out << Line(900000 + i, true) << "\n";
    for (int i = 0; i < kRepeated; ++i) out << Line(i * 7, false) << "\n";
  }
  const int valid = kLines - kInvalid - kRepeated;
  ctl::ImportOptions options;
  options.file = file;
  core::SystemClock clock;
  auto sleep = [](absl::Duration d) { absl::SleepFor(d); };
  std::ostringstream out, err;
  const absl::Time start = absl::Now();
  EXPECT_EQ(ctl::Import(harness.stub(), options, out, err, clock, sleep), 1);
  const absl::Duration took = absl::Now() - start;
  std::cerr << out.str() << "import took " << took << "\n";
  EXPECT_THAT(out.str(), HasSubstr(absl::StrCat(kLines, " records")));
  EXPECT_THAT(out.str(),
              HasSubstr(absl::StrCat("accepted       ", valid, "\n")));
  EXPECT_THAT(out.str(),
              HasSubstr(absl::StrCat("duplicates     ", kRepeated, " ")));
  EXPECT_THAT(out.str(), HasSubstr(absl::StrCat("rejected       ", kInvalid)));
  EXPECT_THAT(out.str(), HasSubstr(absl::StrCat("    required                 ",
                                                kInvalid, "\n")));
  EXPECT_THAT(out.str(), ::testing::Not(HasSubstr("not delivered")));
  EXPECT_THAT(err.str(), HasSubstr("year-export.jsonl:99901: imp-900000: "
                                   "dossier.legalDuration"));

  const events::Topics& t = harness.topics();
  EXPECT_EQ(TopicSize(harness.kafka(), t.DeadLetter()), kInvalid);
  auto records = ReadAll(harness.kafka(), {t.DossierEvents()});
  std::set<std::string> ids;
  for (const auto& r : records) {
    v1::Event e;
    ASSERT_TRUE(e.ParseFromString(r.value));
    ASSERT_TRUE(ids.insert(e.event_id()).second) << "twice: " << e.event_id();
  }
  EXPECT_EQ(static_cast<int>(ids.size()), valid);

  // The same file again: every valid line is a duplicate, nothing written.
  out.str("");
  EXPECT_EQ(ctl::Import(harness.stub(), options, out, err, clock, sleep), 1);
  EXPECT_THAT(out.str(), HasSubstr("accepted       0\n"));
  EXPECT_THAT(out.str(), HasSubstr(absl::StrCat("duplicates     ",
                                                valid + kRepeated, " ")));
  EXPECT_EQ(TopicSize(harness.kafka(), t.DossierEvents()), valid);
  if (!::testing::Test::HasFailure()) std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace giamsat::ingestor
