#include "common/kafka/client_properties.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace giamsat::kafka {
namespace {

absl::StatusOr<std::string> FromEnv(const std::string& key,
                                    const std::string& var) {
  const char* value = std::getenv(var.c_str());
  if (value == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "kafka.", key, ": environment variable ", var, " is not set"));
  }
  return std::string(value);
}

}  // namespace

absl::StatusOr<Properties> CommonProperties(const config::KafkaConfig& config,
                                            const std::string& client_id) {
  Properties p;
  p["bootstrap.servers"] = config.bootstrap;
  p["client.id"] = client_id;
  p["security.protocol"] = config.security_protocol;
  p["log.connection.close"] = "false";
  if (!config.ssl_ca_file.empty()) p["ssl.ca.location"] = config.ssl_ca_file;
  if (config.security_protocol.starts_with("sasl")) {
    if (config.sasl_mechanism.empty()) {
      return absl::InvalidArgumentError(
          "kafka.sasl_mechanism: required with a sasl security_protocol");
    }
    p["sasl.mechanisms"] = config.sasl_mechanism;
    absl::StatusOr<std::string> user =
        FromEnv("sasl_username_env", config.sasl_username_env);
    if (!user.ok()) return user.status();
    absl::StatusOr<std::string> password =
        FromEnv("sasl_password_env", config.sasl_password_env);
    if (!password.ok()) return password.status();
    p["sasl.username"] = *user;
    p["sasl.password"] = *password;
  }
  return p;
}

absl::StatusOr<Properties> ProducerProperties(const config::KafkaConfig& config,
                                              const std::string& client_id) {
  absl::StatusOr<Properties> p = CommonProperties(config, client_id);
  if (!p.ok()) return p;
  (*p)["enable.idempotence"] = "true";
  (*p)["acks"] = "all";
  (*p)["linger.ms"] = "5";
  (*p)["compression.type"] = "lz4";
  (*p)["message.timeout.ms"] = absl::StrCat(config.delivery_timeout_ms);
  return p;
}

absl::StatusOr<Properties> ConsumerProperties(const config::KafkaConfig& config,
                                              const std::string& client_id) {
  absl::StatusOr<Properties> p = CommonProperties(config, client_id);
  if (!p.ok()) return p;
  (*p)["group.id"] = config.group_id;
  (*p)["session.timeout.ms"] = absl::StrCat(config.session_timeout_ms);
  if (!config.group_instance_id.empty()) {
    (*p)["group.instance.id"] = config.group_instance_id;
  }
  (*p)["enable.auto.commit"] = "false";
  (*p)["enable.auto.offset.store"] = "false";
  (*p)["auto.offset.reset"] = "earliest";
  (*p)["isolation.level"] = "read_committed";
  return p;
}

}  // namespace giamsat::kafka
