#include "services/ingestor/reference_data.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "common/testing/fake_clock.h"
#include "nlohmann/json.hpp"

namespace giamsat::ingestor {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::StatusOr<ReferenceData> Units(const std::string& yaml) {
  return ReferenceData::Parse(yaml, "units.yaml", "", "");
}
absl::StatusOr<ReferenceData> Procedures(const std::string& yaml) {
  return ReferenceData::Parse("", "", yaml, "procedures.yaml");
}

TEST(ReferenceDataTest, ParsesTheHierarchy) {
  auto data = Units(R"(units:
  - {id: HN, name: City, level: city}
  - {id: HN.W, name: Ward, level: ward, parent: HN}
  - {id: HN.W.O, name: Office, level: office, parent: HN.W}
)");
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_TRUE(data->has_units());
  EXPECT_FALSE(data->has_procedures());
  EXPECT_EQ(data->unit_count(), 3u);
  EXPECT_EQ(data->FindUnit("HN.W")->name, "Ward");
  EXPECT_EQ(data->FindUnit("nope"), nullptr);
  EXPECT_THAT(data->Ancestors("HN.W.O"), ElementsAre("HN.W", "HN"));
}

TEST(ReferenceDataTest, RejectsBrokenUnitLists) {
  EXPECT_THAT(
      Units("units:\n  - {id: A, level: city}\n  - {id: A, level: city}")
          .status()
          .message(),
      HasSubstr("unit A is listed twice"));
  EXPECT_THAT(
      Units("units:\n  - {id: A, level: ward, parent: B}").status().message(),
      HasSubstr("parent B is not listed"));
  EXPECT_THAT(Units("units:\n  - {id: A, level: ward, parent: B}\n"
                    "  - {id: B, level: ward, parent: A}")
                  .status()
                  .message(),
              HasSubstr("cycle"));
  EXPECT_THAT(Units("units:\n  - {id: A, level: village}").status().message(),
              HasSubstr("level \"village\""));
  EXPECT_THAT(
      Units("units:\n  - {id: A, level: city, colour: red}").status().message(),
      HasSubstr("unknown key \"colour\""));
  EXPECT_THAT(Units("unit: []").status().message(),
              HasSubstr("expected a top-level \"units:\" list"));
  EXPECT_THAT(Units("units: [").status().message(), HasSubstr("units.yaml"));
}

TEST(ReferenceDataTest, ParsesAndChecksProcedures) {
  auto data = Procedures(R"(procedures:
  - {code: "1.1", name: A, field: ho-tich, legal_duration: {working_days: 3}}
  - {code: "1.2", name: B, field: x, legal_duration: {working_hours: 4},
     internal: true}
)");
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->FindProcedure("1.1")->working_days, 3u);
  EXPECT_TRUE(data->FindProcedure("1.2")->internal);
  EXPECT_THAT(
      Procedures("procedures:\n  - {code: P, field: f}").status().message(),
      HasSubstr("exactly one of working_days and working_hours"));
  EXPECT_THAT(Procedures("procedures:\n  - {code: P, legal_duration: "
                         "{working_days: 1}}")
                  .status()
                  .message(),
              HasSubstr("procedure P has no field"));
}

class CatalogTest : public ::testing::Test, public ReferenceListener {
 protected:
  CatalogTest()
      : clock_(absl::UnixEpoch()),
        units_(::testing::TempDir() + "/catalog_units.yaml") {
    Write("units:\n  - {id: A, level: city}\n");
  }
  void Write(const std::string& text) { std::ofstream(units_) << text; }
  void Reloaded(const absl::Status& status, const ReferenceData&) override {
    outcomes_.push_back(status.ok());
  }

  testing::FakeClock clock_;
  std::string units_;
  std::vector<bool> outcomes_;
};

TEST_F(CatalogTest, ReloadsChangedFilesAfterTheIntervalOnly) {
  auto catalog =
      ReferenceCatalog::Load({units_, "", absl::Seconds(30)}, clock_, this);
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  EXPECT_NE((*catalog)->Current()->FindUnit("A"), nullptr);
  Write("units:\n  - {id: B, level: city}\n");
  clock_.Advance(absl::Seconds(29));
  EXPECT_NE((*catalog)->Current()->FindUnit("A"), nullptr);
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ((*catalog)->Current()->FindUnit("A"), nullptr);
  EXPECT_NE((*catalog)->Current()->FindUnit("B"), nullptr);
  EXPECT_THAT(outcomes_, ElementsAre(true));
  // Unchanged content is not reported again.
  clock_.Advance(absl::Seconds(30));
  (*catalog)->Current();
  EXPECT_THAT(outcomes_, ElementsAre(true));
}

TEST_F(CatalogTest, ABrokenFileKeepsThePreviousData) {
  auto catalog =
      ReferenceCatalog::Load({units_, "", absl::Seconds(1)}, clock_, this);
  ASSERT_TRUE(catalog.ok());
  Write("units:\n  - {id: A, level: nonsense}\n");
  clock_.Advance(absl::Seconds(1));
  EXPECT_NE((*catalog)->Current()->FindUnit("A"), nullptr);
  EXPECT_THAT(outcomes_, ElementsAre(false));
  Write("units:\n  - {id: C, level: city}\n");
  clock_.Advance(absl::Seconds(1));
  EXPECT_NE((*catalog)->Current()->FindUnit("C"), nullptr);
  EXPECT_THAT(outcomes_, ElementsAre(false, true));
}

TEST_F(CatalogTest, MissingFilesFailTheLoad) {
  auto catalog = ReferenceCatalog::Load(
      {"/nonexistent/units.yaml", "", absl::Seconds(1)}, clock_);
  EXPECT_THAT(catalog.status().message(), HasSubstr("/nonexistent/units.yaml"));
  auto none = ReferenceCatalog::Load({"", "", absl::Seconds(1)}, clock_);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE((*none)->Current()->has_units());
}

// The shipped reference data parses and knows every unit and procedure the
// demo events use.
TEST(ShippedReferenceTest, CoversTheDemoEvents) {
  const std::string dir =
      std::string(GIAMSAT_SOURCE_DIR) + "/deploy/config/reference/";
  testing::FakeClock clock(absl::UnixEpoch());
  auto catalog = ReferenceCatalog::Load(
      {dir + "units.yaml", dir + "procedures.yaml", absl::Seconds(30)}, clock);
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  auto data = (*catalog)->Current();
  for (const char* unit :
       {"HN", "HN.UBND.YENHOA", "HN.UBND.HOANKIEM", "HN.SO.TNMT"}) {
    EXPECT_NE(data->FindUnit(unit), nullptr) << unit;
  }
  std::ifstream demo(std::string(GIAMSAT_SOURCE_DIR) +
                     "/deploy/demo/events.jsonl");
  std::string line;
  int lines = 0;
  while (std::getline(demo, line)) {
    if (line.empty()) continue;
    ++lines;
    const auto e = nlohmann::json::parse(line);
    EXPECT_NE(data->FindUnit(e["unitId"]), nullptr) << line;
    if (e["dossier"].contains("procedureCode")) {
      const ProcedureInfo* p =
          data->FindProcedure(e["dossier"]["procedureCode"]);
      ASSERT_NE(p, nullptr) << line;
      EXPECT_EQ(p->field, e["dossier"]["fieldCode"]) << line;
      EXPECT_EQ(p->working_days,
                e["dossier"]["legalDuration"]["workingDays"].get<uint32_t>())
          << line;
    }
  }
  EXPECT_GT(lines, 10);
}

}  // namespace
}  // namespace giamsat::ingestor
