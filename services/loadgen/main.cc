// giamsat-loadgen: writes a synthetic, deterministic workload of a city
// shaped like Hanoi (services/loadgen/scenario.h) as JSONL files and/or
// publishes it to Kafka, with the reference files the ingestor needs and a
// JSON description of what it generated. Wiring only.
#include <fstream>
#include <iostream>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "common/calendar/calendar_loader.h"
#include "common/kafka/kafka_admin.h"
#include "common/kafka/kafka_publisher.h"
#include "prometheus/registry.h"
#include "services/loadgen/event_sinks.h"
#include "services/loadgen/scenario.h"

namespace {

absl::Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  return out ? absl::OkStatus()
             : absl::UnavailableError(absl::StrCat("cannot write ", path));
}

int Fail(const absl::Status& s) {
  std::cerr << "giamsat-loadgen: " << s.ToString() << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace giamsat;
  CLI::App app{"giamsat-loadgen: synthetic workload of a city like Hanoi"};
  loadgen::ScenarioOptions options;
  std::string start = "2026-01-05T00:00:00+07:00";
  std::string end = "2026-02-02T00:00:00+07:00";
  std::string calendar_path = "deploy/config/calendars/vn-public-sector.yaml";
  std::string jsonl, describe, units_out, procedures_out;
  int64_t split_lines = 0;
  int settle_minutes = 120;
  std::string kafka_bootstrap, topic_prefix;
  double rate = 0;
  int partitions = 6;
  app.add_option("--seed", options.seed, "Random seed (same seed, same data)");
  app.add_option("--start", start, "First instant, RFC 3339");
  app.add_option("--end", end,
                 "End instant (exclusive), RFC 3339; 'now' for now");
  app.add_option("--dossiers", options.dossiers,
                 "Dossiers received in [start, end)");
  app.add_option("--feedback-per-dossier", options.feedback_per_dossier,
                 "Feedback items per dossier");
  app.add_option("--localities", options.localities,
                 "Wards and communes (126)");
  app.add_option("--departments", options.departments, "Departments (30)");
  app.add_option("--id-prefix", options.id_prefix, "Prefix of every id");
  app.add_option("--source-system", options.source_system,
                 "sourceSystem of events");
  app.add_option("--settle-minutes", settle_minutes,
                 "No open dossier falls due this soon after end");
  app.add_option("--calendar", calendar_path, "Working calendar file");
  app.add_option("--jsonl", jsonl, "Write the events to this JSONL file");
  app.add_option(
      "--split-lines", split_lines,
      "At most this many lines per JSONL file (files FILE.00000, ...)");
  app.add_option("--describe", describe, "Write the description (JSON) here");
  app.add_option("--units-out", units_out,
                 "Write the units reference YAML here");
  app.add_option("--procedures-out", procedures_out,
                 "Write the procedures reference YAML here");
  app.add_option("--kafka", kafka_bootstrap, "Publish to this Kafka bootstrap");
  app.add_option("--topic-prefix", topic_prefix, "Prefix of the topic names");
  app.add_option("--partitions", partitions, "Partitions of topics it creates");
  app.add_option("--rate", rate,
                 "Events per second to Kafka (0: as fast as possible)");
  CLI11_PARSE(app, argc, argv);

  std::string err;
  if (end == "now") {
    options.end = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  } else if (!absl::ParseTime(absl::RFC3339_full, end, &options.end, &err)) {
    return Fail(absl::InvalidArgumentError("--end: " + err));
  }
  if (!absl::ParseTime(absl::RFC3339_full, start, &options.start, &err)) {
    return Fail(absl::InvalidArgumentError("--start: " + err));
  }
  options.settle_margin = absl::Minutes(settle_minutes);
  absl::StatusOr<calendar::Calendar> cal =
      calendar::LoadCalendar(calendar_path);
  if (!cal.ok()) return Fail(cal.status());
  auto generator = loadgen::Generator::Create(
      std::make_shared<calendar::Calendar>(std::move(*cal)), options);
  if (!generator.ok()) return Fail(generator.status());
  if (!units_out.empty()) {
    if (auto s = WriteFile(units_out, loadgen::UnitsYaml((*generator)->city()));
        !s.ok()) {
      return Fail(s);
    }
  }
  if (!procedures_out.empty()) {
    if (auto s = WriteFile(procedures_out, loadgen::ProceduresYaml(
                                               loadgen::ProcedureCatalogue()));
        !s.ok()) {
      return Fail(s);
    }
  }

  std::vector<std::unique_ptr<loadgen::EventSink>> sinks;
  if (!jsonl.empty()) {
    sinks.push_back(std::make_unique<loadgen::JsonlSink>(jsonl, split_lines));
  }
  prometheus::Registry registry;
  core::SystemClock clock;
  std::unique_ptr<kafka::KafkaPublisher> publisher;
  if (!kafka_bootstrap.empty()) {
    config::KafkaConfig kafka;
    kafka.bootstrap = kafka_bootstrap;
    kafka.topic_prefix = topic_prefix;
    kafka.partitions = partitions;
    const events::Topics topics(topic_prefix);
    if (auto s = kafka::EnsureTopics(
            kafka, {topics.DossierEvents(), topics.FeedbackEvents()});
        !s.ok()) {
      return Fail(s);
    }
    auto p = kafka::KafkaPublisher::Create(kafka, "giamsat-loadgen", registry);
    if (!p.ok()) return Fail(p.status());
    publisher = std::move(*p);
    const size_t batch =
        rate > 0 ? std::max<size_t>(1, static_cast<size_t>(rate / 100)) : 2000;
    sinks.push_back(std::make_unique<loadgen::KafkaSink>(
        *publisher, topics, rate, batch, clock, [](absl::Duration d) {
          std::this_thread::sleep_for(absl::ToChronoNanoseconds(d));
        }));
  }

  const absl::Time began = absl::Now();
  absl::StatusOr<loadgen::Description> d =
      (*generator)->Run([&](const v1::Event& e) {
        for (auto& sink : sinks) {
          if (absl::Status s = sink->Write(e); !s.ok()) return s;
        }
        return absl::OkStatus();
      });
  if (!d.ok()) return Fail(d.status());
  for (auto& sink : sinks) {
    if (absl::Status s = sink->Flush(); !s.ok()) return Fail(s);
  }
  if (!describe.empty()) {
    if (auto s = WriteFile(describe, loadgen::DescriptionJson(*d)); !s.ok()) {
      return Fail(s);
    }
  }
  const loadgen::UnitFigures total = d->Total();
  std::cerr << "giamsat-loadgen: " << d->events << " events (" << d->dossiers
            << " dossiers, " << d->feedback << " feedback items) in "
            << absl::FormatDuration(absl::Now() - began) << "; resolved "
            << total.resolved << " (" << total.resolved_late << " late), open "
            << total.open << " (" << total.open_overdue << " overdue)\n";
  return 0;
}
