// giamsatctl subcommands, as functions over gRPC stubs so they can be tested
// against in-process servers. Each writes human output (or JSON with
// `json`) to `out`, problems to `err`, and returns the process exit code:
// 0 success, 1 some events rejected or the call failed, 2 bad usage.
#pragma once

#include <grpcpp/grpcpp.h>

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "giamsat/v1/ingest.grpc.pb.h"
#include "giamsat/v1/query.grpc.pb.h"

namespace giamsat::ctl {

// Bearer token sent to the query service ("" sends none).
struct QueryAuth {
  std::string token;
};

// A client context carrying `auth`, with a deadline `timeout_seconds` from
// now (0: none).
std::unique_ptr<grpc::ClientContext> QueryContext(const QueryAuth& auth,
                                                  int timeout_seconds);
// Prints "giamsatctl <command>: <message> (code N)" to `err`; returns 1.
int RpcFailed(const char* command, const grpc::Status& rpc, std::ostream& err);

struct StatusOptions {
  std::string unit_id;
  std::string from_date;
  std::string to_date;
  bool json = false;
  std::string month;    // "YYYY-MM"
  std::string quarter;  // "YYYY-Qn"
  int year = 0;
  bool roll_up = false;
  QueryAuth auth;
};

int Status(v1::QueryService::StubInterface& stub, const StatusOptions& options,
           std::ostream& out, std::ostream& err);

struct UnitsOptions {
  std::string parent;
  std::string level;
  // id | rate-asc | rate-desc | overdue | score-desc | score-asc (Decision
  // 766 score: the monthly / yearly ranking with --month / --year).
  std::string sort = "id";
  std::string month;
  int year = 0;
  int page_size = 0;
  bool json = false;
  QueryAuth auth;
};

// Every page of ListUnitStatuses, one line per unit.
int Units(v1::QueryService::StubInterface& stub, const UnitsOptions& options,
          std::ostream& out, std::ostream& err);

struct DossierOptions {
  std::string dossier_id;
  std::string lang = "vi";  // explanation language: vi | en
  bool json = false;
  QueryAuth auth;
};

int Dossier(v1::QueryService::StubInterface& stub,
            const DossierOptions& options, std::ostream& out,
            std::ostream& err);

struct AlertsOptions {
  std::string unit_id;
  bool firing_only = false;
  bool json = false;
  QueryAuth auth;
};

int Alerts(v1::QueryService::StubInterface& stub, const AlertsOptions& options,
           std::ostream& out, std::ostream& err);

struct WatchOptions {
  std::vector<std::string> unit_ids;
  bool roll_up = false;
  int max_messages = 0;  // stop after this many messages (0: never)
  QueryAuth auth;
};

// Prints one line per message until the stream ends (or max_messages).
int Watch(v1::QueryService::StubInterface& stub, const WatchOptions& options,
          std::ostream& out, std::ostream& err);

struct SendOptions {
  std::string file;  // JSONL: one event per line; blank lines are skipped
  bool json = false;
};

int Send(v1::IngestService::StubInterface& stub, const SendOptions& options,
         std::ostream& out, std::ostream& err);

}  // namespace giamsat::ctl
