#include "services/query/grpc_query_service.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/query/authenticated_call.h"
#include "services/query/cached_answer.h"

namespace giamsat::query {

GrpcQueryService::GrpcQueryService(QueryParts parts,
                                   prometheus::Registry& registry)
    : parts_(std::move(parts)), probe_(registry) {}

grpc::Status GrpcQueryService::Serve(
    const char* method, grpc::ServerContext* context,
    google::protobuf::Message* response,
    const std::function<absl::Status(const Client&)>& body) {
  return ServeAuthenticated(
      method, context, parts_.access, probe_, [&](const Client& client) {
        const absl::Time read_at = parts_.status.clock().Now();
        absl::Status status = body(client);
        if (status.ok() && response != nullptr)
          status = SetLag(*response, read_at);
        return status;
      });
}

absl::Status GrpcQueryService::SetLag(google::protobuf::Message& response,
                                      absl::Time read_at) {
  return SetIngestionLag(parts_.lag, read_at, response);
}

absl::StatusOr<int64_t> GrpcQueryService::Watermark(absl::string_view unit) {
  absl::StatusOr<std::optional<int64_t>> ms = parts_.status.WatermarkMs(unit);
  if (!ms.ok()) return ms.status();
  return ms->value_or(0);
}

template <typename Response>
absl::Status GrpcQueryService::CachedOfUnit(
    const char* method, const Client& client, const std::string& unit,
    const google::protobuf::Message& request,
    std::function<absl::StatusOr<Response>()> answer, Response* response) {
  if (!unit.empty()) {
    absl::Status allowed =
        parts_.access.CheckUnit(client, unit, parts_.status.tree());
    if (!allowed.ok()) return allowed;
  }
  return CachedAnswer<Response>(
      AnswerSources{parts_.cache, parts_.lag, probe_, parts_.status.clock()},
      method, client, request, std::move(answer), response);
}

// The cached calls set their lag themselves (null response to Serve).
grpc::Status GrpcQueryService::GetUnitStatus(
    grpc::ServerContext* context, const v1::GetUnitStatusRequest* request,
    v1::UnitStatus* response) {
  constexpr char kMethod[] = "GetUnitStatus";
  return Serve(kMethod, context, nullptr, [&](const Client& client) {
    return CachedOfUnit<v1::UnitStatus>(
        kMethod, client, request->unit_id(), *request,
        [&status = parts_.status, r = *request] {
          return status.GetUnitStatus(r);
        },
        response);
  });
}

grpc::Status GrpcQueryService::GetUnitIndicators(
    grpc::ServerContext* context, const v1::GetUnitIndicatorsRequest* request,
    v1::UnitIndicators* response) {
  constexpr char kMethod[] = "GetUnitIndicators";
  return Serve(kMethod, context, nullptr, [&](const Client& client) {
    return CachedOfUnit<v1::UnitIndicators>(
        kMethod, client, request->unit_id(), *request,
        [&status = parts_.status, r = *request] {
          return status.GetUnitIndicators(r);
        },
        response);
  });
}

grpc::Status GrpcQueryService::ListUnitStatuses(
    grpc::ServerContext* context, const v1::ListUnitStatusesRequest* request,
    v1::ListUnitStatusesResponse* response) {
  constexpr char kMethod[] = "ListUnitStatuses";
  return Serve(kMethod, context, nullptr, [&](const Client& client) {
    return CachedOfUnit<v1::ListUnitStatusesResponse>(
        kMethod, client, request->parent(), *request,
        [&units = parts_.units, r = *request] { return units.List(r); },
        response);
  });
}

template <typename Reader, typename View>
absl::Status GrpcQueryService::ViewOfSubject(const Client& client,
                                             Reader& reader,
                                             const std::string& id,
                                             View* response) {
  auto state = reader.GetState(id);
  if (!state.ok()) return state.status();
  absl::Status allowed =
      parts_.access.CheckUnit(client, state->unit_id(), parts_.status.tree());
  if (!allowed.ok()) return allowed;
  absl::StatusOr<int64_t> watermark = Watermark(state->unit_id());
  if (!watermark.ok()) return watermark.status();
  *response = reader.View(*state, *watermark);
  return absl::OkStatus();
}

grpc::Status GrpcQueryService::GetDossier(grpc::ServerContext* context,
                                          const v1::GetDossierRequest* request,
                                          v1::DossierView* response) {
  return Serve("GetDossier", context, response, [&](const Client& client) {
    return ViewOfSubject(client, parts_.dossiers, request->dossier_id(),
                         response);
  });
}

grpc::Status GrpcQueryService::GetFeedback(
    grpc::ServerContext* context, const v1::GetFeedbackRequest* request,
    v1::FeedbackView* response) {
  return Serve("GetFeedback", context, response, [&](const Client& client) {
    return ViewOfSubject(client, parts_.feedback, request->feedback_id(),
                         response);
  });
}

template <typename Response>
absl::Status GrpcQueryService::ListOfUnit(
    const Client& client, const std::string& unit,
    const std::function<absl::StatusOr<Response>(int64_t)>& list,
    Response* response) {
  if (unit.empty()) return absl::InvalidArgumentError("unit_id: required");
  absl::Status allowed =
      parts_.access.CheckUnit(client, unit, parts_.status.tree());
  if (!allowed.ok()) return allowed;
  absl::StatusOr<int64_t> watermark = Watermark(unit);
  if (!watermark.ok()) return watermark.status();
  absl::StatusOr<Response> answer = list(*watermark);
  if (!answer.ok()) return answer.status();
  *response = std::move(*answer);
  return absl::OkStatus();
}

grpc::Status GrpcQueryService::ListDossiers(
    grpc::ServerContext* context, const v1::ListDossiersRequest* request,
    v1::ListDossiersResponse* response) {
  return Serve("ListDossiers", context, response, [&](const Client& client) {
    return ListOfUnit<v1::ListDossiersResponse>(
        client, request->unit_id(),
        [&](int64_t watermark) {
          return parts_.dossiers.List(*request, watermark);
        },
        response);
  });
}

grpc::Status GrpcQueryService::ListAlerts(grpc::ServerContext* context,
                                          const v1::ListAlertsRequest* request,
                                          v1::ListAlertsResponse* response) {
  return Serve("ListAlerts", context, response, [&](const Client& client) {
    return ListOfUnit<v1::ListAlertsResponse>(
        client, request->unit_id(),
        [&](int64_t watermark) {
          return parts_.alerts.List(*request, watermark);
        },
        response);
  });
}

grpc::Status GrpcQueryService::WatchUnitStatus(
    grpc::ServerContext* context, const v1::WatchUnitStatusRequest* request,
    grpc::ServerWriter<v1::WatchUnitStatusResponse>* writer) {
  return Serve("WatchUnitStatus", context, nullptr, [&](const Client& client) {
    if (request->unit_ids().empty()) {
      return absl::InvalidArgumentError("unit_ids: at least one required");
    }
    if (request->unit_ids_size() > parts_.watch.max_units) {
      return absl::InvalidArgumentError(
          absl::StrCat("unit_ids: at most ", parts_.watch.max_units));
    }
    for (const std::string& unit : request->unit_ids()) {
      if (unit.empty()) return absl::InvalidArgumentError("unit_ids: empty id");
      absl::Status allowed =
          parts_.access.CheckUnit(client, unit, parts_.status.tree());
      if (!allowed.ok()) return allowed;
    }
    if (absl::StatusOr<ResolvedPeriod> p =
            parts_.status.Resolve(request->period());
        !p.ok()) {
      return p.status();
    }
    UnitWatcher watcher(parts_.status,
                        std::vector<std::string>(request->unit_ids().begin(),
                                                 request->unit_ids().end()),
                        request->period(), request->roll_up(),
                        parts_.watch.coalesce);
    std::unique_ptr<Ticker> ticker = parts_.watch.new_ticker();
    probe_.WatchOpened();
    absl::Status result = absl::OkStatus();
    do {
      absl::StatusOr<std::vector<v1::WatchUnitStatusResponse>> updates =
          watcher.Poll(parts_.status.clock().Now());
      if (!updates.ok()) {
        result = updates.status();  // e.g. Unavailable: the client retries
        break;
      }
      bool written = true;
      for (v1::WatchUnitStatusResponse& u : *updates) {
        if (result = SetLag(*u.mutable_status(), parts_.status.clock().Now());
            !result.ok()) {
          break;
        }
        if (!(written = writer->Write(u))) break;
      }
      if (!result.ok()) break;
      if (!written) break;  // the client went away
    } while (ticker->Wait([&] { return context->IsCancelled(); }));
    probe_.WatchClosed();
    return result;
  });
}

grpc::Status GrpcQueryService::ListAuditEntries(
    grpc::ServerContext* context, const v1::ListAuditTrailRequest* request,
    v1::ListAuditTrailResponse* response) {
  return Serve("ListAuditEntries", context, response,
               [&](const Client& client) {
                 return ListOfUnit<v1::ListAuditTrailResponse>(
                     client, request->unit_id(),
                     [&](int64_t watermark) {
                       return parts_.audit.List(*request, watermark);
                     },
                     response);
               });
}

}  // namespace giamsat::query
