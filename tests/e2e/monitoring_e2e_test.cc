// End to end for the monitoring configuration: the shipped services run
// against the test Kafka and Redis while a generated workload flows (valid,
// invalid and overdue dossiers, resolutions this month, feedback, query
// calls); the real Prometheus from Debian scrapes them every second with the
// shipped rule files. Then EVERY PromQL expression of every Grafana
// dashboard (deploy/grafana/dashboards/*.json, template variables resolved
// the way Grafana does) and of every recording and alerting rule
// (deploy/prometheus/rules/*.yml) is evaluated through /api/v1/query: each
// must be valid, and must return data unless it is listed below as
// legitimately empty. Every metric name an expression mentions must exist.
// New panels and rules are covered without changing this test.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "giamsat/v1/ingest.grpc.pb.h"
#include "giamsat/v1/query.grpc.pb.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/service_fixture.h"
#include "tests/support/event_builders.h"
#include "tests/support/local_ports.h"
#include "tests/support/subprocess.h"
#include "yaml-cpp/yaml.h"

namespace giamsat::e2e {
namespace {

using ::giamsat::testing::ReadyFileValue;
using Json = nlohmann::json;

// Expressions that may return nothing in a healthy run, each with the
// reason. Alert expressions must return nothing (a healthy system raises
// no system alert); everything else must return data.
const std::map<std::string, std::string>& LegitimatelyEmpty() {
  static const auto* kEmpty = new std::map<std::string, std::string>{
      {"system-health.json/Errors/A", "no Redis round trip fails"},
      {"system-health.json/Errors/B", "no rules commit fails"},
      {"system-health.json/Errors/D", "the ingestor turns nothing away"},
  };
  return *kEmpty;
}

// Metrics that exist only once something failed (prometheus-cpp exposes a
// labelled family only after its first series is created).
const std::set<std::string>& OnlyOnFailure() {
  static const auto* kNames = new std::set<std::string>{
      "giamsat_redis_errors_total", "giamsat_ingestor_unavailable_total"};
  return *kNames;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// One PromQL expression to check and where it comes from.
struct Expression {
  std::string where;  // "file/panel title/refId" or "file/rule name"
  std::string expr;
  bool alert = false;  // alerting rule: must be empty in a healthy run
};

struct Answer {
  bool valid = false;
  size_t series = 0;
  std::string error;
  Json result;
};

class Prometheus {
 public:
  explicit Prometheus(const std::string& address)
      : client_("http://" + address) {
    client_.set_read_timeout(10, 0);
  }

  bool Ready() {
    auto res = client_.Get("/-/ready");
    return res && res->status == 200;
  }

  Answer Query(const std::string& expr) {
    Answer a;
    auto res = client_.Post("/api/v1/query", httplib::Params{{"query", expr}});
    if (!res) {
      a.error = "no answer from Prometheus";
      return a;
    }
    Json body = Json::parse(res->body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded() || body.value("status", "") != "success") {
      a.error = res->body;
      return a;
    }
    a.valid = true;
    a.result = body["data"]["result"];
    a.series = a.result.is_array() ? a.result.size() : 1;
    return a;
  }

  std::set<std::string> MetricNames() {
    std::set<std::string> names;
    auto res = client_.Get("/api/v1/label/__name__/values");
    if (!res) return names;
    Json body = Json::parse(res->body, nullptr, false);
    if (body.is_discarded()) return names;
    for (const auto& n : body["data"]) names.insert(n.get<std::string>());
    return names;
  }

  // Number of active scrape targets that are up.
  int TargetsUp() {
    Answer a = Query(R"(sum(up{job="giamsat"}))");
    if (!a.valid || a.series == 0) return 0;
    return std::stoi(a.result[0]["value"][1].get<std::string>());
  }

 private:
  httplib::Client client_;
};

// Template variables of a dashboard resolved as Grafana would with the
// default selection: "All" (allValue) for multi-value variables with
// includeAll, else the first value label_values() returns.
std::map<std::string, std::string> ResolveVariables(
    const Json& board, const std::string& file, Prometheus& prom,
    std::vector<std::string>& problems) {
  std::map<std::string, std::string> values;
  static const std::regex kLabelValues(
      R"(^\s*label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$)");
  for (const Json& v : board["templating"]["list"]) {
    if (v.value("type", "") != "query") continue;
    const std::string name = v["name"].get<std::string>();
    std::string query = v["query"].is_object() ? v["query"].value("query", "")
                                               : v["query"].get<std::string>();
    std::smatch m;
    if (!std::regex_match(query, m, kLabelValues)) {
      problems.push_back(
          absl::StrCat(file, " variable ", name,
                       ": not label_values(expr, label): ", query));
      continue;
    }
    Answer a = prom.Query(m[1].str());
    std::set<std::string> found;
    if (a.valid) {
      for (const Json& s : a.result) {
        if (s["metric"].contains(m[2].str())) {
          found.insert(s["metric"][m[2].str()].get<std::string>());
        }
      }
    }
    if (found.empty()) {
      problems.push_back(absl::StrCat(file, " variable ", name, ": ", query,
                                      " has no value ", a.error));
      continue;
    }
    values[name] = v.value("includeAll", false)
                       ? v.value("allValue", std::string(".*"))
                       : *found.begin();
  }
  return values;
}

std::string Substitute(std::string expr,
                       const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    expr = absl::StrReplaceAll(
        expr, {{"${" + name + "}", value}, {"$" + name, value}});
  }
  return absl::StrReplaceAll(
      expr,
      {{"$__rate_interval", "1m"}, {"$__interval", "15s"}, {"$__range", "5m"}});
}

void CollectPanels(const Json& panels, const std::string& file,
                   const std::map<std::string, std::string>& values,
                   std::vector<Expression>& out) {
  for (const Json& p : panels) {
    if (p.contains("panels")) CollectPanels(p["panels"], file, values, out);
    if (!p.contains("targets")) continue;
    for (const Json& t : p["targets"]) {
      if (!t.contains("expr")) continue;
      out.push_back({absl::StrCat(file, "/", p.value("title", ""), "/",
                                  t.value("refId", "")),
                     Substitute(t["expr"].get<std::string>(), values)});
    }
  }
}

std::vector<Expression> RuleExpressions(std::vector<std::string>& problems) {
  std::vector<Expression> out;
  const std::string dir =
      std::string(GIAMSAT_SOURCE_DIR) + "/deploy/prometheus/rules";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yml") continue;
    const std::string file = entry.path().filename().string();
    YAML::Node doc = YAML::LoadFile(entry.path().string());
    for (const YAML::Node& group : doc["groups"]) {
      for (const YAML::Node& rule : group["rules"]) {
        const bool alert = static_cast<bool>(rule["alert"]);
        const std::string name = alert ? rule["alert"].as<std::string>()
                                       : rule["record"].as<std::string>();
        if (!rule["expr"]) {
          problems.push_back(absl::StrCat(file, "/", name, ": no expr"));
          continue;
        }
        out.push_back({absl::StrCat(file, "/", name),
                       rule["expr"].as<std::string>(), alert});
      }
    }
  }
  return out;
}

// Metric names an expression mentions (giamsat_* and recorded giamsat:*).
std::set<std::string> MentionedMetrics(const std::string& expr) {
  static const std::regex kName(R"(\bgiamsat[_:][a-zA-Z0-9_:]*)");
  std::set<std::string> names;
  for (auto it = std::sregex_iterator(expr.begin(), expr.end(), kName);
       it != std::sregex_iterator(); ++it) {
    names.insert(it->str());
  }
  return names;
}

class MonitoringTest : public ::testing::Test {
 protected:
  void StartServices() {
    const std::string p = services_.prefix();
    units_ = {p + "HN.W1", p + "HN.W2", p + "HN.SO"};
    const std::string units_file = services_.dir() + "/units.yaml";
    std::ofstream(units_file)
        << "units:\n"
        << "  - {id: " << p << "HN, name: City, "
        << "level: city}\n"
        << "  - {id: " << units_[0]
        << ", name: Ward 1, level: ward, parent: " << p << "HN}\n"
        << "  - {id: " << units_[1]
        << ", name: Ward 2, level: ward, parent: " << p << "HN}\n"
        << "  - {id: " << units_[2] << ", name: Department, level: department, "
        << "parent: " << p << "HN}\n";
    std::vector<std::string> ingestor_args = services_.KafkaArgs();
    const auto redis = services_.RedisArgs();
    ingestor_args.insert(ingestor_args.end(), redis.begin(), redis.end());
    ingestor_args.insert(ingestor_args.end(),
                         {"--set", "grpc.listen=127.0.0.1:0", "--set",
                          "http.listen=127.0.0.1:0"});
    std::string rules_ready;
    rules_ = services_.Start("rules", services_.RulesArgs(), &rules_ready);
    ingestor_ = services_.Start("ingestor", ingestor_args, &ingestor_ready_);
    std::vector<std::string> query_args = services_.QueryArgs();
    query_args.insert(query_args.end(),
                      {"--set", "reference.units_file=" + units_file});
    query_ = services_.Start("query", query_args, &query_ready_);
    // The escalator with no channel: the alerts it consumes are decided and
    // audited, and notified nowhere.
    const std::string escalator_config = services_.dir() + "/escalator.yaml";
    std::ofstream(escalator_config)
        << "escalation: {grouping_window_seconds: 0}\n";
    std::string escalator_ready;
    escalator_ = services_.Start(
        "escalator", services_.EscalatorArgs(escalator_config, units_file),
        &escalator_ready);
    ASSERT_FALSE(escalator_ready.empty());
    ASSERT_FALSE(rules_ready.empty());
    ASSERT_FALSE(ingestor_ready_.empty());
    ASSERT_FALSE(query_ready_.empty());
    targets_ = {
        {"giamsat-ingestor", ReadyFileValue(ingestor_ready_, "metrics")},
        {"giamsat-rules", ReadyFileValue(rules_ready, "metrics")},
        {"giamsat-query", ReadyFileValue(query_ready_, "metrics")},
        {"giamsat-escalator", ReadyFileValue(escalator_ready, "metrics")}};
    ingest_ = v1::IngestService::NewStub(
        grpc::CreateChannel(ReadyFileValue(ingestor_ready_, "grpc"),
                            grpc::InsecureChannelCredentials()));
    query_stub_ = v1::QueryService::NewStub(
        grpc::CreateChannel(ReadyFileValue(query_ready_, "grpc"),
                            grpc::InsecureChannelCredentials()));
  }

  // The real Prometheus, scraping every second, with the shipped rules.
  void StartPrometheus() {
    const int port = FreePort();
    ASSERT_NE(port, 0);
    const std::string dir = services_.dir() + "/prometheus";
    std::filesystem::create_directories(dir + "/data");
    std::ofstream config(dir + "/prometheus.yml");
    config << "global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n"
           << "  evaluation_interval: 1s\n"
           << "rule_files:\n  - \"" << GIAMSAT_SOURCE_DIR
           << "/deploy/prometheus/rules/*.yml\"\n"
           << "scrape_configs:\n  - job_name: giamsat\n"
           << "    honor_labels: true\n    static_configs:\n";
    for (const auto& [service, address] : targets_) {
      config << "      - targets: [\"" << address << "\"]\n"
             << "        labels: {service: " << service << "}\n";
    }
    config.close();
    prometheus_process_ = std::make_unique<testing::Subprocess>(
        "/usr/bin/prometheus",
        std::vector<std::string>{
            "--config.file=" + dir + "/prometheus.yml",
            "--storage.tsdb.path=" + dir + "/data", "--log.level=warn",
            absl::StrCat("--web.listen-address=127.0.0.1:", port)},
        dir + "/prometheus.log");
    prometheus_ =
        std::make_unique<Prometheus>(absl::StrCat("127.0.0.1:", port));
    ASSERT_TRUE(testing::Eventually([&] { return prometheus_->Ready(); },
                                    absl::Seconds(60)))
        << prometheus_process_->Output();
    const int services = static_cast<int>(targets_.size());
    ASSERT_TRUE(testing::Eventually(
        [&] { return prometheus_->TargetsUp() == services; },
        absl::Seconds(60)))
        << "the " << services << " services are not all scraped";
  }

  void Ingest(const v1::Event& e) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(30));
    v1::IngestResult result;
    grpc::Status s = ingest_->Ingest(&ctx, e, &result);
    EXPECT_TRUE(s.ok()) << e.event_id() << ": " << s.error_message();
  }

  // A few hundred events: receipts (a quarter of them 40 days old, so
  // overdue at once), resolutions today (on time and late), feedback 60
  // days old (overdue), and invalid events over HTTP.
  void SendWorkload() {
    const absl::Time now = absl::Now() - absl::Minutes(1);
    const absl::Time old = now - absl::Hours(24 * 40);
    const std::string p = services_.prefix();
    for (int i = 0; i < 240; ++i) {
      const std::string unit = units_[i % units_.size()];
      const std::string dossier = absl::StrCat(p, "D", i);
      const bool overdue = i % 4 == 0;
      Ingest(testing::DossierReceived(absl::StrCat(p, "r", i), dossier, unit,
                                      overdue ? old : now - absl::Minutes(5)));
      if (i % 4 == 1 || i % 8 == 0) {
        Ingest(testing::DossierResolved(absl::StrCat(p, "s", i), dossier, unit,
                                        now));
      }
    }
    for (int i = 0; i < 12; ++i) {
      const std::string unit = units_[i % units_.size()];
      const std::string id = absl::StrCat(p, "F", i);
      const absl::Time at = now - absl::Hours(24 * 60);
      Ingest(testing::FeedbackEvent(absl::StrCat(p, "fr", i), id,
                                    v1::FEEDBACK_RECEIVED, unit, at));
      Ingest(testing::FeedbackEvent(absl::StrCat(p, "fa", i), id,
                                    v1::FEEDBACK_ASSIGNED, unit,
                                    at + absl::Hours(1)));
    }
    httplib::Client http("http://" + ReadyFileValue(ingestor_ready_, "http"));
    for (int i = 0; i < 30; ++i) {
      // No sourceSystem, no occurredAt, no payload: rejected with reasons.
      auto res = http.Post("/v1/events",
                           absl::StrCat(R"({"eventId":")", p, "bad", i,
                                        R"(","unitId":")", units_[0], R"("})"),
                           "application/json");
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 400) << res->body;
    }
  }

  void CallQueryApi() {
    for (const std::string& unit : units_) {
      grpc::ClientContext ctx;
      v1::GetUnitStatusRequest request;
      request.set_unit_id(unit);
      v1::UnitStatus status;
      EXPECT_TRUE(query_stub_->GetUnitStatus(&ctx, request, &status).ok());
    }
    grpc::ClientContext ctx;
    v1::GetUnitStatusRequest empty;
    v1::UnitStatus status;
    EXPECT_EQ(query_stub_->GetUnitStatus(&ctx, empty, &status).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }

  std::vector<Expression> AllExpressions(std::vector<std::string>& problems) {
    std::vector<Expression> all = RuleExpressions(problems);
    const std::string dir =
        std::string(GIAMSAT_SOURCE_DIR) + "/deploy/grafana/dashboards";
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".json") continue;
      const std::string file = entry.path().filename().string();
      Json board = Json::parse(ReadFile(entry.path().string()));
      const auto values = ResolveVariables(board, file, *prometheus_, problems);
      CollectPanels(board["panels"], file, values, all);
    }
    return all;
  }

  // Problems with the expressions now; empty when all is as it must be.
  std::vector<std::string> Check(size_t* checked) {
    std::vector<std::string> problems;
    const std::vector<Expression> all = AllExpressions(problems);
    *checked = all.size();
    const std::set<std::string> names = prometheus_->MetricNames();
    for (const Expression& e : all) {
      Answer a = prometheus_->Query(e.expr);
      if (!a.valid) {
        problems.push_back(
            absl::StrCat(e.where, ": invalid: ", a.error, "\n  ", e.expr));
        continue;
      }
      const bool may_be_empty = LegitimatelyEmpty().count(e.where) > 0;
      if (e.alert && a.series > 0) {
        problems.push_back(absl::StrCat(e.where, ": fires in a healthy run: ",
                                        a.result.dump(), "\n  ", e.expr));
      } else if (!e.alert && !may_be_empty && a.series == 0) {
        problems.push_back(absl::StrCat(e.where, ": no data\n  ", e.expr));
      }
      for (const std::string& name : MentionedMetrics(e.expr)) {
        if (!names.count(name) && !OnlyOnFailure().count(name)) {
          problems.push_back(
              absl::StrCat(e.where, ": metric ", name, " does not exist"));
        }
      }
    }
    return problems;
  }

  Services services_;
  std::vector<std::string> units_;
  std::string ingestor_ready_, query_ready_;
  std::map<std::string, std::string> targets_;
  std::unique_ptr<testing::Subprocess> ingestor_, rules_, query_, escalator_;
  std::unique_ptr<testing::Subprocess> prometheus_process_;
  std::unique_ptr<Prometheus> prometheus_;
  std::unique_ptr<v1::IngestService::Stub> ingest_;
  std::unique_ptr<v1::QueryService::Stub> query_stub_;
};

TEST_F(MonitoringTest, EveryDashboardAndRuleExpressionWorksOnLiveData) {
  ASSERT_NO_FATAL_FAILURE(StartServices());
  ASSERT_NO_FATAL_FAILURE(StartPrometheus());
  ASSERT_NO_FATAL_FAILURE(SendWorkload());
  CallQueryApi();

  // Scrapes and rule evaluations catch up within seconds; poll until every
  // expression is as it must be, then report what still is not.
  std::vector<std::string> problems;
  size_t checked = 0;
  testing::Eventually(
      [&] {
        problems = Check(&checked);
        return problems.empty();
      },
      absl::Seconds(180));
  EXPECT_THAT(problems, ::testing::IsEmpty()) << "Prometheus log:\n"
                                              << prometheus_process_->Output();
  // The dashboards and rules are not empty: 3 dashboards, 2 rule files.
  EXPECT_GE(checked, 60u);

  // Figures the workload must have produced, as Prometheus sees them.
  Answer overdue = prometheus_->Query(
      absl::StrCat(R"(sum(giamsat:unit_open_overdue_dossiers:max{unit=~")",
                   services_.prefix(), R"(.*"}))"));
  ASSERT_TRUE(overdue.valid && overdue.series == 1);
  EXPECT_GT(std::stod(overdue.result[0]["value"][1].get<std::string>()), 0);
  Answer feedback = prometheus_->Query(absl::StrCat(
      R"(sum(giamsat:unit_open_overdue_feedback_items:max{unit=~")",
      services_.prefix(), R"(.*"}))"));
  ASSERT_TRUE(feedback.valid && feedback.series == 1);
  EXPECT_GT(std::stod(feedback.result[0]["value"][1].get<std::string>()), 0);
  Answer rate = prometheus_->Query(
      absl::StrCat(R"(min(giamsat:unit_month_on_time:ratio{unit=~")",
                   services_.prefix(), R"(.*"}))"));
  ASSERT_TRUE(rate.valid && rate.series == 1);
  EXPECT_LT(std::stod(rate.result[0]["value"][1].get<std::string>()), 1);
  Answer rejected = prometheus_->Query(
      R"(sum(giamsat_ingestor_events_total{outcome="rejected"}))");
  ASSERT_TRUE(rejected.valid && rejected.series == 1);
  EXPECT_GE(std::stod(rejected.result[0]["value"][1].get<std::string>()), 30);
}

}  // namespace
}  // namespace giamsat::e2e
