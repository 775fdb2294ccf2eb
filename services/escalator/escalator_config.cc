#include "services/escalator/escalator_config.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace giamsat::escalator {
namespace {

bool ParseSeverity(const std::string& name, v1::Severity& out) {
  v1::Severity s;
  if (!v1::Severity_Parse("SEVERITY_" + absl::AsciiStrToUpper(name), &s) ||
      s == v1::SEVERITY_UNSPECIFIED) {
    return false;
  }
  out = s;
  return true;
}

absl::Duration WorkingHours(double h) {
  return absl::Seconds(static_cast<int64_t>(std::llround(h * 3600)));
}

void DecodePolicy(const YAML::Node& node, escalation::PolicyConfig& p,
                  std::vector<std::string>& errors) {
  auto collect = [&errors](config::ConfigReader& r) {
    if (absl::Status s = r.Finish(); !s.ok()) {
      errors.emplace_back(s.message());
    }
  };
  if (!node.IsDefined() || node.IsNull()) return;
  if (!node.IsMap()) {
    errors.push_back("policy: expected a section (mapping)");
    return;
  }
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    if (key != "levels" && key != "routes" && key != "contacts") {
      errors.push_back("policy." + key + ": unknown key");
    }
  }
  if (node["levels"].IsDefined()) {
    if (!node["levels"].IsSequence()) {
      errors.push_back("policy.levels: expected a list");
    } else {
      p.levels.clear();
      int i = 0;
      for (const auto& item : node["levels"]) {
        const std::string path = absl::StrCat("policy.levels[", i++, "]");
        auto r = config::ConfigReader::OfNode(item, path);
        escalation::LevelSpec level;
        double hours = 4;
        r.Read("unit_levels", level.unit_levels);
        r.Read("ack_within_working_hours", hours);
        if (hours <= 0) r.Fail("ack_within_working_hours", "must be > 0");
        for (const auto& l : level.unit_levels) {
          if (!units::UnitTree::IsKnownLevel(l)) {
            r.Fail("unit_levels", "unknown unit level " + l);
          }
        }
        level.ack_within = WorkingHours(hours);
        p.levels.push_back(level);
        collect(r);
      }
    }
  }
  if (node["routes"].IsDefined()) {
    if (!node["routes"].IsSequence()) {
      errors.push_back("policy.routes: expected a list");
    } else {
      p.routes.clear();
      int i = 0;
      for (const auto& item : node["routes"]) {
        const std::string path = absl::StrCat("policy.routes[", i++, "]");
        auto r = config::ConfigReader::OfNode(item, path);
        escalation::Route route;
        std::string min_severity = "warning";
        r.Read("rules", route.rules);
        r.Read("min_severity", min_severity);
        r.Read("under", route.under);
        r.Read("max_level", route.max_level);
        if (!ParseSeverity(min_severity, route.min_severity)) {
          r.Fail("min_severity", "must be info, warning or critical");
        }
        if (route.max_level < 1) r.Fail("max_level", "must be >= 1");
        p.routes.push_back(route);
        collect(r);
      }
    }
  }
  if (node["contacts"].IsDefined()) {
    if (!node["contacts"].IsMap()) {
      errors.push_back(
          "policy.contacts: expected a mapping unit id -> contact");
    } else {
      for (const auto& kv : node["contacts"]) {
        const std::string unit = kv.first.as<std::string>();
        auto r =
            config::ConfigReader::OfNode(kv.second, "policy.contacts." + unit);
        escalation::Contact c;
        r.Read("name", c.name);
        r.Read("email", c.email);
        r.Read("webhook", c.webhook);
        r.Read("alertmanager", c.alertmanager);
        if (!c.email.empty() && c.email.find('@') == std::string::npos) {
          r.Fail("email", "not an e-mail address");
        }
        if (c.name.empty()) c.name = unit;
        p.contacts[unit] = c;
        collect(r);
      }
    }
  }
}

}  // namespace

LoopConfig EscalatorConfig::loop() const {
  LoopConfig l;
  l.max_batch_records = static_cast<size_t>(max_batch_records);
  l.poll_timeout = absl::Milliseconds(poll_timeout_ms);
  l.max_backoff = absl::Milliseconds(max_backoff_ms);
  return l;
}

absl::StatusOr<EscalatorConfig> DecodeEscalatorConfig(const YAML::Node& tree,
                                                      std::string* effective) {
  EscalatorConfig c;
  c.kafka.group_id = "giamsat-escalator";
  config::ConfigReader root(tree, "");
  // The policy section is lists and maps keyed by unit id: decoded apart.
  // Its default (no contacts: nobody is notified until configured); a
  // configured policy replaces the parts it names.
  const YAML::Node defaults = YAML::Load(R"(
levels:
  - {unit_levels: [], ack_within_working_hours: 4}
  - {unit_levels: [ward, department, commune, centre], ack_within_working_hours: 8}
  - {unit_levels: [city], ack_within_working_hours: 8}
routes:
  - {rules: [], min_severity: warning, under: "", max_level: 3}
contacts: {}
)");
  YAML::Node policy = YAML::Clone(defaults);
  root.ReadTree("policy", policy);
  if (policy.IsMap()) {
    for (const char* part : {"levels", "routes", "contacts"}) {
      if (!policy[part].IsDefined()) policy[part] = YAML::Clone(defaults[part]);
    }
  }
  config::Decode(root.Section("kafka"), c.kafka);
  config::Decode(root.Section("redis"), c.redis);
  config::Decode(root.Section("metrics"), c.metrics);
  config::Decode(root.Section("log"), c.log);
  root.Section("grpc").Read("listen", c.grpc_listen);
  config::ConfigReader& cal = root.Section("calendar");
  cal.Read("base", c.calendar_base);
  cal.Read("overrides", c.calendar_overrides);
  if (c.calendar_base.empty()) cal.Fail("base", "must name a calendar file");
  root.Section("reference").Read("units_file", c.units_file);

  config::ConfigReader& p = root.Section("processing");
  p.Read("max_batch_records", c.max_batch_records);
  p.Read("poll_timeout_ms", c.poll_timeout_ms);
  p.Read("max_backoff_ms", c.max_backoff_ms);
  if (c.max_batch_records < 1) p.Fail("max_batch_records", "must be >= 1");
  if (c.poll_timeout_ms < 1) p.Fail("poll_timeout_ms", "must be >= 1");
  if (c.max_backoff_ms < 1) p.Fail("max_backoff_ms", "must be >= 1");

  config::ConfigReader& d = root.Section("delivery");
  int initial_ms = 5000, max_ms = 600000;
  d.Read("max_attempts", c.delivery.max_attempts);
  d.Read("initial_backoff_ms", initial_ms);
  d.Read("max_backoff_ms", max_ms);
  if (c.delivery.max_attempts < 1) d.Fail("max_attempts", "must be >= 1");
  if (initial_ms < 1) d.Fail("initial_backoff_ms", "must be >= 1");
  if (max_ms < initial_ms) {
    d.Fail("max_backoff_ms", "must be >= initial_backoff_ms");
  }
  c.delivery.initial_backoff = absl::Milliseconds(initial_ms);
  c.delivery.max_backoff = absl::Milliseconds(max_ms);

  config::ConfigReader& w = root.Section("webhook");
  w.Read("url", c.webhook.url);
  w.Read("secret_env", c.webhook.secret_env);
  w.Read("signature_header", c.webhook.signature_header);
  w.Read("timeout_ms", c.webhook.timeout_ms);
  config::ConfigReader& e = root.Section("email");
  e.Read("smtp_url", c.email.smtp_url);
  e.Read("from", c.email.from);
  e.Read("starttls", c.email.starttls);
  e.Read("username_env", c.email.username_env);
  e.Read("password_env", c.email.password_env);
  e.Read("timeout_ms", c.email.timeout_ms);
  config::ConfigReader& am = root.Section("alertmanager");
  am.Read("url", c.alertmanager.url);
  am.Read("timeout_ms", c.alertmanager.timeout_ms);

  config::ConfigReader& x = root.Section("escalation");
  int window_s = 300;
  double repeat_h = 4;
  std::string urgent = "critical";
  x.Read("grouping_window_seconds", window_s);
  x.Read("repeat_every_working_hours", repeat_h);
  x.Read("urgent_severity", urgent);
  if (window_s < 0) x.Fail("grouping_window_seconds", "must be >= 0");
  if (repeat_h <= 0) x.Fail("repeat_every_working_hours", "must be > 0");
  if (!ParseSeverity(urgent, c.policy.urgent_severity)) {
    x.Fail("urgent_severity", "must be info, warning or critical");
  }
  c.policy.grouping_window = absl::Seconds(window_s);
  c.policy.repeat_every = WorkingHours(repeat_h);

  std::vector<std::string> errors;
  if (effective != nullptr) *effective = root.EffectiveYaml();
  if (absl::Status s = root.Finish(); !s.ok()) errors.emplace_back(s.message());
  DecodePolicy(policy, c.policy, errors);
  if (!errors.empty()) {
    return absl::InvalidArgumentError(absl::StrJoin(errors, "; "));
  }
  return c;
}

}  // namespace giamsat::escalator
