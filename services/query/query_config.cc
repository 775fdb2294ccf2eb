#include "services/query/query_config.h"

#include "absl/strings/str_replace.h"
#include "services/query/planning_config.h"

namespace giamsat::query {

std::string IndicatorKey(const std::string& id) {
  return "i" + absl::StrReplaceAll(id, {{".", "_"}});
}

namespace {

void DecodeScoring(config::ConfigReader& root, QueryConfig& c) {
  config::ConfigReader& d766 = root.Section("indicators_766");
  for (domain::IndicatorSpec& spec : c.indicators_766.indicators) {
    config::ConfigReader& entry = d766.Section(IndicatorKey(spec.id));
    entry.Read("group", spec.group);
    entry.Read("max_points", spec.max_points);
    entry.Read("target", spec.target);
    if (spec.group.empty()) entry.Fail("group", "must be set");
    if (!(spec.max_points >= 0)) entry.Fail("max_points", "must be >= 0");
    if (!(spec.target > 0 && spec.target <= 1)) {
      entry.Fail("target", "must be a share in (0, 1]");
    }
  }
  config::ConfigReader& tt01 = root.Section("tt01");
  tt01.Read("excellent_from", c.tt01.excellent_from);
  tt01.Read("good_from", c.tt01.good_from);
  tt01.Read("fair_from", c.tt01.fair_from);
  tt01.Read("average_from", c.tt01.average_from);
  tt01.Read("step_on_time_points", c.tt01.step_on_time_points);
  tt01.Read("online_points", c.tt01.online_points);
  if (absl::Status v = domain::ValidateTt01Config(c.tt01, "tt01"); !v.ok()) {
    // The message names the key: "tt01.<key>: <reason>".
    const std::string m(v.message());
    const size_t colon = m.find(": ");
    tt01.Fail(m.substr(5, colon - 5), m.substr(colon + 2));
  }
}

}  // namespace

absl::StatusOr<QueryConfig> DecodeQueryConfig(const YAML::Node& tree,
                                              std::string* effective) {
  QueryConfig c;
  config::ConfigReader root(tree, "");
  c.redis.pool_size = kDefaultRedisPoolSize;
  config::Decode(root.Section("redis"), c.redis);
  config::Decode(root.Section("metrics"), c.metrics);
  config::Decode(root.Section("log"), c.log);
  config::ConfigReader& grpc = root.Section("grpc");
  grpc.Read("listen", c.grpc_listen);
  grpc.Read("max_request_bytes", c.grpc_max_request_bytes);
  if (c.grpc_max_request_bytes < 1024) {
    grpc.Fail("max_request_bytes", "must be >= 1024");
  }
  config::ConfigReader& tls = root.Section("tls");
  tls.Read("cert_file", c.tls_cert_file);
  tls.Read("key_file", c.tls_key_file);
  tls.Read("client_ca_file", c.tls_client_ca_file);
  tls.Read("require_client_cert", c.tls_require_client_cert);
  if (c.tls_cert_file.empty() != c.tls_key_file.empty()) {
    tls.Fail("key_file", "cert_file and key_file go together");
  }
  if (!c.tls_client_ca_file.empty() && c.tls_cert_file.empty()) {
    tls.Fail("client_ca_file", "needs cert_file and key_file");
  }
  if (c.tls_require_client_cert && c.tls_client_ca_file.empty()) {
    tls.Fail("require_client_cert", "needs client_ca_file");
  }
  root.Section("auth").Read("tokens_file", c.auth_tokens_file);
  root.Section("reference").Read("units_file", c.units_file);
  config::ConfigReader& cal = root.Section("calendar");
  cal.Read("base", c.calendar_base);
  cal.Read("overrides", c.calendar_overrides);
  if (c.calendar_base.empty()) cal.Fail("base", "must name a calendar file");
  config::ConfigReader& dossier = root.Section("dossier");
  dossier.Read("default_counting_mode", c.default_counting_mode);
  if (c.default_counting_mode != "days" && c.default_counting_mode != "hours") {
    dossier.Fail("default_counting_mode", "must be days or hours");
  }
  config::ConfigReader& feedback = root.Section("feedback");
  c.feedback_limits.ForEachKey(
      [&](const char* key, int& value) { feedback.Read(key, value); });
  if (absl::Status v =
          domain::ValidateFeedbackRulesConfig(c.feedback_limits.ToConfig());
      !v.ok()) {
    feedback.Fail("limits", std::string(v.message()));
  }
  config::ConfigReader& limits = root.Section("limits");
  limits.Read("default_page_size", c.default_page_size);
  limits.Read("max_page_size", c.max_page_size);
  limits.Read("max_watch_units", c.max_watch_units);
  if (c.max_page_size < 1) limits.Fail("max_page_size", "must be >= 1");
  if (c.default_page_size < 1 || c.default_page_size > c.max_page_size) {
    limits.Fail("default_page_size", "must be 1..max_page_size");
  }
  if (c.max_watch_units < 1) limits.Fail("max_watch_units", "must be >= 1");
  config::ConfigReader& watch = root.Section("watch");
  watch.Read("poll_interval_ms", c.watch_poll_interval_ms);
  watch.Read("coalesce_ms", c.watch_coalesce_ms);
  if (c.watch_poll_interval_ms < 10) {
    watch.Fail("poll_interval_ms", "must be >= 10");
  }
  if (c.watch_coalesce_ms < 0) watch.Fail("coalesce_ms", "must be >= 0");
  config::ConfigReader& cache = root.Section("cache");
  cache.Read("max_age_ms", c.cache_max_age_ms);
  cache.Read("max_entries", c.cache_max_entries);
  cache.Read("refresh_ahead", c.cache_refresh_ahead);
  if (c.cache_max_age_ms < 0) cache.Fail("max_age_ms", "must be >= 0");
  if (c.cache_max_entries < 1) cache.Fail("max_entries", "must be >= 1");
  DecodeScoring(root, c);
  DecodePlanningConfig(root.Section("inspection_planning"), c.planning);
  // The planning view scores units with the same 766 points and targets.
  c.planning.indicators = c.indicators_766;
  if (effective != nullptr) *effective = root.EffectiveYaml();
  if (absl::Status s = root.Finish(); !s.ok()) return s;
  return c;
}

}  // namespace giamsat::query
