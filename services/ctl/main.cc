// giamsatctl: the admin CLI of Giám sát. Wiring only.
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <iostream>

#include "CLI/CLI.hpp"
#include "services/ctl/ack_command.h"
#include "services/ctl/backfill_command.h"
#include "services/ctl/commands.h"
#include "services/ctl/deadline_command.h"
#include "services/ctl/health_command.h"
#include "services/ctl/import_command.h"
#include "services/ctl/indicators_command.h"
#include "services/ctl/inspections_command.h"
#include "services/ctl/replay_command.h"

int main(int argc, char** argv) {
  using namespace giamsat;
  CLI::App app{"giamsatctl: admin CLI of Giám sát"};
  app.require_subcommand(1);
  std::string query_address = "127.0.0.1:50052";
  std::string ingestor_address = "127.0.0.1:50051";
  app.add_option("--query", query_address, "Query service gRPC address")
      ->envname("GIAMSAT_QUERY_ADDR");
  app.add_option("--ingestor", ingestor_address, "Ingestor gRPC address")
      ->envname("GIAMSAT_INGESTOR_ADDR");

  ctl::QueryAuth auth;
  app.add_option("--token", auth.token, "Bearer token for the query service")
      ->envname("GIAMSAT_QUERY_TOKEN");

  ctl::StatusOptions status;
  CLI::App* status_cmd =
      app.add_subcommand("status", "Show the live figures of one unit");
  status_cmd->add_option("--unit", status.unit_id, "Unit id")->required();
  status_cmd->add_option("--from", status.from_date, "First day, YYYY-MM-DD");
  status_cmd->add_option("--to", status.to_date, "Last day, YYYY-MM-DD");
  status_cmd->add_flag("--json", status.json, "Print JSON");
  status_cmd->add_option("--month", status.month, "A month, YYYY-MM");
  status_cmd->add_option("--quarter", status.quarter, "A quarter, YYYY-Qn");
  status_cmd->add_option("--year", status.year, "A year");
  status_cmd->add_flag("--roll-up", status.roll_up,
                       "Include the units below it");

  ctl::UnitsOptions units;
  CLI::App* units_cmd =
      app.add_subcommand("units", "Rank the units under a parent unit");
  units_cmd->add_option("--parent", units.parent, "Parent unit id")->required();
  units_cmd->add_option("--level", units.level, "Only units of this level");
  units_cmd->add_option(
      "--sort", units.sort,
      "id | rate-asc | rate-desc | overdue | score-desc | score-asc");
  units_cmd->add_option("--month", units.month, "A month, YYYY-MM");
  units_cmd->add_option("--year", units.year, "A year");
  units_cmd->add_flag("--json", units.json, "Print JSON lines");

  ctl::IndicatorsOptions indicators;
  CLI::App* indicators_cmd = app.add_subcommand(
      "indicators", "Decision 766 indicators and TT 01/2018 band of a unit");
  indicators_cmd->add_option("unit", indicators.unit_id, "Unit id")->required();
  indicators_cmd->add_option(
      "--period", indicators.period,
      "YYYY, YYYY-MM, YYYY-Qn, YYYY-MM-DD (to now) or FROM..TO; default: "
      "all time");
  indicators_cmd->add_flag("--roll-up", indicators.roll_up,
                           "Include the units below it");
  indicators_cmd->add_flag("--json", indicators.json, "Print JSON");

  ctl::DossierOptions dossier;
  CLI::App* dossier_cmd =
      app.add_subcommand("dossier", "Show a dossier and its deadline");
  dossier_cmd->add_option("id", dossier.dossier_id, "Dossier id")->required();
  dossier_cmd->add_option("--lang", dossier.lang, "vi | en");
  dossier_cmd->add_flag("--json", dossier.json, "Print JSON");

  ctl::AlertsOptions alerts;
  CLI::App* alerts_cmd = app.add_subcommand("alerts", "List a unit's alerts");
  alerts_cmd->add_option("--unit", alerts.unit_id, "Unit id")->required();
  alerts_cmd->add_flag("--firing", alerts.firing_only, "Firing alerts only");
  alerts_cmd->add_flag("--json", alerts.json, "Print JSON lines");

  ctl::InspectionsCommand inspections_cmd(app);

  ctl::WatchOptions watch;
  CLI::App* watch_cmd =
      app.add_subcommand("watch", "Stream status changes of units");
  watch_cmd->add_option("--unit", watch.unit_ids, "Unit id (repeatable)")
      ->required();
  watch_cmd->add_flag("--roll-up", watch.roll_up, "Roll up each subtree");
  watch_cmd->add_option("--count", watch.max_messages,
                        "Stop after this many messages");

  ctl::SendOptions send;
  CLI::App* send_cmd =
      app.add_subcommand("send", "Send the events of a JSONL file");
  send_cmd->add_option("file", send.file, "JSONL file, one event per line")
      ->required();
  send_cmd->add_flag("--json", send.json, "Print the summary as JSON");

  ctl::ImportOptions import;
  CLI::App* import_cmd = app.add_subcommand(
      "import", "Import a JSONL or CSV export file (progress and summary)");
  import_cmd->add_option("file", import.file, "JSONL or CSV file")->required();
  import_cmd->add_option("--format", import.format,
                         "jsonl or csv (default: by name)");
  import_cmd->add_option("--batch", import.batch_records, "Records per call");
  double retry_for_seconds = 600;
  import_cmd->add_option("--retry-for", retry_for_seconds,
                         "Seconds to keep retrying unavailable records");
  import_cmd->add_flag("--json", import.json, "Print the summary as JSON");

  ctl::DeadlineOptions deadline;
  int64_t deadline_days = 0;
  int64_t deadline_hours = 0;
  CLI::App* deadline_cmd = app.add_subcommand(
      "deadline", "Compute and explain a dossier's due time (and verdict)");
  deadline_cmd
      ->add_option("--accepted", deadline.accepted,
                   "Acceptance time, e.g. 2026-04-24T16:00:00+07:00")
      ->required();
  CLI::Option* days_opt = deadline_cmd->add_option("--days", deadline_days,
                                                   "Limit in working days");
  CLI::Option* hours_opt = deadline_cmd->add_option("--hours", deadline_hours,
                                                    "Limit in working hours");
  deadline_cmd->add_option("--mode", deadline.mode,
                           "days or hours (default: days; hours for --hours)");
  deadline_cmd->add_option("--cutoff", deadline.cutoff,
                           "Late-day cut-off HH:MM (default: calendar's)");
  deadline_cmd->add_option("--late-day-policy", deadline.late_day_policy,
                           "next_working_day or no_effect");
  deadline_cmd
      ->add_option("--calendar", deadline.calendar_file,
                   "Base calendar file (default: " +
                       std::string(ctl::kDefaultCalendarPath) +
                       " from the current directory or a parent)")
      ->envname("GIAMSAT_CALENDAR");
  deadline_cmd->add_option("--override", deadline.override_files,
                           "Calendar override file (repeatable)");
  deadline_cmd->add_option("--finished", deadline.finished,
                           "When it finished: also print the verdict");
  deadline_cmd->add_option("--pause", deadline.pauses,
                           "Supplement waiting period FROM,TO (repeatable)");
  deadline_cmd->add_option("--lang", deadline.lang, "vi, en or both");
  deadline_cmd->add_flag("--json", deadline.json, "Print JSON");

  ctl::ReplayOptions replay;
  CLI::App* replay_cmd = app.add_subcommand(
      "replay",
      "Recompute all state from the topics and compare it with the live state");
  replay_cmd->add_option("--config", replay.config_path,
                         "The rules service's config file");
  replay_cmd->add_option(
      "--set", replay.overrides,
      "Override one config key, key.path=VALUE (repeatable)");
  replay_cmd->add_option("--show", replay.show, "Most differences printed");
  replay_cmd->add_option("--timeout", replay.timeout_seconds,
                         "Seconds to wait for the topics");
  ctl::BackfillOptions backfill;
  CLI::App* backfill_cmd = app.add_subcommand(
      "backfill-month-hashes",
      "Set the month hashes of months before {p}month-hashes-from from their "
      "day hashes (after an upgrade), then move the marker back");
  backfill_cmd->add_option("--config", backfill.config_path,
                           "The rules service's config file");
  backfill_cmd->add_option(
      "--set", backfill.overrides,
      "Override one config key, key.path=VALUE (repeatable)");
  ctl::AckCommand ack(app);
  ctl::AuditCommand audit(app);
  ctl::HealthOptions health;
  int64_t health_timeout_ms = 3000;
  CLI::App* health_cmd = app.add_subcommand(
      "health", "Ask a service's gRPC health service; exit 0 when SERVING");
  health_cmd->add_option("--addr", health.address, "host:port")->required();
  health_cmd->add_option("--service", health.service, "Service name");
  health_cmd->add_option("--ca-file", health.ca_file, "TLS: PEM CA bundle");
  health_cmd->add_option("--timeout-ms", health_timeout_ms, "Deadline");

  CLI11_PARSE(app, argc, argv);

  if (replay_cmd->parsed()) return ctl::Replay(replay, std::cout, std::cerr);
  if (backfill_cmd->parsed()) {
    return ctl::BackfillMonthHashes(backfill, std::cout, std::cerr);
  }
  if (ack.parsed()) return ack.Run(std::cout, std::cerr);
  if (audit.parsed()) {
    return audit.Run(query_address, auth.token, std::cout, std::cerr);
  }
  if (health_cmd->parsed()) {
    health.timeout = absl::Milliseconds(health_timeout_ms);
    return ctl::Health(health, std::cout, std::cerr);
  }
  if (deadline_cmd->parsed()) {
    if (*days_opt) deadline.days = deadline_days;
    if (*hours_opt) deadline.hours = deadline_hours;
    return ctl::Deadline(deadline, std::cout, std::cerr);
  }

  auto query_stub = [&] {
    return v1::QueryService::NewStub(
        grpc::CreateChannel(query_address, grpc::InsecureChannelCredentials()));
  };
  status.auth = units.auth = dossier.auth = alerts.auth = watch.auth =
      indicators.auth = auth;
  if (indicators_cmd->parsed()) {
    return ctl::Indicators(*query_stub(), indicators, std::cout, std::cerr);
  }
  if (status_cmd->parsed()) {
    return ctl::Status(*query_stub(), status, std::cout, std::cerr);
  }
  if (units_cmd->parsed()) {
    return ctl::Units(*query_stub(), units, std::cout, std::cerr);
  }
  if (dossier_cmd->parsed()) {
    return ctl::Dossier(*query_stub(), dossier, std::cout, std::cerr);
  }
  if (alerts_cmd->parsed()) {
    return ctl::Alerts(*query_stub(), alerts, std::cout, std::cerr);
  }
  if (watch_cmd->parsed()) {
    return ctl::Watch(*query_stub(), watch, std::cout, std::cerr);
  }
  if (inspections_cmd.parsed()) {
    return inspections_cmd.Run(query_address, auth, std::cout, std::cerr);
  }
  auto stub = v1::IngestService::NewStub(grpc::CreateChannel(
      ingestor_address, grpc::InsecureChannelCredentials()));
  if (import_cmd->parsed()) {
    import.retry_for = absl::Seconds(retry_for_seconds);
    import.progress_tty = isatty(STDERR_FILENO) != 0;
    core::SystemClock clock;
    return ctl::Import(*stub, import, std::cout, std::cerr, clock,
                       [](absl::Duration d) { absl::SleepFor(d); });
  }
  return ctl::Send(*stub, send, std::cout, std::cerr);
}
