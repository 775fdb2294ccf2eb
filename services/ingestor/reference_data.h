// Reference data the ingestor validates against: the government units (with
// their parent, for the hierarchy city -> department / ward -> office) and
// the administrative procedures (code, field, legal duration), read from
// YAML files (deploy/config/reference/*.yaml; format in docs/ingestion.md).
//
// ReferenceData is an immutable snapshot. ReferenceCatalog holds the current
// snapshot and reloads the files without a restart: at most once per
// reload interval (measured on the injected clock) Current() re-reads them,
// and when their content changed and parses it swaps the new snapshot in;
// a file that does not parse keeps the previous snapshot, is logged and
// counted. Empty file paths mean "no data of that kind": the matching
// checks are skipped. ReferenceCatalog is safe for concurrent use.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/core/clock.h"

namespace giamsat::ingestor {

struct UnitInfo {
  std::string id;
  std::string name;
  // Empty for a root (the city).
  std::string parent;
  // "city", "department", "ward", "commune", "centre", "branch", "office".
  std::string level;
};

struct ProcedureInfo {
  std::string code;
  std::string name;
  // Field (lĩnh vực) code, e.g. "ho-tich".
  std::string field;
  // The legal limit: exactly one of the two is non-zero.
  uint32_t working_days = 0;
  uint32_t working_hours = 0;
  bool internal = false;
};

class ReferenceData {
 public:
  // Parses the two YAML documents (either may be empty: no data of that
  // kind). InvalidArgument naming the origin, the entry and the problem.
  static absl::StatusOr<ReferenceData> Parse(
      const std::string& units_yaml, const std::string& units_origin,
      const std::string& procedures_yaml, const std::string& procedures_origin);

  bool has_units() const { return has_units_; }
  bool has_procedures() const { return has_procedures_; }
  size_t unit_count() const { return units_.size(); }
  size_t procedure_count() const { return procedures_.size(); }
  const UnitInfo* FindUnit(const std::string& id) const;
  const ProcedureInfo* FindProcedure(const std::string& code) const;
  // The unit's ancestors, nearest first (empty for a root or unknown id).
  std::vector<std::string> Ancestors(const std::string& id) const;

 private:
  bool has_units_ = false;
  bool has_procedures_ = false;
  std::map<std::string, UnitInfo, std::less<>> units_;
  std::map<std::string, ProcedureInfo, std::less<>> procedures_;
};

struct ReferenceFiles {
  std::string units_file;
  std::string procedures_file;
  absl::Duration reload_interval = absl::Seconds(30);
};

// Told about every reload attempt that found changed files.
class ReferenceListener {
 public:
  virtual ~ReferenceListener() = default;
  virtual void Reloaded(const absl::Status& status,
                        const ReferenceData& current) = 0;
};

class ReferenceCatalog {
 public:
  // Reads and parses the files now; the error names the file.
  static absl::StatusOr<std::unique_ptr<ReferenceCatalog>> Load(
      ReferenceFiles files, const core::Clock& clock,
      ReferenceListener* listener = nullptr);

  // The current snapshot (reloading first when the interval has passed).
  std::shared_ptr<const ReferenceData> Current();

 private:
  ReferenceCatalog(ReferenceFiles files, const core::Clock& clock,
                   ReferenceListener* listener);
  // Reads both files; their content joined, or the error naming the file.
  absl::StatusOr<std::pair<std::string, std::string>> ReadFiles() const;

  const ReferenceFiles files_;
  const core::Clock& clock_;
  ReferenceListener* const listener_;
  absl::Mutex mu_;
  std::shared_ptr<const ReferenceData> current_ ABSL_GUARDED_BY(mu_);
  std::pair<std::string, std::string> content_ ABSL_GUARDED_BY(mu_);
  absl::Time next_check_ ABSL_GUARDED_BY(mu_);
};

}  // namespace giamsat::ingestor
