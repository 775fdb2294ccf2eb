// giamsatctl: the admin CLI of Giám sát. Wiring only.
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <iostream>

#include "CLI/CLI.hpp"
#include "services/ctl/commands.h"
#include "services/ctl/deadline_command.h"
#include "services/ctl/import_command.h"

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

  ctl::StatusOptions status;
  CLI::App* status_cmd =
      app.add_subcommand("status", "Show the live figures of one unit");
  status_cmd->add_option("--unit", status.unit_id, "Unit id")->required();
  status_cmd->add_option("--from", status.from_date, "First day, YYYY-MM-DD");
  status_cmd->add_option("--to", status.to_date, "Last day, YYYY-MM-DD");
  status_cmd->add_flag("--json", status.json, "Print JSON");

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

  CLI11_PARSE(app, argc, argv);

  if (deadline_cmd->parsed()) {
    if (*days_opt) deadline.days = deadline_days;
    if (*hours_opt) deadline.hours = deadline_hours;
    return ctl::Deadline(deadline, std::cout, std::cerr);
  }

  if (status_cmd->parsed()) {
    auto stub = v1::QueryService::NewStub(
        grpc::CreateChannel(query_address, grpc::InsecureChannelCredentials()));
    return ctl::Status(*stub, status, std::cout, std::cerr);
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
