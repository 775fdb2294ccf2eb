// Contract: a resolved, immutable legal working calendar: one base
// CalendarSpec with zero or more CalendarOverrides applied in order, turned
// into a per-day table covering 1 January of its first year to 31 December
// of its last year. A day is a working day when it is in the working week and
// not listed off, or when it is listed as a worked make-up day:
//   working_day(d) = (d in working week and d not in off days) or d in worked.
// Build() validates the data and returns InvalidArgument naming the faulty
// entry. Queries about days outside the covered years return OutOfRange; no
// day is ever guessed. Thread-safe after construction (share it as
// std::shared_ptr<const Calendar>). Deadline arithmetic lives in
// working_time.h and deadline.h.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/calendar/calendar_spec.h"
#include "common/calendar/internal/day_table.h"
#include "common/calendar/office_hours.h"
#include "common/calendar/start_policy.h"

namespace giamsat::calendar {

// Why a day is, or is not, a working day.
enum class DayReason {
  kWorkingDay,    // in the working week, nothing listed
  kMakeupDay,     // worked although outside the working week (làm bù)
  kWeekend,       // outside the working week, nothing listed
  kHoliday,       // listed off: statutory holiday
  kCompensatory,  // listed off: compensatory day (nghỉ bù)
  kSwapped,       // listed off: swapped for a worked Saturday (hoán đổi)
  kOtherOff,      // listed off: other decision
};

// A listed day (or run of days) after overrides, with its provenance.
struct CalendarEntry {
  bool worked = false;  // true: make-up working day; false: day off
  OffKind off_kind = OffKind::kHoliday;
  absl::CivilDay first;
  absl::CivilDay last;
  std::optional<absl::CivilDay> replaces;
  std::string name_vi;
  std::string name_en;
  std::string source;  // key into Calendar::sources()
  std::string note;
  std::string origin;  // id of the calendar or override that listed it
  bool provisional = false;
};

struct DayInfo {
  absl::CivilDay day;
  bool working = false;
  bool in_working_week = false;
  DayReason reason = DayReason::kWorkingDay;
  const CalendarEntry* entry = nullptr;  // owned by the Calendar; may be null
  bool provisional = false;              // entry or whole year provisional
  const DaySchedule* hours = nullptr;    // null unless working
};

// Version of one year's data in this calendar.
struct YearVersion {
  int year = 0;
  std::string revision;  // base revision, then "+<override>@<rev>" per change
  bool provisional = false;
  std::string note;
};

class Calendar {
 public:
  static absl::StatusOr<Calendar> Build(
      const CalendarSpec& base,
      const std::vector<CalendarOverride>& overrides = {});

  // "vn-public-sector" or "vn-public-sector+vn-culture-day".
  const std::string& id() const { return id_; }
  const std::string& name_vi() const { return name_vi_; }
  const std::string& name_en() const { return name_en_; }
  // id plus per-year revisions, e.g. "vn-public-sector[2024:r1,...]".
  std::string VersionLabel() const;
  // Stable 64-bit FNV-1a hash of everything that defines this version (days,
  // labels, hours, revisions). Equal fingerprints mean equal calendars.
  uint64_t fingerprint() const { return fingerprint_; }

  absl::CivilDay first_day() const { return table_.first_day(); }
  absl::CivilDay last_day() const { return table_.last_day(); }
  bool Covers(absl::CivilDay day) const;

  absl::StatusOr<bool> IsWorkingDay(absl::CivilDay day) const;
  absl::StatusOr<DayInfo> Day(absl::CivilDay day) const;

  const std::vector<YearVersion>& years() const { return years_; }
  const YearVersion* Year(int year) const;
  const std::vector<CalendarEntry>& entries() const { return entries_; }
  const std::map<std::string, Source>& sources() const { return sources_; }
  const std::vector<absl::Weekday>& working_week() const {
    return working_week_;
  }
  bool InWorkingWeek(absl::CivilDay day) const;
  const OfficeHours& office_hours() const { return office_hours_; }
  // Length of a standard working day (8 h by default): the unit of a
  // "working day" in HOURS mode.
  absl::Duration StandardDayLength() const;
  const StartPolicy& default_start_policy() const { return start_policy_; }

  // Low-level table for the arithmetic in this library.
  const internal::DayTable& table() const { return table_; }
  // DayInfo for a table index (no range check).
  DayInfo DayAtIndex(int64_t index) const;
  // OutOfRange error naming the calendar and its coverage.
  absl::Status OutOfRange(absl::CivilDay day, absl::string_view what) const;

 private:
  Calendar() = default;

  std::string id_;
  std::string name_vi_;
  std::string name_en_;
  std::vector<absl::Weekday> working_week_;
  OfficeHours office_hours_;
  StartPolicy start_policy_;
  std::map<std::string, Source> sources_;
  std::vector<YearVersion> years_;
  std::vector<CalendarEntry> entries_;
  std::vector<int32_t> day_entry_;  // per table day: index into entries_
  std::vector<uint8_t> day_provisional_;
  internal::DayTable table_;
  uint64_t fingerprint_ = 0;
};

absl::string_view DayReasonName(DayReason reason);
absl::string_view OffKindName(OffKind kind);

}  // namespace giamsat::calendar
