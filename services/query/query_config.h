// Typed configuration of giamsat-query (see deploy/config/query.yaml, which
// lists every key with its default). Validated once by DecodeQueryConfig:
// errors name the key.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/sections.h"
#include "common/domain/feedback_rules.h"
#include "common/domain/indicators.h"
#include "common/domain/tt01_scoring.h"
#include "common/inspection/candidates.h"
#include "yaml-cpp/yaml.h"

namespace giamsat::query {

inline constexpr char kDefaultUnitsFile[] =
    "deploy/config/reference/units.yaml";

// Redis connections of the query service's readers (redis.pool_size).
inline constexpr int kDefaultRedisPoolSize = 4;

struct QueryConfig {
  // redis.pool_size defaults to kDefaultRedisPoolSize here.
  config::RedisConfig redis;
  config::MetricsConfig metrics{"127.0.0.1:9466"};
  config::LogConfig log;
  // gRPC QueryService address; port 0 picks a free port.
  std::string grpc_listen = "127.0.0.1:50052";
  // Largest request accepted, in bytes (RESOURCE_EXHAUSTED above).
  int grpc_max_request_bytes = 64 * 1024;

  // TLS: both files set serves TLS only; both empty serves plaintext.
  std::string tls_cert_file;
  std::string tls_key_file;
  // PEM CA bundle: when set, client certificates are requested and
  // verified against it.
  std::string tls_client_ca_file;
  // Refuse clients without a valid certificate (needs tls.client_ca_file).
  bool tls_require_client_cert = false;

  // Bearer tokens and the unit subtrees of each client (access_policy.h);
  // empty: no authentication, every caller may read every unit.
  std::string auth_tokens_file;

  // The unit hierarchy (unit_tree.h). A missing file at the default path
  // is tolerated (empty hierarchy, logged); a missing explicit file is not.
  std::string units_file = kDefaultUnitsFile;

  // The legal calendar (as giamsat-rules' calendar section).
  std::string calendar_base = "deploy/config/calendars/vn-public-sector.yaml";
  std::vector<std::string> calendar_overrides;
  // As giamsat-rules' dossier.default_counting_mode: days | hours.
  std::string default_counting_mode = "days";
  // As giamsat-rules' feedback section: the limits GetFeedback explains.
  domain::FeedbackLimitSettings feedback_limits;

  // Page sizes of the List* calls.
  int default_page_size = 50;
  int max_page_size = 500;
  // Most units one WatchUnitStatus stream may watch.
  int max_watch_units = 100;
  // How often a watch stream polls the store, and the shortest time
  // between two messages about one unit, in milliseconds.
  int watch_poll_interval_ms = 500;
  int watch_coalesce_ms = 1000;
  // The answer cache (answer_cache.h): how long an answer of GetUnitStatus,
  // GetUnitIndicators, ListUnitStatuses or ListInspectionCandidates is
  // given again to identical calls, in milliseconds (0: no cache), and how
  // many answers are kept at most. With refresh_ahead, answers in steady
  // use are read again in the background from half their lifetime, so
  // callers do not wait for the store when they expire.
  int cache_max_age_ms = 1000;
  int cache_max_entries = 10000;
  bool cache_refresh_ahead = true;

  // Decision 766 points and targets (section indicators_766, one
  // subsection per indicator: i2_1, i2_2, ... with group, max_points,
  // target) and TT 01/2018 bands (section tt01); defaults in
  // common/domain/indicators.h and tt01_scoring.h.
  domain::IndicatorsConfig indicators_766;
  domain::Tt01Config tt01;
  // ListInspectionCandidates thresholds, weights and plan targets
  // (section "inspection_planning", docs/inspections.md).
  inspection::PlanningConfig planning;
};

// "2.1" -> "i2_1": the config key of an indicator.
std::string IndicatorKey(const std::string& id);

// `effective` (optional) receives ConfigReader::EffectiveYaml().
absl::StatusOr<QueryConfig> DecodeQueryConfig(const YAML::Node& tree,
                                              std::string* effective = nullptr);

}  // namespace giamsat::query
