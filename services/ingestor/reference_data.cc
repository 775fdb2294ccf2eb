#include "services/ingestor/reference_data.h"

#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "spdlog/spdlog.h"
#include "yaml-cpp/yaml.h"

namespace giamsat::ingestor {
namespace {

const std::set<std::string>& UnitLevels() {
  static const auto* levels = new std::set<std::string>{
      "city", "department", "ward", "commune", "centre", "branch", "office"};
  return *levels;
}

// Reads a YAML list under `root_key`; each entry a map with only `allowed`
// keys. Exceptions of yaml-cpp become InvalidArgument naming the origin.
absl::StatusOr<std::vector<YAML::Node>> Entries(
    const std::string& text, const std::string& origin,
    const std::string& root_key, const std::set<std::string>& allowed) {
  std::vector<YAML::Node> out;
  try {
    YAML::Node doc = YAML::Load(text);
    if (!doc.IsMap() || !doc[root_key] || !doc[root_key].IsSequence()) {
      return absl::InvalidArgumentError(absl::StrCat(
          origin, ": expected a top-level \"", root_key, ":\" list"));
    }
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      const std::string key = it->first.as<std::string>();
      if (key != root_key) {
        return absl::InvalidArgumentError(
            absl::StrCat(origin, ": unknown top-level key \"", key, "\""));
      }
    }
    size_t index = 0;
    for (const YAML::Node& entry : doc[root_key]) {
      ++index;
      if (!entry.IsMap()) {
        return absl::InvalidArgumentError(absl::StrCat(
            origin, ": ", root_key, " entry ", index, " is not a mapping"));
      }
      for (auto kv = entry.begin(); kv != entry.end(); ++kv) {
        const std::string key = kv->first.as<std::string>();
        if (allowed.count(key) == 0) {
          return absl::InvalidArgumentError(absl::StrCat(
              origin, ": ", root_key, " entry ", index, ": unknown key \"", key,
              "\" (allowed: ", absl::StrJoin(allowed, ", "), ")"));
        }
      }
      out.push_back(entry);
    }
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(origin, ": ", e.what()));
  }
  return out;
}

std::string Str(const YAML::Node& entry, const char* key) {
  return entry[key] ? entry[key].as<std::string>() : std::string();
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("reference file ", path, ": cannot be read"));
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

absl::StatusOr<ReferenceData> ReferenceData::Parse(
    const std::string& units_yaml, const std::string& units_origin,
    const std::string& procedures_yaml, const std::string& procedures_origin) {
  ReferenceData data;
  if (!units_origin.empty()) {
    absl::StatusOr<std::vector<YAML::Node>> entries = Entries(
        units_yaml, units_origin, "units", {"id", "name", "parent", "level"});
    if (!entries.ok()) return entries.status();
    data.has_units_ = true;
    try {
      for (const YAML::Node& e : *entries) {
        UnitInfo u{Str(e, "id"), Str(e, "name"), Str(e, "parent"),
                   Str(e, "level")};
        if (u.id.empty()) {
          return absl::InvalidArgumentError(
              absl::StrCat(units_origin, ": a unit has no id"));
        }
        if (UnitLevels().count(u.level) == 0) {
          return absl::InvalidArgumentError(absl::StrCat(
              units_origin, ": unit ", u.id, ": level \"", u.level,
              "\" is not one of ", absl::StrJoin(UnitLevels(), ", ")));
        }
        const std::string id = u.id;
        if (!data.units_.emplace(id, std::move(u)).second) {
          return absl::InvalidArgumentError(
              absl::StrCat(units_origin, ": unit ", id, " is listed twice"));
        }
      }
    } catch (const YAML::Exception& e) {
      return absl::InvalidArgumentError(
          absl::StrCat(units_origin, ": ", e.what()));
    }
    for (const auto& [id, u] : data.units_) {
      if (!u.parent.empty() && data.units_.count(u.parent) == 0) {
        return absl::InvalidArgumentError(
            absl::StrCat(units_origin, ": unit ", id, ": parent ", u.parent,
                         " is not listed"));
      }
      // Walk up: a cycle would never reach a root.
      std::string at = u.parent;
      for (size_t steps = 0; !at.empty(); ++steps) {
        if (steps > data.units_.size()) {
          return absl::InvalidArgumentError(absl::StrCat(
              units_origin, ": unit ", id, ": its parents form a cycle"));
        }
        at = data.units_.at(at).parent;
      }
    }
  }
  if (!procedures_origin.empty()) {
    absl::StatusOr<std::vector<YAML::Node>> entries =
        Entries(procedures_yaml, procedures_origin, "procedures",
                {"code", "name", "field", "legal_duration", "internal"});
    if (!entries.ok()) return entries.status();
    data.has_procedures_ = true;
    try {
      for (const YAML::Node& e : *entries) {
        ProcedureInfo p;
        p.code = Str(e, "code");
        p.name = Str(e, "name");
        p.field = Str(e, "field");
        p.internal = e["internal"] ? e["internal"].as<bool>() : false;
        if (p.code.empty()) {
          return absl::InvalidArgumentError(
              absl::StrCat(procedures_origin, ": a procedure has no code"));
        }
        if (p.field.empty()) {
          return absl::InvalidArgumentError(absl::StrCat(
              procedures_origin, ": procedure ", p.code, " has no field"));
        }
        const YAML::Node d = e["legal_duration"];
        if (d && d.IsMap()) {
          for (auto kv = d.begin(); kv != d.end(); ++kv) {
            const std::string key = kv->first.as<std::string>();
            if (key == "working_days") {
              p.working_days = kv->second.as<uint32_t>();
            } else if (key == "working_hours") {
              p.working_hours = kv->second.as<uint32_t>();
            } else {
              return absl::InvalidArgumentError(
                  absl::StrCat(procedures_origin, ": procedure ", p.code,
                               ": legal_duration: unknown key \"", key,
                               "\" (allowed: working_days, working_hours)"));
            }
          }
        }
        if ((p.working_days == 0) == (p.working_hours == 0)) {
          return absl::InvalidArgumentError(absl::StrCat(
              procedures_origin, ": procedure ", p.code,
              ": legal_duration needs exactly one of working_days and "
              "working_hours"));
        }
        const std::string code = p.code;
        if (!data.procedures_.emplace(code, std::move(p)).second) {
          return absl::InvalidArgumentError(absl::StrCat(
              procedures_origin, ": procedure ", code, " is listed twice"));
        }
      }
    } catch (const YAML::Exception& e) {
      return absl::InvalidArgumentError(
          absl::StrCat(procedures_origin, ": ", e.what()));
    }
  }
  return data;
}

const UnitInfo* ReferenceData::FindUnit(const std::string& id) const {
  auto it = units_.find(id);
  return it == units_.end() ? nullptr : &it->second;
}

const ProcedureInfo* ReferenceData::FindProcedure(
    const std::string& code) const {
  auto it = procedures_.find(code);
  return it == procedures_.end() ? nullptr : &it->second;
}

std::vector<std::string> ReferenceData::Ancestors(const std::string& id) const {
  std::vector<std::string> out;
  const UnitInfo* u = FindUnit(id);
  while (u != nullptr && !u->parent.empty()) {
    out.push_back(u->parent);
    u = FindUnit(u->parent);
  }
  return out;
}

ReferenceCatalog::ReferenceCatalog(ReferenceFiles files,
                                   const core::Clock& clock,
                                   ReferenceListener* listener)
    : files_(std::move(files)), clock_(clock), listener_(listener) {}

absl::StatusOr<std::pair<std::string, std::string>>
ReferenceCatalog::ReadFiles() const {
  std::pair<std::string, std::string> content;
  if (!files_.units_file.empty()) {
    absl::StatusOr<std::string> text = ReadFile(files_.units_file);
    if (!text.ok()) return text.status();
    content.first = std::move(*text);
  }
  if (!files_.procedures_file.empty()) {
    absl::StatusOr<std::string> text = ReadFile(files_.procedures_file);
    if (!text.ok()) return text.status();
    content.second = std::move(*text);
  }
  return content;
}

absl::StatusOr<std::unique_ptr<ReferenceCatalog>> ReferenceCatalog::Load(
    ReferenceFiles files, const core::Clock& clock,
    ReferenceListener* listener) {
  std::unique_ptr<ReferenceCatalog> catalog(
      new ReferenceCatalog(std::move(files), clock, listener));
  absl::StatusOr<std::pair<std::string, std::string>> content =
      catalog->ReadFiles();
  if (!content.ok()) return content.status();
  absl::StatusOr<ReferenceData> data =
      ReferenceData::Parse(content->first, catalog->files_.units_file,
                           content->second, catalog->files_.procedures_file);
  if (!data.ok()) return data.status();
  absl::MutexLock lock(&catalog->mu_);
  catalog->current_ = std::make_shared<const ReferenceData>(std::move(*data));
  catalog->content_ = std::move(*content);
  catalog->next_check_ = clock.Now() + catalog->files_.reload_interval;
  return catalog;
}

std::shared_ptr<const ReferenceData> ReferenceCatalog::Current() {
  absl::MutexLock lock(&mu_);
  const absl::Time now = clock_.Now();
  if (now < next_check_) return current_;
  next_check_ = now + files_.reload_interval;
  absl::StatusOr<std::pair<std::string, std::string>> content = ReadFiles();
  absl::Status status = content.status();
  if (content.ok()) {
    if (*content == content_) return current_;
    absl::StatusOr<ReferenceData> data =
        ReferenceData::Parse(content->first, files_.units_file, content->second,
                             files_.procedures_file);
    status = data.status();
    if (data.ok()) {
      current_ = std::make_shared<const ReferenceData>(std::move(*data));
      content_ = std::move(*content);
      spdlog::info("reference data reloaded: {} units, {} procedures",
                   current_->unit_count(), current_->procedure_count());
    }
  }
  if (!status.ok()) {
    spdlog::error("reference data not reloaded, keeping the previous data: {}",
                  status.ToString());
    // Do not report the same broken content at every interval.
    if (content.ok()) content_ = std::move(*content);
  }
  if (listener_ != nullptr) listener_->Reloaded(status, *current_);
  return current_;
}

}  // namespace giamsat::ingestor
