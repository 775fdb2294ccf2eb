#include "common/config/sections.h"

#include "absl/strings/match.h"

namespace giamsat::config {
namespace {

void CheckHostPort(ConfigReader& r, const std::string& key,
                   const std::string& value) {
  const size_t colon = value.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == value.size()) {
    r.Fail(key, "expected host:port, got \"" + value + "\"");
  }
}

}  // namespace

void Decode(ConfigReader& r, KafkaConfig& c) {
  r.Read("bootstrap", c.bootstrap);
  r.Read("topic_prefix", c.topic_prefix);
  r.Read("create_topics", c.create_topics);
  r.Read("partitions", c.partitions);
  r.Read("replication_factor", c.replication_factor);
  r.Read("connect_timeout_ms", c.connect_timeout_ms);
  r.Read("delivery_timeout_ms", c.delivery_timeout_ms);
  r.Read("group_id", c.group_id);
  r.Read("session_timeout_ms", c.session_timeout_ms);
  r.Read("group_instance_id", c.group_instance_id);
  r.Read("security_protocol", c.security_protocol);
  r.Read("sasl_mechanism", c.sasl_mechanism);
  r.Read("sasl_username_env", c.sasl_username_env);
  r.Read("sasl_password_env", c.sasl_password_env);
  r.Read("ssl_ca_file", c.ssl_ca_file);
  if (c.bootstrap.empty()) r.Fail("bootstrap", "must not be empty");
  if (c.partitions < 1) r.Fail("partitions", "must be at least 1");
  if (c.replication_factor < 1) r.Fail("replication_factor", "must be >= 1");
  if (c.connect_timeout_ms < 1) r.Fail("connect_timeout_ms", "must be > 0");
  if (c.session_timeout_ms < 1) r.Fail("session_timeout_ms", "must be > 0");
  if (c.delivery_timeout_ms < 1) r.Fail("delivery_timeout_ms", "must be > 0");
  if (c.security_protocol != "plaintext" && c.security_protocol != "ssl" &&
      c.security_protocol != "sasl_plaintext" &&
      c.security_protocol != "sasl_ssl") {
    r.Fail("security_protocol",
           "must be plaintext, ssl, sasl_plaintext or sasl_ssl");
  }
}

void Decode(ConfigReader& r, RedisConfig& c) {
  r.Read("address", c.address);
  r.Read("key_prefix", c.key_prefix);
  r.Read("connect_timeout_ms", c.connect_timeout_ms);
  r.Read("command_timeout_ms", c.command_timeout_ms);
  r.Read("password_env", c.password_env);
  r.Read("pool_size", c.pool_size);
  r.Read("username", c.username);
  r.Read("tls", c.tls);
  r.Read("tls_ca_file", c.tls_ca_file);
  r.Read("tls_cert_file", c.tls_cert_file);
  r.Read("tls_key_file", c.tls_key_file);
  r.Read("tls_server_name", c.tls_server_name);
  CheckHostPort(r, "address", c.address);
  if (c.pool_size < 1 || c.pool_size > 64) r.Fail("pool_size", "must be 1..64");
  if (c.connect_timeout_ms < 1) r.Fail("connect_timeout_ms", "must be > 0");
  if (c.command_timeout_ms < 1) r.Fail("command_timeout_ms", "must be > 0");
  if (c.tls_cert_file.empty() != c.tls_key_file.empty()) {
    r.Fail(c.tls_cert_file.empty() ? "tls_cert_file" : "tls_key_file",
           "tls_cert_file and tls_key_file go together: set both or neither");
  }
  const bool tls_files_set = !c.tls_ca_file.empty() ||
                             !c.tls_cert_file.empty() ||
                             !c.tls_server_name.empty();
  if (!c.tls && tls_files_set) {
    r.Fail("tls", "tls_* settings are given but tls is false");
  }
}

void Decode(ConfigReader& r, MetricsConfig& c) {
  r.Read("listen", c.listen);
  CheckHostPort(r, "listen", c.listen);
}

void Decode(ConfigReader& r, LogConfig& c) {
  r.Read("level", c.level);
  static const char* kLevels[] = {"trace", "debug", "info", "warn", "error"};
  bool ok = false;
  for (const char* l : kLevels) ok = ok || c.level == l;
  if (!ok) r.Fail("level", "must be trace, debug, info, warn or error");
}

}  // namespace giamsat::config
