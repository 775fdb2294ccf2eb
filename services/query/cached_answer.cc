#include "services/query/cached_answer.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_join.h"
#include "common/core/proto_time.h"

namespace giamsat::query {
namespace {

// The field ingestion_lag of `response` (null when it has none).
v1::IngestionLag* LagOf(google::protobuf::Message& response) {
  const google::protobuf::FieldDescriptor* field =
      response.GetDescriptor()->FindFieldByName("ingestion_lag");
  if (field == nullptr) return nullptr;
  return static_cast<v1::IngestionLag*>(
      response.GetReflection()->MutableMessage(&response, field));
}

const char* ResultName(AnswerCache::Outcome outcome) {
  switch (outcome) {
    case AnswerCache::Outcome::kHit:
      return "hit";
    case AnswerCache::Outcome::kHitRefreshing:
      return "refresh";
    case AnswerCache::Outcome::kShared:
      return "shared";
    case AnswerCache::Outcome::kMiss:
      return "miss";
    case AnswerCache::Outcome::kOff:
      break;
  }
  return nullptr;
}

}  // namespace

std::string CacheScope(const Client& client) {
  if (client.all_units) return "*";
  std::vector<std::string> units = client.units;
  std::sort(units.begin(), units.end());
  return absl::StrJoin(units, ",");
}

absl::Status SetIngestionLag(LagReader& lag, absl::Time computed_at,
                             google::protobuf::Message& response) {
  v1::IngestionLag* field = LagOf(response);
  if (field == nullptr) return absl::OkStatus();
  absl::StatusOr<v1::IngestionLag> current = lag.Current();
  if (!current.ok()) return current.status();
  *field = std::move(*current);
  *field->mutable_computed_at() = core::ToProto(computed_at);
  return absl::OkStatus();
}

absl::Status AnswerThroughCache(const AnswerSources& sources,
                                const char* method, const Client& client,
                                const google::protobuf::Message& request,
                                ComputeAnswer compute,
                                google::protobuf::Message& response) {
  absl::StatusOr<AnswerCache::Answer> got = sources.cache.Get(
      AnswerKey(CacheScope(client), method, request),
      [&lag = sources.lag, &clock = sources.clock,
       compute = std::move(compute)]()
          -> absl::StatusOr<std::shared_ptr<const google::protobuf::Message>> {
        const absl::Time read_at = clock.Now();
        absl::StatusOr<std::unique_ptr<google::protobuf::Message>> answer =
            compute();
        if (!answer.ok()) return answer.status();
        if (absl::Status s = SetIngestionLag(lag, read_at, **answer); !s.ok()) {
          return s;
        }
        return std::shared_ptr<const google::protobuf::Message>(
            std::move(*answer));
      });
  if (!got.ok()) return got.status();
  if (const char* result = ResultName(got->outcome); result != nullptr) {
    sources.probe.CacheLookup(method, result);
  }
  response.CopyFrom(*got->message);
  v1::IngestionLag* lag = LagOf(response);
  if (lag == nullptr) return absl::OkStatus();
  *lag->mutable_computed_at() = core::ToProto(got->computed_at);
  const bool again = got->outcome == AnswerCache::Outcome::kHit ||
                     got->outcome == AnswerCache::Outcome::kHitRefreshing ||
                     got->outcome == AnswerCache::Outcome::kShared;
  if (again && lag->seconds_known()) {
    const absl::Duration age = sources.clock.Now() - got->computed_at;
    lag->set_seconds(lag->seconds() +
                     std::max(0.0, absl::ToDoubleSeconds(age)));
  }
  return absl::OkStatus();
}

}  // namespace giamsat::query
