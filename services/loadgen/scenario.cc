#include "services/loadgen/scenario.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/calendar/deadline.h"
#include "common/calendar/vietnam_time.h"
#include "common/calendar/working_time.h"
#include "common/core/proto_time.h"
#include "nlohmann/json.hpp"

namespace giamsat::loadgen {
namespace {

using core::ToProto;

struct Scheduled {
  absl::Time at;
  uint64_t seq;
  v1::Event event;
};
struct Later {
  bool operator()(const Scheduled& a, const Scheduled& b) const {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }
};

absl::Duration Scale(absl::Duration d, double f) {
  return absl::Seconds(static_cast<int64_t>(absl::ToDoubleSeconds(d) * f));
}

}  // namespace

class Generator::Impl {
 public:
  Impl(std::shared_ptr<const calendar::Calendar> cal, ScenarioOptions options)
      : cal_(std::move(cal)),
        options_(std::move(options)),
        city_(HanoiCity(options_.seed, options_.localities,
                        options_.departments)),
        rng_(options_.seed) {
    std::vector<double> w;
    for (size_t i : city_.local) w.push_back(city_.units[i].weight);
    pick_local_ = std::discrete_distribution<size_t>(w.begin(), w.end());
    for (size_t i = 0; i < city_.units.size(); ++i) {
      index_[city_.units[i].id] = i;
    }
    std::vector<double> pw;
    for (const Procedure& p : ProcedureCatalogue()) {
      const bool usable = p.tier == Tier::kWard ||
                          index_.contains(absl::StrCat("HN.", p.department));
      if (usable) procedures_.push_back(&p);
      if (usable) pw.push_back(p.weight);
    }
    pick_procedure_ = std::discrete_distribution<size_t>(pw.begin(), pw.end());
  }

  const City& city() const { return city_; }

  absl::StatusOr<Description> Run(const Sink& sink) {
    Description d;
    d.options = options_;
    const absl::CivilDay first = calendar::VietnamDay(options_.start);
    // `end` is exclusive: at midnight, the day it starts gets nothing.
    const absl::CivilDay last =
        calendar::VietnamDay(options_.end - absl::Nanoseconds(1));
    // Day weights: working days 1 (1.5 in the last three working days of a
    // month), other days 0.05 (online submissions only).
    std::vector<double> weights;
    for (absl::CivilDay day = first; day <= last; ++day) {
      absl::StatusOr<bool> working = cal_->IsWorkingDay(day);
      if (!working.ok()) return working.status();
      double w = *working ? 1.0 : 0.05;
      if (*working && MonthEnd(day)) w = 1.5;
      weights.push_back(w);
    }
    double total = 0;
    for (double w : weights) total += w;
    // Arrivals up to day i: the cumulative share of the total, rounded, so
    // that the last day brings the count to exactly options_.dossiers.
    const double feedback_total =
        static_cast<double>(options_.dossiers) * options_.feedback_per_dossier;
    double cumulative = 0;
    int64_t arrived = 0, feedback_arrived = 0;
    int i = 0;
    for (absl::CivilDay day = first; day <= last; ++day, ++i) {
      cumulative += weights[i];
      const double share = cumulative / total;
      const int64_t n =
          std::llround(static_cast<double>(options_.dossiers) * share) -
          arrived;
      const int64_t nf =
          std::llround(feedback_total * share) - feedback_arrived;
      arrived += n;
      feedback_arrived += nf;
      const bool working = weights[i] >= 1.0;
      for (int64_t k = 0; k < n; ++k) {
        absl::Status s = PlanDossier(day, working, d);
        if (!s.ok()) return s;
      }
      for (int64_t k = 0; k < nf; ++k) {
        absl::Status s = PlanFeedback(day, d);
        if (!s.ok()) return s;
      }
      const absl::Time until =
          std::min(calendar::StartOfVietnamDay(day + 1), options_.end);
      while (!queue_.empty() && queue_.top().at < until) {
        ++d.events;
        absl::Status s = sink(queue_.top().event);
        if (!s.ok()) return s;
        queue_.pop();
      }
    }
    return d;
  }

 private:
  bool MonthEnd(absl::CivilDay day) {
    int later_working = 0;
    for (absl::CivilDay n = day + 1; n.month() == day.month(); ++n) {
      absl::StatusOr<bool> w = cal_->IsWorkingDay(n);
      if (w.ok() && *w) ++later_working;
    }
    return later_working < 3;
  }

  double U() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  int64_t Int(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }

  // A time of `day`: office hours (busier in the morning) or, for online
  // submissions, 06:00-23:00.
  absl::Time ArrivalTime(absl::CivilDay day, bool office_hours) {
    int minute;
    if (office_hours) {
      const bool morning = U() < 0.6;
      minute = morning ? Int(8 * 60, 11 * 60 + 59) : Int(13 * 60, 16 * 60 + 59);
    } else {
      minute = Int(6 * 60, 22 * 60 + 59);
    }
    return calendar::FromVietnamCivil(
        absl::CivilSecond(day.year(), day.month(), day.day(), minute / 60,
                          minute % 60, Int(0, 59)));
  }

  // Moves `t` to the next working instant when that stays before `limit`.
  absl::Time Snap(absl::Time t, absl::Time limit) {
    absl::StatusOr<absl::Time> w = calendar::NextWorkingInstant(*cal_, t);
    return w.ok() && *w < limit ? *w : t;
  }

  v1::Event Base(const std::string& event_id, const std::string& unit,
                 absl::Time at) {
    v1::Event e;
    e.set_event_id(event_id);
    e.set_source_system(options_.source_system);
    e.set_unit_id(unit);
    *e.mutable_occurred_at() = ToProto(at);
    return e;
  }

  void Schedule(v1::Event e, absl::Time at, Description& d) {
    if (at >= options_.end) return;
    const std::string kind =
        e.has_dossier() ? v1::DossierEventKind_Name(e.dossier().kind())
                        : v1::FeedbackEventKind_Name(e.feedback().kind());
    ++d.by_kind[kind];
    queue_.push({at, seq_++, std::move(e)});
  }

  absl::StatusOr<absl::Time> Due(absl::Time start, const Procedure& p) {
    absl::StatusOr<calendar::Deadline> due =
        p.working_hours > 0
            ? calendar::DueTime(*cal_, start,
                                calendar::Limit::WorkingHours(p.working_hours),
                                calendar::CountingMode::kHours)
            : calendar::DueTime(*cal_, start,
                                calendar::Limit::WorkingDays(p.working_days),
                                calendar::CountingMode::kDays);
    if (!due.ok()) return due.status();
    return due->due;
  }

  absl::Status PlanDossier(absl::CivilDay day, bool working_day,
                           Description& d) {
    const Procedure& p = *procedures_[pick_procedure_(rng_)];
    const Unit& unit =
        p.tier == Tier::kWard
            ? city_.units[city_.local[pick_local_(rng_)]]
            : city_.units[index_.at(absl::StrCat("HN.", p.department))];
    const double c = U();
    const v1::Channel channel = !working_day || c < 0.6 ? v1::CHANNEL_ONLINE
                                : c < 0.98              ? v1::CHANNEL_DIRECT
                                                        : v1::CHANNEL_POSTAL;
    const bool office_hours = channel != v1::CHANNEL_ONLINE || U() < 0.75;
    // The first and last days may be cut short by start / end: draw again.
    absl::Time accepted = ArrivalTime(day, office_hours && working_day);
    for (int i = 0;
         i < 50 && (accepted < options_.start || accepted >= options_.end);
         ++i) {
      accepted = ArrivalTime(day, office_hours && working_day);
    }
    if (accepted < options_.start || accepted >= options_.end) {
      return absl::OkStatus();
    }
    const std::string id = absl::StrCat(options_.id_prefix, "D", d.dossiers++);
    absl::StatusOr<absl::Time> due0 = Due(accepted, p);
    if (!due0.ok()) return due0.status();
    UnitFigures& f = d.units[unit.id];
    ++f.received;
    ++d.by_procedure[p.code];
    ++d.by_channel[v1::Channel_Name(channel)];

    int n = 0;
    auto event = [&](v1::DossierEventKind kind, const std::string& holder,
                     absl::Time at) {
      v1::Event e = Base(absl::StrCat(id, "-", ++n), holder, at);
      e.mutable_dossier()->set_dossier_id(id);
      e.mutable_dossier()->set_kind(kind);
      return e;
    };
    v1::Event r = event(v1::DOSSIER_RECEIVED, unit.id, accepted);
    v1::DossierEvent* rd = r.mutable_dossier();
    rd->set_procedure_code(p.code);
    rd->set_field_code(p.field);
    rd->set_internal_procedure(p.internal);
    if (p.working_hours > 0) {
      rd->mutable_legal_duration()->set_working_hours(p.working_hours);
    } else {
      rd->mutable_legal_duration()->set_working_days(p.working_days);
    }
    rd->set_channel(channel);
    *rd->mutable_appointment_at() = ToProto(*due0);
    const bool online = channel == v1::CHANNEL_ONLINE;
    rd->set_full_process_online(online && U() < 0.5);
    rd->set_paid_online(online && p.fee_bearing && U() < 0.6);
    rd->set_fee_bearing(p.fee_bearing);
    rd->set_digitised_input(U() < 0.8);
    rd->set_electronic_result(U() < 0.5);
    rd->set_reused_digitised_data(U() < 0.3);
    Schedule(std::move(r), accepted, d);

    // The clock: restarted by a complete supplement (ND 61/2018 art. 19(4)).
    absl::Time clock_start = accepted;
    absl::Time due = *due0;
    const double fate = U();
    const bool withdrawn = fate < 0.01;
    if (!withdrawn && fate < 0.07) {
      const absl::Time asked =
          accepted + Scale(*due0 - accepted, 0.05 + 0.2 * U());
      absl::Time back = asked + absl::Minutes(Int(4 * 60, 10 * 24 * 60));
      // Still waiting on the citizen at end although due before end: the
      // rules service keeps such a dossier counted overdue when it processes
      // the stream after its due time (it was flagged before the pause
      // arrived), so the citizen answers before end instead.
      if (asked < options_.end && back >= options_.end &&
          *due0 < options_.end) {
        back = asked + (options_.end - asked) / 2;
      }
      Schedule(event(v1::DOSSIER_SUPPLEMENT_REQUESTED, unit.id, asked), asked,
               d);
      if (asked < options_.end) ++f.supplement_requests;
      if (asked < options_.end && back >= options_.end) {
        ++f.open;
        ++f.open_paused;
        return absl::OkStatus();  // waiting on the citizen at end
      }
      Schedule(event(v1::DOSSIER_SUPPLEMENT_RECEIVED, unit.id, back), back, d);
      clock_start = back;
      absl::StatusOr<absl::Time> restarted = Due(back, p);
      if (!restarted.ok()) return restarted.status();
      due = *restarted;
    }
    if (withdrawn) {
      const absl::Time at =
          clock_start + Scale(due - clock_start, 0.1 + 0.4 * U());
      Schedule(event(v1::DOSSIER_WITHDRAWN, unit.id, at), at, d);
      if (at < options_.end) {
        ++f.withdrawn;
      } else {
        Open(f, due);
      }
      return absl::OkStatus();
    }

    bool late = U() < unit.late_rate;
    absl::Time resolved;
    if (late) {
      resolved = Snap(due + absl::Minutes(Int(60, 15 * 24 * 60)),
                      absl::InfiniteFuture());
    } else {
      const absl::Time latest = due - Scale(due - clock_start, 0.1);
      resolved =
          Snap(clock_start + Scale(due - clock_start, 0.2 + 0.7 * U()), latest);
    }
    // Open at end and falling due just after it: resolve it on time before
    // end instead, so that "overdue at end" stays true for a while.
    if (resolved >= options_.end && due >= options_.end &&
        due < options_.end + options_.settle_margin &&
        clock_start < options_.end) {
      late = false;
      resolved = clock_start + (options_.end - clock_start) / 2;
    }

    // Steps between the clock start and the resolution.
    const int steps = p.steps;
    for (int s = 0; s < steps; ++s) {
      std::string holder =
          absl::StrCat(unit.id, p.tier == Tier::kDepartment ? ".NV"
                                : p.field == "ho-tich"      ? kCultureOffice
                                                            : kEconomyOffice);
      if (p.inter_agency && s == 1) {
        holder = p.field == "dat-dai" ? kLandRegistry
                 : index_.contains("HN.CA") && p.tier == Tier::kDepartment
                     ? "HN.CA"
                     : holder;
      }
      const absl::Time from =
          clock_start + (resolved - clock_start) * s / (steps + 1);
      const absl::Time to =
          clock_start + (resolved - clock_start) * (s + 1) / (steps + 1);
      auto step = [&](v1::DossierEventKind kind, absl::Time at) {
        v1::Event e = event(kind, unit.id, at);
        v1::DossierStep* st = e.mutable_dossier()->mutable_step();
        st->set_step_id(absl::StrCat("B", s + 1));
        st->set_unit_id(holder);
        if (p.working_days >= steps + 1) {
          st->mutable_share()->set_working_days(p.working_days / (steps + 1));
        }
        return e;
      };
      Schedule(step(v1::DOSSIER_STEP_STARTED, from), from, d);
      Schedule(step(v1::DOSSIER_STEP_COMPLETED, to), to, d);
    }
    // Most late dossiers get an apology letter before the due time.
    if (late && U() < 0.7) {
      const absl::Time at = due - Scale(due - clock_start, 0.1 + 0.2 * U());
      v1::Event a = event(v1::DOSSIER_APOLOGY_ISSUED, unit.id, at);
      *a.mutable_dossier()->mutable_new_appointment_at() =
          ToProto(resolved + absl::Hours(24));
      a.mutable_dossier()->set_reason(
          "Hồ sơ cần xác minh thêm với cơ quan liên quan");
      Schedule(std::move(a), at, d);
      if (at < options_.end) ++f.apologies;
    }
    if (resolved >= options_.end) {
      Open(f, due);
      return absl::OkStatus();
    }
    v1::Event z = event(v1::DOSSIER_RESOLVED, unit.id, resolved);
    z.mutable_dossier()->set_outcome(U() < 0.97 ? v1::RESOLUTION_APPROVED
                                                : v1::RESOLUTION_REFUSED);
    if (late) {
      z.mutable_dossier()->set_late_cause(U() < 0.6 ? "subjective"
                                                    : "objective");
    }
    Schedule(std::move(z), resolved, d);
    ++f.resolved;
    ++(late ? f.resolved_late : f.resolved_on_time);
    if (U() < 0.85) {
      const absl::Time back = resolved + absl::Minutes(Int(10, 2 * 24 * 60));
      Schedule(event(v1::DOSSIER_RESULT_RETURNED, unit.id, back), back, d);
      if (U() < 0.15) {
        v1::Event rate = event(v1::DOSSIER_SATISFACTION_RATED, unit.id,
                               back + absl::Minutes(Int(1, 600)));
        rate.mutable_dossier()->set_rating(
            static_cast<uint32_t>(late ? Int(1, 4) : Int(3, 5)));
        const absl::Time at = core::FromProto(rate.occurred_at());
        Schedule(std::move(rate), at, d);
      }
    }
    return absl::OkStatus();
  }

  const Unit& AnyDepartment() {
    return city_.units[city_.departments[Int(
        0, static_cast<int64_t>(city_.departments.size()) - 1)]];
  }

  void Open(UnitFigures& f, absl::Time due) {
    ++f.open;
    if (due < options_.end) ++f.open_overdue;
  }

  absl::Status PlanFeedback(absl::CivilDay day, Description& d) {
    const bool to_department = U() < 0.15;
    const Unit& unit = to_department
                           ? AnyDepartment()
                           : city_.units[city_.local[pick_local_(rng_)]];
    absl::Time received = ArrivalTime(day, false);
    for (int i = 0;
         i < 50 && (received < options_.start || received >= options_.end);
         ++i) {
      received = ArrivalTime(day, false);
    }
    if (received < options_.start || received >= options_.end) {
      return absl::OkStatus();
    }
    const std::string id = absl::StrCat(options_.id_prefix, "F", d.feedback++);
    const double level = U();
    const bool urgent = level < 0.03;
    const bool complex = !urgent && level < 0.13;
    int n = 0;
    auto event = [&](v1::FeedbackEventKind kind, const std::string& holder,
                     absl::Time at) {
      v1::Event e = Base(absl::StrCat(id, "-", ++n), holder, at);
      e.mutable_feedback()->set_feedback_id(id);
      e.mutable_feedback()->set_kind(kind);
      return e;
    };
    v1::Event r = event(v1::FEEDBACK_RECEIVED, unit.id, received);
    v1::FeedbackEvent* rf = r.mutable_feedback();
    const double c = U();
    rf->set_channel(c < 0.8    ? v1::FEEDBACK_CHANNEL_IHANOI
                    : c < 0.9  ? v1::FEEDBACK_CHANNEL_NATIONAL_PORTAL
                    : c < 0.95 ? v1::FEEDBACK_CHANNEL_HOTLINE
                               : v1::FEEDBACK_CHANNEL_SOCIAL_MEDIA);
    static constexpr const char* kCategories[] = {
        "moi-truong", "trat-tu-do-thi",  "giao-thong",
        "dat-dai",    "an-ninh-trat-tu", "dich-vu-cong"};
    rf->set_category_code(kCategories[Int(0, std::size(kCategories) - 1)]);
    rf->set_urgent(urgent);
    rf->set_complex(complex);
    rf->set_public_outrage(U() < 0.01);
    Schedule(std::move(r), received, d);
    ++d.units[unit.id].feedback_received;

    std::string holder = unit.id;
    std::string holder_at_end = unit.id;
    absl::Time clock = received;
    absl::Time t = received;
    // Some complex items are transferred to the competent department.
    if (!to_department && complex && U() < 0.3) {
      t += absl::Hours(Int(2, 72));
      holder = AnyDepartment().id;
      if (t < options_.end) holder_at_end = holder;
      v1::Event a = event(v1::FEEDBACK_ASSIGNED, unit.id, t);
      a.mutable_feedback()->set_assigned_unit_id(holder);
      Schedule(std::move(a), t, d);
      clock = t;
    }
    const absl::Time acked = t + absl::Minutes(Int(10, urgent ? 120 : 600));
    Schedule(event(v1::FEEDBACK_ACKNOWLEDGED, holder, acked), acked, d);
    absl::StatusOr<calendar::Deadline> limit =
        urgent
            ? calendar::DueTime(*cal_, acked, calendar::Limit::WorkingHours(4),
                                calendar::CountingMode::kHours)
            : calendar::DueTime(*cal_, clock,
                                calendar::Limit::WorkingDays(complex ? 30 : 15),
                                calendar::CountingMode::kDays);
    if (!limit.ok()) return limit.status();
    const bool late = U() < 2 * city_.units[index_.at(holder)].late_rate;
    const absl::Time answered =
        late ? limit->due + absl::Minutes(Int(60, 10 * 24 * 60))
             : acked + Scale(limit->due - acked, 0.2 + 0.7 * U());
    bool open_at_end = answered >= options_.end;
    v1::Event resp = event(v1::FEEDBACK_RESPONDED, holder, answered);
    if (late) resp.mutable_feedback()->set_late_cause("subjective");
    Schedule(std::move(resp), answered, d);
    const absl::Time closed = answered + absl::Hours(Int(1, 72));
    Schedule(event(v1::FEEDBACK_CLOSED, holder, closed), closed, d);
    if (U() < 0.1) {
      const absl::Time rated = closed + absl::Hours(Int(1, 48));
      v1::Event rt = event(v1::FEEDBACK_RATED, holder, rated);
      rt.mutable_feedback()->set_unsatisfied(U() < 0.3);
      Schedule(std::move(rt), rated, d);
    }
    if (open_at_end) ++d.units[holder_at_end].feedback_open;
    return absl::OkStatus();
  }

  std::shared_ptr<const calendar::Calendar> cal_;
  ScenarioOptions options_;
  City city_;
  std::mt19937_64 rng_;
  std::map<std::string, size_t> index_;
  std::vector<const Procedure*> procedures_;
  std::discrete_distribution<size_t> pick_local_;
  std::discrete_distribution<size_t> pick_procedure_;
  std::priority_queue<Scheduled, std::vector<Scheduled>, Later> queue_;
  uint64_t seq_ = 0;
};

Generator::Generator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Generator::~Generator() = default;

absl::StatusOr<std::unique_ptr<Generator>> Generator::Create(
    std::shared_ptr<const calendar::Calendar> calendar,
    ScenarioOptions options) {
  if (options.end <= options.start) {
    return absl::InvalidArgumentError("end: must be after start");
  }
  if (options.dossiers < 0) {
    return absl::InvalidArgumentError("dossiers: must not be negative");
  }
  if (options.localities < 1 || options.localities > 1000) {
    return absl::InvalidArgumentError("localities: must be 1..1000");
  }
  if (options.feedback_per_dossier < 0) {
    return absl::InvalidArgumentError(
        "feedback_per_dossier: must not be negative");
  }
  // Deadlines of dossiers received near `end` reach about two months on.
  for (absl::CivilDay day : {calendar::VietnamDay(options.start),
                             calendar::VietnamDay(options.end) + 90}) {
    if (!calendar->Covers(day)) {
      return absl::OutOfRangeError(absl::StrCat(
          "start/end: the calendar does not cover ", absl::FormatCivilTime(day),
          " (it covers ", absl::FormatCivilTime(calendar->first_day()), " to ",
          absl::FormatCivilTime(calendar->last_day()), ")"));
    }
  }
  return std::unique_ptr<Generator>(new Generator(
      std::make_unique<Impl>(std::move(calendar), std::move(options))));
}

const City& Generator::city() const { return impl_->city(); }

absl::StatusOr<Description> Generator::Run(const Sink& sink) {
  return impl_->Run(sink);
}

UnitFigures Description::Total() const {
  UnitFigures t;
  for (const auto& [unit, f] : units) {
    t.received += f.received;
    t.resolved += f.resolved;
    t.resolved_on_time += f.resolved_on_time;
    t.resolved_late += f.resolved_late;
    t.withdrawn += f.withdrawn;
    t.open += f.open;
    t.open_overdue += f.open_overdue;
    t.open_paused += f.open_paused;
    t.apologies += f.apologies;
    t.supplement_requests += f.supplement_requests;
    t.feedback_received += f.feedback_received;
    t.feedback_open += f.feedback_open;
  }
  return t;
}

namespace {

nlohmann::json FiguresJson(const UnitFigures& f) {
  return {{"received", f.received},
          {"resolved", f.resolved},
          {"resolved_on_time", f.resolved_on_time},
          {"resolved_late", f.resolved_late},
          {"withdrawn", f.withdrawn},
          {"open", f.open},
          {"open_overdue", f.open_overdue},
          {"open_paused", f.open_paused},
          {"apologies", f.apologies},
          {"supplement_requests", f.supplement_requests},
          {"feedback_received", f.feedback_received},
          {"feedback_open", f.feedback_open}};
}

}  // namespace

std::string DescriptionJson(const Description& d) {
  nlohmann::json units = nlohmann::json::object();
  for (const auto& [id, f] : d.units) units[id] = FiguresJson(f);
  const UnitFigures total = d.Total();
  const double decided =
      static_cast<double>(total.resolved_on_time + total.resolved_late);
  nlohmann::json j = {
      {"seed", d.options.seed},
      {"start", absl::FormatTime(absl::RFC3339_sec, d.options.start,
                                 absl::UTCTimeZone())},
      {"end",
       absl::FormatTime(absl::RFC3339_sec, d.options.end, absl::UTCTimeZone())},
      {"settle_margin_seconds", absl::ToInt64Seconds(d.options.settle_margin)},
      {"id_prefix", d.options.id_prefix},
      {"source_system", d.options.source_system},
      {"events", d.events},
      {"dossiers", d.dossiers},
      {"feedback", d.feedback},
      {"on_time_rate",
       decided > 0 ? static_cast<double>(total.resolved_on_time) / decided
                   : 1.0},
      {"total", FiguresJson(total)},
      {"units", units},
      {"by_procedure", d.by_procedure},
      {"by_channel", d.by_channel},
      {"by_kind", d.by_kind}};
  return j.dump(2);
}

}  // namespace giamsat::loadgen
