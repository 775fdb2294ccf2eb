// The synthetic city of the workload generator: a unit hierarchy shaped like
// Hanoi after the two-level local government reform (the city, its
// departments and centres, 126 wards and communes, and their offices and
// one-stop desks) and a catalogue of procedures with the time limits set by
// law. Pure data, deterministic for a seed; written out as the ingestor's
// reference files (deploy/config/reference/*.yaml format) so that the
// ingestor accepts the generated events.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace giamsat::loadgen {

struct Unit {
  std::string id;
  std::string name;
  std::string level;  // city, department, centre, branch, ward, commune, office
  std::string parent;  // empty for the city
  // Share of dossiers this unit resolves late (0.003 for most, several
  // percent for the few poorly performing units).
  double late_rate = 0;
  // Relative size: how many dossiers a ward or department receives.
  double weight = 1;
};

// Where a procedure is handled.
enum class Tier { kWard, kDepartment };

struct Procedure {
  std::string code;  // in the national catalogue's format, sample values
  std::string name;
  std::string field;
  int working_days = 0;   // exactly one of working_days / working_hours
  int working_hours = 0;  // same-day procedures: 8
  bool internal = false;
  Tier tier = Tier::kWard;
  std::string department;  // the department's id suffix for kDepartment
  // Processing steps after acceptance, each held by an office of the
  // handling unit or, for inter-agency (liên thông) procedures, another unit.
  int steps = 0;
  bool inter_agency = false;
  bool fee_bearing = false;
  double weight = 1;  // relative arrival volume
  std::string basis;  // the legal text that sets the limit
};

struct City {
  std::vector<Unit> units;
  // Indexes into `units`.
  std::vector<size_t> local;        // wards and communes
  std::vector<size_t> departments;  // departments and centres
};

// The city with `localities` wards and communes (126 in Hanoi) and up to
// `departments` departments (about 30); `seed` picks the few poorly
// performing units and the units' sizes.
City HanoiCity(uint64_t seed, int localities = 126, int departments = 30);

const std::vector<Procedure>& ProcedureCatalogue();

// The ingestor's reference files (units.yaml / procedures.yaml format).
std::string UnitsYaml(const City& city);
std::string ProceduresYaml(const std::vector<Procedure>& procedures);

// Suffixes of the offices every ward / commune has.
inline constexpr const char* kOneStopDesk = ".MC";  // bộ phận một cửa
inline constexpr const char* kCultureOffice = ".VHXH";
inline constexpr const char* kEconomyOffice = ".KT";
// The land registration office branch serving a ward (inter-agency steps).
inline constexpr const char* kLandRegistry = "HN.SO.NNMT.VPDKDD";

}  // namespace giamsat::loadgen
