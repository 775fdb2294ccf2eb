#include "services/ctl/commands.h"

#include <fstream>
#include <ostream>

#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "common/core/proto_time.h"
#include "common/core/vietnam_time.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"

namespace giamsat::ctl {
namespace {

std::string ToJson(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, options);
  return out;
}

std::string Day(const google::protobuf::Timestamp& ts) {
  return absl::FormatTime("%Y-%m-%d %H:%M", core::FromProto(ts),
                          core::VietnamZone());
}

}  // namespace

std::unique_ptr<grpc::ClientContext> QueryContext(const QueryAuth& auth,
                                                  int timeout_seconds) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (timeout_seconds > 0) {
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(timeout_seconds));
  }
  if (!auth.token.empty()) {
    context->AddMetadata("authorization", "Bearer " + auth.token);
  }
  return context;
}

int RpcFailed(const char* command, const grpc::Status& rpc, std::ostream& err) {
  err << "giamsatctl " << command << ": " << rpc.error_message() << " (code "
      << rpc.error_code() << ")\n";
  return 1;
}

int Units(v1::QueryService::StubInterface& stub, const UnitsOptions& options,
          std::ostream& out, std::ostream& err) {
  v1::ListUnitStatusesRequest request;
  request.set_parent(options.parent);
  request.set_level(options.level);
  request.mutable_period()->set_month(options.month);
  request.mutable_period()->set_year(options.year);
  request.set_page_size(options.page_size);
  if (options.sort == "rate-asc") {
    request.set_sort(v1::ListUnitStatusesRequest::SORT_ON_TIME_RATE_ASC);
  } else if (options.sort == "rate-desc") {
    request.set_sort(v1::ListUnitStatusesRequest::SORT_ON_TIME_RATE_DESC);
  } else if (options.sort == "overdue") {
    request.set_sort(v1::ListUnitStatusesRequest::SORT_OVERDUE_DESC);
  } else if (options.sort == "score-desc") {
    request.set_sort(v1::ListUnitStatusesRequest::SORT_INDEX_SCORE_DESC);
  } else if (options.sort == "score-asc") {
    request.set_sort(v1::ListUnitStatusesRequest::SORT_INDEX_SCORE_ASC);
  } else if (options.sort != "id") {
    err << "giamsatctl units: --sort must be id, rate-asc, rate-desc, "
           "overdue, score-desc or score-asc\n";
    return 2;
  }
  if (!options.json) {
    out << absl::StrFormat("%4s %-28s %9s %9s %9s %8s %9s\n", "rank", "unit",
                           "received", "in prog.", "overdue", "on time",
                           "766 score");
  }
  int rank = 0;
  do {
    v1::ListUnitStatusesResponse page;
    grpc::Status rpc = stub.ListUnitStatuses(
        QueryContext(options.auth, 10).get(), request, &page);
    if (!rpc.ok()) return RpcFailed("units", rpc, err);
    for (const v1::UnitStatus& s : page.statuses()) {
      if (options.json) {
        out << ToJson(s) << "\n";
        continue;
      }
      const v1::DossierFigures& d = s.dossiers();
      out << absl::StrFormat(
          "%4d %-28s %9d %9d %9d %8s %9s\n", ++rank, s.unit_id(), d.received(),
          d.in_progress(), d.in_progress_overdue(),
          d.has_on_time_rate()
              ? absl::StrFormat("%.1f%%", d.on_time_rate_percent())
              : "n/a",
          s.has_decision_766()
              ? absl::StrFormat("%.2f", s.decision_766().score())
              : "n/a");
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return 0;
}

int Dossier(v1::QueryService::StubInterface& stub,
            const DossierOptions& options, std::ostream& out,
            std::ostream& err) {
  v1::GetDossierRequest request;
  request.set_dossier_id(options.dossier_id);
  v1::DossierView v;
  grpc::Status rpc =
      stub.GetDossier(QueryContext(options.auth, 10).get(), request, &v);
  if (!rpc.ok()) return RpcFailed("dossier", rpc, err);
  if (options.json) {
    out << ToJson(v) << "\n";
    return 0;
  }
  out << "Dossier " << v.dossier_id() << " (" << v.procedure_code() << ") at "
      << v.unit_id() << ": " << v.status() << (v.overdue() ? ", OVERDUE" : "")
      << (v.verdict().empty() ? "" : ", " + v.verdict()) << "\n";
  if (v.has_received_at())
    out << "  received  " << Day(v.received_at()) << "\n";
  if (v.has_due_at()) out << "  due       " << Day(v.due_at()) << "\n";
  if (v.has_closed_at()) out << "  closed    " << Day(v.closed_at()) << "\n";
  out << "  "
      << (options.lang == "en" ? v.deadline_explanation_en()
                               : v.deadline_explanation_vi())
      << "\n";
  for (const v1::DossierEventView& e : v.timeline()) {
    out << "  " << Day(e.occurred_at()) << "  "
        << v1::DossierEventKind_Name(e.kind()) << "  " << e.unit_id()
        << (e.reason().empty() ? "" : "  " + e.reason()) << "\n";
  }
  return 0;
}

int Alerts(v1::QueryService::StubInterface& stub, const AlertsOptions& options,
           std::ostream& out, std::ostream& err) {
  v1::ListAlertsRequest request;
  request.set_unit_id(options.unit_id);
  if (options.firing_only) request.set_state(v1::ALERT_FIRING);
  do {
    v1::ListAlertsResponse page;
    grpc::Status rpc =
        stub.ListAlerts(QueryContext(options.auth, 10).get(), request, &page);
    if (!rpc.ok()) return RpcFailed("alerts", rpc, err);
    for (const v1::Alert& a : page.alerts()) {
      if (options.json) {
        out << ToJson(a) << "\n";
        continue;
      }
      out << v1::Severity_Name(a.severity()) << "  "
          << v1::AlertState_Name(a.state()) << "  " << a.rule_id() << "  "
          << a.subject_id() << "  " << a.explanation_en() << "\n";
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return 0;
}

int Watch(v1::QueryService::StubInterface& stub, const WatchOptions& options,
          std::ostream& out, std::ostream& err) {
  v1::WatchUnitStatusRequest request;
  for (const std::string& u : options.unit_ids) request.add_unit_ids(u);
  request.set_roll_up(options.roll_up);
  auto context = QueryContext(options.auth, 0);
  auto reader = stub.WatchUnitStatus(context.get(), request);
  v1::WatchUnitStatusResponse m;
  int seen = 0;
  while (reader->Read(&m)) {
    out << ToJson(m) << "\n" << std::flush;
    if (options.max_messages > 0 && ++seen >= options.max_messages) {
      context->TryCancel();
      (void)reader->Finish();
      return 0;
    }
  }
  grpc::Status rpc = reader->Finish();
  if (!rpc.ok()) return RpcFailed("watch", rpc, err);
  return 0;
}

int Status(v1::QueryService::StubInterface& stub, const StatusOptions& options,
           std::ostream& out, std::ostream& err) {
  v1::GetUnitStatusRequest request;
  request.set_unit_id(options.unit_id);
  request.mutable_period()->set_from_date(options.from_date);
  request.mutable_period()->set_to_date(options.to_date);
  request.mutable_period()->set_month(options.month);
  request.mutable_period()->set_quarter(options.quarter);
  request.mutable_period()->set_year(options.year);
  request.set_roll_up(options.roll_up);
  v1::UnitStatus status;
  grpc::Status rpc = stub.GetUnitStatus(QueryContext(options.auth, 10).get(),
                                        request, &status);
  if (!rpc.ok()) return RpcFailed("status", rpc, err);
  if (options.json) {
    out << ToJson(status) << "\n";
    return 0;
  }
  const v1::DossierFigures& d = status.dossiers();
  out << "Unit " << status.unit_id();
  if (!options.from_date.empty()) {
    out << " from " << options.from_date << " to "
        << (options.to_date.empty() ? "today" : options.to_date);
  }
  out << "\n";
  out << absl::StrFormat(
      "  dossiers received   %d\n"
      "  resolved            %d (early %d, on time %d, late %d)\n"
      "  in progress         %d (overdue %d)\n",
      d.received(), d.resolved(), d.resolved_early(), d.resolved_on_time(),
      d.resolved_late(), d.in_progress(), d.in_progress_overdue());
  const int64_t judged =
      d.resolved_early() + d.resolved_on_time() + d.resolved_late();
  if (judged > 0) {
    out << absl::StrFormat("  on-time rate        %.2f%%\n",
                           d.on_time_rate_percent());
  } else {
    out << "  on-time rate        n/a (nothing resolved)\n";
  }
  const v1::AlertCounts& a = status.open_alerts();
  out << absl::StrFormat(
      "  open alerts         %d critical, %d warning, %d info\n", a.critical(),
      a.warning(), a.info());
  if (status.has_watermark()) {
    out << "  figures as of event time "
        << absl::FormatTime("%Y-%m-%d %H:%M:%S (UTC%Ez)",
                            core::FromProto(status.watermark()),
                            core::VietnamZone())
        << "\n";
  }
  return 0;
}

int Send(v1::IngestService::StubInterface& stub, const SendOptions& options,
         std::ostream& out, std::ostream& err) {
  std::ifstream in(options.file);
  if (!in) {
    err << "giamsatctl send: cannot read " << options.file << "\n";
    return 2;
  }
  int accepted = 0;
  int rejected = 0;
  int failed = 0;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const absl::string_view text = absl::StripAsciiWhitespace(line);
    if (text.empty()) continue;
    v1::Event event;
    auto parsed =
        google::protobuf::util::JsonStringToMessage(std::string(text), &event);
    if (!parsed.ok()) {
      ++rejected;
      err << options.file << ":" << number << ": " << parsed.message() << "\n";
      continue;
    }
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(60));
    v1::IngestResult result;
    grpc::Status rpc = stub.Ingest(&context, event, &result);
    if (rpc.ok()) {
      ++accepted;
    } else if (rpc.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
      ++rejected;
      err << options.file << ":" << number << ": " << rpc.error_message()
          << "\n";
    } else {
      ++failed;
      err << options.file << ":" << number
          << ": not sent: " << rpc.error_message() << "\n";
    }
  }
  if (options.json) {
    out << absl::StrFormat("{\"accepted\":%d,\"rejected\":%d,\"failed\":%d}\n",
                           accepted, rejected, failed);
  } else {
    out << absl::StrFormat("accepted %d, rejected %d, failed %d\n", accepted,
                           rejected, failed);
  }
  return rejected + failed == 0 ? 0 : 1;
}

}  // namespace giamsat::ctl
