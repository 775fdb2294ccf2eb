#include "common/calendar/calendar.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/calendar/vietnam_time.h"

namespace giamsat::calendar {
namespace {

constexpr int64_t kMaxEntryDays = 31;
constexpr size_t kMaxYears = 100;

std::string DayText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

bool InWeek(const std::vector<absl::Weekday>& week, absl::CivilDay day) {
  return std::find(week.begin(), week.end(), absl::GetWeekday(day)) !=
         week.end();
}

// Listed days while resolving: civil day -> index into the entries vector.
using DayMap = std::map<absl::CivilDay, int32_t>;

class Resolver {
 public:
  Resolver(const std::vector<absl::Weekday>& week,
           const std::map<std::string, Source>& sources,
           std::vector<CalendarEntry>* entries, DayMap* days)
      : week_(week), sources_(sources), entries_(entries), days_(days) {}

  absl::Status AddOff(const OffEntry& e, int year, const std::string& origin) {
    const std::string where = absl::StrCat(
        origin, " ", year, " off day ", DayText(e.first), " (", e.name_en, ")");
    if (absl::Status s = CheckCommon(e.name_vi, e.name_en, e.source, where);
        !s.ok()) {
      return s;
    }
    if (e.last < e.first || e.last - e.first >= kMaxEntryDays) {
      return absl::InvalidArgumentError(
          absl::StrCat(where,
                       ": range ends before it starts or is longer "
                       "than 31 days"));
    }
    if (e.first.year() != year || e.last.year() != year) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": lies outside year ", year));
    }
    CalendarEntry entry;
    entry.worked = false;
    entry.off_kind = e.kind;
    entry.first = e.first;
    entry.last = e.last;
    entry.name_vi = e.name_vi;
    entry.name_en = e.name_en;
    entry.source = e.source;
    entry.note = e.note;
    entry.origin = origin;
    entry.provisional = e.provisional;
    const int32_t index = static_cast<int32_t>(entries_->size());
    for (absl::CivilDay d = e.first; d <= e.last; ++d) {
      if (days_->contains(d)) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": ", DayText(d), " is already listed"));
      }
      if ((e.kind == OffKind::kCompensatory || e.kind == OffKind::kSwapped) &&
          !InWeek(week_, d)) {
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": ", DayText(d),
            " is outside the working week, so it cannot be a compensatory "
            "or swapped day off"));
      }
      (*days_)[d] = index;
    }
    entries_->push_back(std::move(entry));
    return absl::OkStatus();
  }

  absl::Status AddWorked(const WorkedEntry& e, int year,
                         const std::string& origin) {
    const std::string where =
        absl::StrCat(origin, " ", year, " worked day ", DayText(e.day), " (",
                     e.name_en, ")");
    if (absl::Status s = CheckCommon(e.name_vi, e.name_en, e.source, where);
        !s.ok()) {
      return s;
    }
    if (e.day.year() != year) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": lies outside year ", year));
    }
    if (InWeek(week_, e.day)) {
      return absl::InvalidArgumentError(absl::StrCat(
          where,
          ": is already in the working week; only days outside it can "
          "be make-up working days"));
    }
    if (days_->contains(e.day)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": ", DayText(e.day), " is already listed"));
    }
    CalendarEntry entry;
    entry.worked = true;
    entry.first = e.day;
    entry.last = e.day;
    entry.replaces = e.replaces;
    entry.name_vi = e.name_vi;
    entry.name_en = e.name_en;
    entry.source = e.source;
    entry.note = e.note;
    entry.origin = origin;
    entry.provisional = e.provisional;
    (*days_)[e.day] = static_cast<int32_t>(entries_->size());
    entries_->push_back(std::move(entry));
    return absl::OkStatus();
  }

  absl::Status Remove(absl::CivilDay day, bool worked, const std::string& who) {
    auto it = days_->find(day);
    if (it == days_->end() || (*entries_)[it->second].worked != worked) {
      return absl::InvalidArgumentError(absl::StrCat(
          who, " removes ", DayText(day), ", which is not a listed ",
          worked ? "worked day" : "day off"));
    }
    days_->erase(it);
    return absl::OkStatus();
  }

 private:
  absl::Status CheckCommon(const std::string& name_vi,
                           const std::string& name_en,
                           const std::string& source,
                           const std::string& where) const {
    if (name_vi.empty() || name_en.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": needs a Vietnamese and an English name"));
    }
    if (source.empty() || !sources_.contains(source)) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": source '", source, "' is missing or not in sources"));
    }
    return absl::OkStatus();
  }

  const std::vector<absl::Weekday>& week_;
  const std::map<std::string, Source>& sources_;
  std::vector<CalendarEntry>* entries_;
  DayMap* days_;
};

absl::Status ValidateOfficeHours(const OfficeHours& hours,
                                 const std::map<std::string, Source>& sources,
                                 const std::string& where) {
  if (!hours.source.empty() && !sources.contains(hours.source)) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": office hours source '", hours.source, "' is not in sources"));
  }
  for (const SeasonalHours& season : hours.seasonal) {
    if (season.from_month < 1 || season.from_month > 12 ||
        season.to_month < 1 || season.to_month > 12 || season.from_day < 1 ||
        season.from_day > 31 || season.to_day < 1 || season.to_day > 31) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": seasonal hours '", season.name, "' have a bad month-day"));
    }
  }
  return absl::OkStatus();
}

// FNV-1a, 64 bit: stable across processes and builds (unlike absl::Hash).
class Fnv1a {
 public:
  void Add(absl::string_view s) {
    for (unsigned char c : s) {
      hash_ ^= c;
      hash_ *= 1099511628211ull;
    }
    hash_ ^= 0xff;  // field separator
    hash_ *= 1099511628211ull;
  }
  void Add(int64_t v) { Add(absl::string_view(absl::StrCat(v))); }
  uint64_t value() const { return hash_; }

 private:
  uint64_t hash_ = 14695981039346656037ull;
};

void HashSchedule(const DaySchedule& s, Fnv1a* h) {
  for (const OfficeSegment& seg : s.segments()) {
    h->Add(int64_t{seg.open_second});
    h->Add(int64_t{seg.close_second});
  }
}

}  // namespace

absl::StatusOr<Calendar> Calendar::Build(
    const CalendarSpec& base, const std::vector<CalendarOverride>& overrides) {
  if (base.id.empty()) {
    return absl::InvalidArgumentError("calendar needs an id");
  }
  if (base.years.empty() || base.years.size() > kMaxYears) {
    return absl::InvalidArgumentError(
        absl::StrCat("calendar ", base.id, " needs 1 to 100 years"));
  }
  if (base.working_week.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("calendar ", base.id, " has an empty working week"));
  }
  Calendar cal;
  cal.id_ = base.id;
  cal.name_vi_ = base.name_vi;
  cal.name_en_ = base.name_en;
  cal.working_week_ = base.working_week;
  cal.office_hours_ = base.office_hours;
  cal.start_policy_ = base.start_policy;
  cal.sources_ = base.sources;
  for (const CalendarOverride& o : overrides) {
    for (const auto& [key, source] : o.sources) {
      if (cal.sources_.contains(key) &&
          !(cal.sources_[key].title == source.title)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "override ", o.id, " redefines source '", key, "' differently"));
      }
      cal.sources_[key] = source;
    }
  }
  if (absl::Status s =
          ValidateOfficeHours(cal.office_hours_, cal.sources_, base.id);
      !s.ok()) {
    return s;
  }

  std::vector<const YearSpec*> years;
  for (const YearSpec& y : base.years) years.push_back(&y);
  std::sort(
      years.begin(), years.end(),
      [](const YearSpec* a, const YearSpec* b) { return a->year < b->year; });
  for (size_t i = 1; i < years.size(); ++i) {
    if (years[i]->year != years[i - 1]->year + 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "calendar ", base.id, " years must be contiguous and unique; found ",
          years[i - 1]->year, " then ", years[i]->year));
    }
  }

  DayMap days;
  Resolver resolver(cal.working_week_, cal.sources_, &cal.entries_, &days);
  for (const YearSpec* y : years) {
    cal.years_.push_back(
        YearVersion{y->year, y->revision, y->provisional, y->note});
    for (const OffEntry& e : y->off) {
      if (absl::Status s = resolver.AddOff(e, y->year, base.id); !s.ok()) {
        return s;
      }
    }
    for (const WorkedEntry& e : y->worked) {
      if (absl::Status s = resolver.AddWorked(e, y->year, base.id); !s.ok()) {
        return s;
      }
    }
  }

  for (const CalendarOverride& o : overrides) {
    if (o.id.empty()) return absl::InvalidArgumentError("override needs an id");
    if (o.extends != base.id) {
      return absl::InvalidArgumentError(
          absl::StrCat("override ", o.id, " extends '", o.extends,
                       "', not calendar '", base.id, "'"));
    }
    cal.id_ = absl::StrCat(cal.id_, "+", o.id);
    if (o.office_hours.has_value()) {
      if (absl::Status s =
              ValidateOfficeHours(*o.office_hours, cal.sources_, o.id);
          !s.ok()) {
        return s;
      }
      cal.office_hours_ = *o.office_hours;
    }
    if (o.start_policy.has_value()) cal.start_policy_ = *o.start_policy;
    for (const YearOverride& yo : o.years) {
      auto year_it =
          std::find_if(cal.years_.begin(), cal.years_.end(),
                       [&](const YearVersion& v) { return v.year == yo.year; });
      if (year_it == cal.years_.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("override ", o.id, " changes year ", yo.year,
                         ", which calendar ", base.id, " does not have"));
      }
      absl::StrAppend(&year_it->revision, "+", o.id,
                      yo.revision.empty() ? "" : "@", yo.revision);
      const std::string who = absl::StrCat("override ", o.id, " ", yo.year);
      for (absl::CivilDay d : yo.remove_off) {
        if (absl::Status s = resolver.Remove(d, false, who); !s.ok()) return s;
      }
      for (absl::CivilDay d : yo.remove_worked) {
        if (absl::Status s = resolver.Remove(d, true, who); !s.ok()) return s;
      }
      for (const OffEntry& e : yo.add_off) {
        if (absl::Status s = resolver.AddOff(e, yo.year, o.id); !s.ok()) {
          return s;
        }
      }
      for (const WorkedEntry& e : yo.add_worked) {
        if (absl::Status s = resolver.AddWorked(e, yo.year, o.id); !s.ok()) {
          return s;
        }
      }
    }
  }

  // A make-up day that replaces a day must replace a listed day off.
  for (const auto& [day, index] : days) {
    const CalendarEntry& e = cal.entries_[index];
    if (!e.worked || !e.replaces.has_value()) continue;
    auto it = days.find(*e.replaces);
    if (it == days.end() || cal.entries_[it->second].worked) {
      return absl::InvalidArgumentError(absl::StrCat(
          "worked day ", DayText(day), " replaces ", DayText(*e.replaces),
          ", which is not a listed day off"));
    }
  }

  // Per-day table.
  const absl::CivilDay first(years.front()->year, 1, 1);
  const absl::CivilDay end(years.back()->year + 1, 1, 1);
  std::vector<DaySchedule> schedules = {cal.office_hours_.standard};
  for (const SeasonalHours& season : cal.office_hours_.seasonal) {
    schedules.push_back(season.hours);
  }
  std::vector<internal::DayTable::DayInput> inputs;
  inputs.reserve(end - first);
  cal.day_entry_.reserve(end - first);
  cal.day_provisional_.reserve(end - first);
  for (absl::CivilDay d = first; d < end; ++d) {
    auto it = days.find(d);
    const CalendarEntry* entry =
        it == days.end() ? nullptr : &cal.entries_[it->second];
    const bool working =
        entry != nullptr ? entry->worked : InWeek(cal.working_week_, d);
    int schedule = -1;
    if (working) {
      schedule = 0;
      for (size_t s = 0; s < cal.office_hours_.seasonal.size(); ++s) {
        if (cal.office_hours_.seasonal[s].Contains(d)) {
          schedule = static_cast<int>(s) + 1;
          break;
        }
      }
    }
    const bool provisional = (entry != nullptr && entry->provisional) ||
                             cal.years_[d.year() - first.year()].provisional;
    inputs.push_back({schedule, provisional});
    cal.day_entry_.push_back(it == days.end() ? -1 : it->second);
    cal.day_provisional_.push_back(provisional ? 1 : 0);
  }
  cal.table_ = internal::DayTable(first, inputs, std::move(schedules));

  // Fingerprint over a canonical walk of everything that defines the version.
  Fnv1a h;
  h.Add(cal.id_);
  for (absl::Weekday w : cal.working_week_) h.Add(int64_t{static_cast<int>(w)});
  HashSchedule(cal.office_hours_.standard, &h);
  for (const SeasonalHours& season : cal.office_hours_.seasonal) {
    h.Add(season.name);
    h.Add(int64_t{season.from_month * 100 + season.from_day});
    h.Add(int64_t{season.to_month * 100 + season.to_day});
    HashSchedule(season.hours, &h);
  }
  h.Add(absl::ToInt64Seconds(cal.start_policy_.cutoff));
  h.Add(LateDayPolicyName(cal.start_policy_.late_day_policy));
  for (const YearVersion& y : cal.years_) {
    h.Add(int64_t{y.year});
    h.Add(y.revision);
    h.Add(int64_t{y.provisional ? 1 : 0});
  }
  for (const auto& [day, index] : days) {
    const CalendarEntry& e = cal.entries_[index];
    h.Add(DayText(day));
    h.Add(int64_t{e.worked ? 1 : 0});
    h.Add(OffKindName(e.off_kind));
    h.Add(e.name_vi);
    h.Add(e.name_en);
    h.Add(e.source);
    h.Add(e.origin);
    h.Add(int64_t{e.provisional ? 1 : 0});
    h.Add(e.replaces.has_value() ? DayText(*e.replaces) : "");
  }
  cal.fingerprint_ = h.value();
  return cal;
}

std::string Calendar::VersionLabel() const {
  return absl::StrCat(id_, "[",
                      absl::StrJoin(years_, ", ",
                                    [](std::string* out, const YearVersion& y) {
                                      absl::StrAppend(
                                          out, y.year, ":", y.revision,
                                          y.provisional ? " provisional" : "");
                                    }),
                      "]");
}

bool Calendar::Covers(absl::CivilDay day) const {
  return table_.IndexOfEpochDay(EpochDayNumber(day)) >= 0;
}

absl::Status Calendar::OutOfRange(absl::CivilDay day,
                                  absl::string_view what) const {
  return absl::OutOfRangeError(absl::StrCat(
      what, " needs ", DayText(day), ", but calendar ", id_, " covers only ",
      DayText(first_day()), " to ", DayText(last_day())));
}

absl::StatusOr<bool> Calendar::IsWorkingDay(absl::CivilDay day) const {
  const int64_t index = table_.IndexOfEpochDay(EpochDayNumber(day));
  if (index < 0) return OutOfRange(day, "IsWorkingDay");
  return table_.IsWorking(index);
}

absl::StatusOr<DayInfo> Calendar::Day(absl::CivilDay day) const {
  const int64_t index = table_.IndexOfEpochDay(EpochDayNumber(day));
  if (index < 0) return OutOfRange(day, "Day");
  return DayAtIndex(index);
}

DayInfo Calendar::DayAtIndex(int64_t index) const {
  DayInfo info;
  info.day = table_.DayAt(index);
  info.in_working_week = InWorkingWeek(info.day);
  info.working = table_.IsWorking(index);
  info.provisional = day_provisional_[index] != 0;
  if (day_entry_[index] >= 0) info.entry = &entries_[day_entry_[index]];
  if (info.working) info.hours = &table_.ScheduleOf(index);
  if (info.entry == nullptr) {
    info.reason =
        info.in_working_week ? DayReason::kWorkingDay : DayReason::kWeekend;
  } else if (info.entry->worked) {
    info.reason = DayReason::kMakeupDay;
  } else {
    switch (info.entry->off_kind) {
      case OffKind::kHoliday:
        info.reason = DayReason::kHoliday;
        break;
      case OffKind::kCompensatory:
        info.reason = DayReason::kCompensatory;
        break;
      case OffKind::kSwapped:
        info.reason = DayReason::kSwapped;
        break;
      case OffKind::kOther:
        info.reason = DayReason::kOtherOff;
        break;
    }
  }
  return info;
}

const YearVersion* Calendar::Year(int year) const {
  for (const YearVersion& y : years_) {
    if (y.year == year) return &y;
  }
  return nullptr;
}

bool Calendar::InWorkingWeek(absl::CivilDay day) const {
  return InWeek(working_week_, day);
}

absl::Duration Calendar::StandardDayLength() const {
  return absl::Nanoseconds(office_hours_.standard.working_nanos());
}

absl::string_view DayReasonName(DayReason reason) {
  switch (reason) {
    case DayReason::kWorkingDay:
      return "working_day";
    case DayReason::kMakeupDay:
      return "makeup_day";
    case DayReason::kWeekend:
      return "weekend";
    case DayReason::kHoliday:
      return "holiday";
    case DayReason::kCompensatory:
      return "compensatory";
    case DayReason::kSwapped:
      return "swapped";
    case DayReason::kOtherOff:
      return "other_off";
  }
  return "unknown";
}

absl::string_view OffKindName(OffKind kind) {
  switch (kind) {
    case OffKind::kHoliday:
      return "holiday";
    case OffKind::kCompensatory:
      return "compensatory";
    case OffKind::kSwapped:
      return "swapped";
    case OffKind::kOther:
      return "other";
  }
  return "unknown";
}

}  // namespace giamsat::calendar
