#include "common/units/unit_tree.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/calendar/calendar_loader.h"
#include "yaml-cpp/yaml.h"

namespace giamsat::units {

bool UnitTree::IsKnownLevel(absl::string_view level) {
  static constexpr absl::string_view kLevels[] = {
      "city", "department", "ward", "commune", "centre", "branch", "office"};
  return std::find(std::begin(kLevels), std::end(kLevels), level) !=
         std::end(kLevels);
}

absl::StatusOr<UnitTree> UnitTree::Parse(const std::string& yaml_text,
                                         const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(origin, ": ", e.what()));
  }
  UnitTree tree;
  const YAML::Node units = root["units"];
  if (!units || !units.IsSequence()) {
    return absl::InvalidArgumentError(
        absl::StrCat(origin, ": expected a list under \"units\""));
  }
  for (size_t i = 0; i < units.size(); ++i) {
    const YAML::Node u = units[i];
    const std::string where = absl::StrCat(origin, ": units[", i, "]");
    UnitInfo info;
    try {
      if (!u.IsMap() || !u["id"]) {
        return absl::InvalidArgumentError(absl::StrCat(where, ": id required"));
      }
      info.id = u["id"].as<std::string>();
      if (u["name"]) info.name = u["name"].as<std::string>();
      if (u["level"]) info.level = u["level"].as<std::string>();
      if (u["parent"]) info.parent = u["parent"].as<std::string>();
    } catch (const YAML::Exception& e) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": ", e.what()));
    }
    if (info.id.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ".id: empty"));
    }
    if (!IsKnownLevel(info.level)) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, " (", info.id, ").level: unknown \"", info.level, "\""));
    }
    const std::string id = info.id;
    if (!tree.units_.emplace(id, std::move(info)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ".id: duplicate \"", id, "\""));
    }
  }
  for (auto& [id, info] : tree.units_) {
    if (info.parent.empty()) continue;
    auto parent = tree.units_.find(info.parent);
    if (parent == tree.units_.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          origin, ": unit ", id, ".parent: \"", info.parent, "\" not listed"));
    }
    parent->second.children.push_back(id);  // map order: sorted by id
  }
  // Every unit must reach a root: a cycle never does.
  for (const auto& [id, info] : tree.units_) {
    std::string at = id;
    for (size_t steps = 0; !at.empty(); ++steps) {
      if (steps > tree.units_.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat(origin, ": unit ", id, ": parent cycle"));
      }
      at = tree.units_.find(at)->second.parent;
    }
  }
  return tree;
}

absl::StatusOr<UnitTree> UnitTree::LoadFile(const std::string& path) {
  absl::StatusOr<std::string> text = calendar::ReadFileToString(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

const UnitInfo* UnitTree::Find(absl::string_view id) const {
  auto it = units_.find(id);
  return it == units_.end() ? nullptr : &it->second;
}

std::vector<std::string> UnitTree::Subtree(absl::string_view id) const {
  std::vector<std::string> out = {std::string(id)};
  for (size_t i = 0; i < out.size(); ++i) {
    if (const UnitInfo* u = Find(out[i]); u != nullptr) {
      out.insert(out.end(), u->children.begin(), u->children.end());
    }
  }
  return out;
}

bool UnitTree::IsWithin(absl::string_view unit,
                        absl::string_view ancestor) const {
  if (unit == ancestor) return true;
  for (const UnitInfo* u = Find(unit); u != nullptr && !u->parent.empty();
       u = Find(u->parent)) {
    if (u->parent == ancestor) return true;
  }
  return false;
}

std::vector<std::string> UnitTree::Below(absl::string_view parent,
                                         absl::string_view level) const {
  const UnitInfo* p = Find(parent);
  if (p == nullptr) return {};
  if (level.empty()) return p->children;
  std::vector<std::string> out;
  for (const std::string& id : Subtree(parent)) {
    if (id != parent && Find(id)->level == level) out.push_back(id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace giamsat::units
