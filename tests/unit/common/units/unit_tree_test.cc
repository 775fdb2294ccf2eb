#include "common/units/unit_tree.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace giamsat::units {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(UnitTreeTest, LoadsTheSampleHierarchy) {
  auto tree = UnitTree::LoadFile(GIAMSAT_TEST_UNITS);
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ(tree->Find("HN")->level, "city");
  EXPECT_THAT(tree->Below("HN.UBND.YENHOA", ""),
              ElementsAre("HN.UBND.YENHOA.KTHTDT", "HN.UBND.YENHOA.VHXH",
                          "HN.UBND.YENHOA.VP"));
  EXPECT_TRUE(tree->IsWithin("HN.UBND.YENHOA.VP", "HN"));
  EXPECT_TRUE(tree->IsWithin("HN.UBND.YENHOA.VP", "HN.UBND.YENHOA"));
  EXPECT_FALSE(tree->IsWithin("HN.UBND.YENHOA.VP", "HN.UBND.HOANKIEM"));
  EXPECT_FALSE(tree->IsWithin("HN", "HN.UBND.YENHOA"));
  EXPECT_EQ(tree->Subtree("HN").size(), tree->size());
  for (const std::string& id : tree->Below("HN", "office")) {
    EXPECT_EQ(tree->Find(id)->level, "office");
  }
  EXPECT_EQ(tree->Subtree("UNKNOWN"), std::vector<std::string>{"UNKNOWN"});
  EXPECT_TRUE(tree->Below("UNKNOWN", "").empty());
}

TEST(UnitTreeTest, RejectsBadFilesNamingTheEntry) {
  EXPECT_THAT(UnitTree::Parse("units:\n  - {id: A, level: town}", "f")
                  .status()
                  .message(),
              HasSubstr("level"));
  EXPECT_THAT(UnitTree::Parse("units:\n  - {id: A, level: city}\n  - {id: A, "
                              "level: city}",
                              "f")
                  .status()
                  .message(),
              HasSubstr("duplicate"));
  EXPECT_THAT(
      UnitTree::Parse("units:\n  - {id: A, level: ward, parent: Z}", "f")
          .status()
          .message(),
      HasSubstr("not listed"));
  EXPECT_THAT(UnitTree::Parse("units:\n  - {id: A, level: ward, parent: B}\n"
                              "  - {id: B, level: ward, parent: A}",
                              "f")
                  .status()
                  .message(),
              HasSubstr("cycle"));
}

}  // namespace
}  // namespace giamsat::units
