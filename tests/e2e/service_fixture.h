// Starts the shipped services as child processes against the test Kafka and
// Redis, each with its own topic/key prefix and free ports, and waits for
// their ready files.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tests/support/local_ports.h"
#include "tests/support/subprocess.h"

namespace giamsat::e2e {

class Services {
 public:
  Services();
  ~Services();

  // Starts one service; returns its ready-file path ("" if it never got
  // ready, with its output printed as a test failure).
  std::unique_ptr<testing::Subprocess> Start(const std::string& name,
                                             std::vector<std::string> extra,
                                             std::string* ready_file);

  // Common --set overrides for Kafka / Redis.
  std::vector<std::string> KafkaArgs() const;
  std::vector<std::string> RedisArgs() const;
  // Everything giamsat-rules needs: Kafka, Redis, the shipped calendar.
  std::vector<std::string> RulesArgs() const;
  // Everything giamsat-query needs: Redis, the shipped calendar, port 0;
  // its answer cache off (cache.max_age_ms=0).
  std::vector<std::string> QueryArgs() const;
  // giamsat-escalator with the config file `config` and the units file
  // given: Kafka, Redis (RulesArgs), its own consumer group, gRPC port 0.
  std::vector<std::string> EscalatorArgs(const std::string& config,
                                         const std::string& units_file) const;
  // giamsat-ingestor with the config file `config` and the reference files
  // given (e.g. those giamsat-loadgen wrote): Kafka, Redis, ports 0.
  std::vector<std::string> IngestorArgs(
      const std::string& config, const std::string& units_file,
      const std::string& procedures_file) const;

  const std::string& prefix() const { return prefix_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string prefix_;
  std::string dir_;
  int started_ = 0;
};

std::string BinaryOf(const std::string& name);

// A free TCP port on 127.0.0.1, for a private server such as a redis-server
// a test stops and starts.
using testing::FreePort;

}  // namespace giamsat::e2e
