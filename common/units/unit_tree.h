// UnitTree: the unit hierarchy (city -> department / ward / commune /
// centre -> office / branch) from the units reference file
// (reference.units_file, format: `units: [{id, name, level, parent}]`).
//
// Immutable after loading, so safe for concurrent reads. Loading fails with
// InvalidArgument naming the entry for a duplicate id, an unknown level, a
// parent that is not listed, or a cycle.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace giamsat::units {

struct UnitInfo {
  std::string id;
  std::string name;
  std::string level;  // city, department, ward, commune, centre, branch, office
  std::string parent;                 // "" for the root(s)
  std::vector<std::string> children;  // sorted by id
};

class UnitTree {
 public:
  UnitTree() = default;  // empty: no unit is known
  static absl::StatusOr<UnitTree> Parse(const std::string& yaml_text,
                                        const std::string& origin);
  static absl::StatusOr<UnitTree> LoadFile(const std::string& path);

  // The unit, or nullptr when not listed.
  const UnitInfo* Find(absl::string_view id) const;
  // `id` and every unit below it, parents before children ({id} when `id`
  // is not listed).
  std::vector<std::string> Subtree(absl::string_view id) const;
  // True when `unit` is `ancestor` or below it.
  bool IsWithin(absl::string_view unit, absl::string_view ancestor) const;
  // The units of `level` anywhere below `parent` (excluding it), or its
  // direct children when `level` is empty; sorted by id.
  std::vector<std::string> Below(absl::string_view parent,
                                 absl::string_view level) const;
  size_t size() const { return units_.size(); }

  static bool IsKnownLevel(absl::string_view level);

 private:
  std::map<std::string, UnitInfo, std::less<>> units_;
};

}  // namespace giamsat::units
