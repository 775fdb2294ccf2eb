// The gRPC QueryService over the readers. Every call is authenticated
// (AccessPolicy: UNAUTHENTICATED without a known bearer token,
// PERMISSION_DENIED for a unit outside the caller's subtrees), refused with
// DEADLINE_EXCEEDED when its deadline has already passed, and counted by
// method and code. Status codes are the readers' (InvalidArgument naming
// the field, NotFound, Unavailable). Every answer (each watch message too)
// carries the ingestion lag (LagReader). GetUnitStatus, GetUnitIndicators
// and ListUnitStatuses answer through the AnswerCache (cached_answer.h)
// after the caller's access was checked; the per-dossier, per-feedback and
// list-of-items calls read the store at each call (their access check needs
// the subject's state anyway, and a caller acting on one item expects its
// latest state). Watch streams poll the store on their own Ticker until the
// client cancels or the server shuts down.
#pragma once

#include <functional>
#include <memory>

#include "giamsat/v1/query.grpc.pb.h"
#include "prometheus/registry.h"
#include "services/query/access_policy.h"
#include "services/query/alert_reader.h"
#include "services/query/answer_cache.h"
#include "services/query/audit_reader.h"
#include "services/query/dossier_reader.h"
#include "services/query/feedback_reader.h"
#include "services/query/ingestion_lag.h"
#include "services/query/query_probe.h"
#include "services/query/status_reader.h"
#include "services/query/unit_lister.h"
#include "services/query/unit_watcher.h"

namespace giamsat::query {

struct WatchSettings {
  int max_units = 100;
  absl::Duration coalesce = absl::Seconds(1);
  // A new ticker per stream.
  std::function<std::unique_ptr<Ticker>()> new_ticker;
};

struct QueryParts {
  StatusReader& status;
  UnitLister& units;
  DossierReader& dossiers;
  FeedbackReader& feedback;
  AlertReader& alerts;
  const AccessPolicy& access;
  WatchSettings watch;
  AuditReader& audit;
  LagReader& lag;
  AnswerCache& cache;
};

class GrpcQueryService final : public v1::QueryService::Service {
 public:
  GrpcQueryService(QueryParts parts, prometheus::Registry& registry);

  grpc::Status GetUnitStatus(grpc::ServerContext* context,
                             const v1::GetUnitStatusRequest* request,
                             v1::UnitStatus* response) override;
  grpc::Status ListUnitStatuses(
      grpc::ServerContext* context, const v1::ListUnitStatusesRequest* request,
      v1::ListUnitStatusesResponse* response) override;
  grpc::Status GetDossier(grpc::ServerContext* context,
                          const v1::GetDossierRequest* request,
                          v1::DossierView* response) override;
  grpc::Status GetFeedback(grpc::ServerContext* context,
                           const v1::GetFeedbackRequest* request,
                           v1::FeedbackView* response) override;
  grpc::Status ListDossiers(grpc::ServerContext* context,
                            const v1::ListDossiersRequest* request,
                            v1::ListDossiersResponse* response) override;
  grpc::Status ListAlerts(grpc::ServerContext* context,
                          const v1::ListAlertsRequest* request,
                          v1::ListAlertsResponse* response) override;
  grpc::Status WatchUnitStatus(
      grpc::ServerContext* context, const v1::WatchUnitStatusRequest* request,
      grpc::ServerWriter<v1::WatchUnitStatusResponse>* writer) override;
  grpc::Status GetUnitIndicators(grpc::ServerContext* context,
                                 const v1::GetUnitIndicatorsRequest* request,
                                 v1::UnitIndicators* response) override;
  grpc::Status ListAuditEntries(grpc::ServerContext* context,
                                const v1::ListAuditTrailRequest* request,
                                v1::ListAuditTrailResponse* response) override;

 private:
  // Authenticates the caller, runs `body` with it, sets the ingestion lag
  // of `response` (its field ingestion_lag; none when null), counts the
  // call and maps the status.
  grpc::Status Serve(const char* method, grpc::ServerContext* context,
                     google::protobuf::Message* response,
                     const std::function<absl::Status(const Client&)>& body);
  // Checks the caller's access to `unit` (when set; an empty one is the
  // reader's InvalidArgument), then answers `request` through the answer
  // cache, computing with `answer()` on a miss.
  template <typename Response>
  absl::Status CachedOfUnit(const char* method, const Client& client,
                            const std::string& unit,
                            const google::protobuf::Message& request,
                            std::function<absl::StatusOr<Response>()> answer,
                            Response* response);
  // Checks unit_id and the caller's access to it, then answers with
  // `list(watermark of the unit)`.
  template <typename Response>
  absl::Status ListOfUnit(
      const Client& client, const std::string& unit,
      const std::function<absl::StatusOr<Response>(int64_t)>& list,
      Response* response);
  // Loads one subject's state with `reader`, checks the caller's access to
  // its unit, then answers with the reader's view of it.
  template <typename Reader, typename View>
  absl::Status ViewOfSubject(const Client& client, Reader& reader,
                             const std::string& id, View* response);
  // Sets the field ingestion_lag of `response`, when it has one, with
  // computed_at `read_at`.
  absl::Status SetLag(google::protobuf::Message& response, absl::Time read_at);
  // The unit's watermark in ms (0: none).
  absl::StatusOr<int64_t> Watermark(absl::string_view unit);

  QueryParts parts_;
  QueryProbe probe_;
};

}  // namespace giamsat::query
