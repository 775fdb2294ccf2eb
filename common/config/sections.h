// Config sections shared by every service, each a typed struct with a
// documented default on every field, decoded strictly by ConfigReader.
// Field names here are the YAML keys (see deploy/config/*.yaml).
#pragma once

#include <string>

#include "common/config/config_reader.h"

namespace giamsat::config {

struct KafkaConfig {
  // Comma-separated host:port list of brokers.
  std::string bootstrap = "127.0.0.1:9092";
  // Prepended to every topic name (isolates deployments or test runs).
  std::string topic_prefix = "";
  // Create missing topics at start-up with this many partitions.
  bool create_topics = true;
  int partitions = 6;
  int replication_factor = 1;
  // How long start-up waits for the brokers before failing.
  int connect_timeout_ms = 5000;
  // How long a write may wait for the brokers before it fails (the caller
  // then gets Unavailable and may retry).
  int delivery_timeout_ms = 30000;
  // Consumer group of the rules service.
  std::string group_id = "giamsat-rules";
  // How long the group waits for a silent member (a crashed rules instance)
  // before its partitions move to another one. The broker's allowed range
  // applies (6000 ms minimum by default).
  int session_timeout_ms = 10000;
  // Static group membership: a stable id per rules instance (e.g. the pod
  // name) lets a restarted instance take its partitions back at once
  // instead of waiting for the session timeout. Empty: dynamic membership.
  std::string group_instance_id = "";
  // "plaintext", "ssl", "sasl_plaintext" or "sasl_ssl".
  std::string security_protocol = "plaintext";
  // SASL mechanism ("PLAIN", "SCRAM-SHA-512") and the names of environment
  // variables holding the credentials (secrets never live in config files).
  std::string sasl_mechanism = "";
  std::string sasl_username_env = "";
  std::string sasl_password_env = "";
  // CA bundle for "ssl"/"sasl_ssl".
  std::string ssl_ca_file = "";
};

struct RedisConfig {
  // host:port of the Redis server.
  std::string address = "127.0.0.1:6379";
  // Prepended to every key.
  std::string key_prefix = "gs:";
  int connect_timeout_ms = 2000;
  // Per-command timeout.
  int command_timeout_ms = 5000;
  // Name of the environment variable holding the AUTH password, if any.
  std::string password_env = "";
  // Connections shared by concurrent calls (a call waits for a free one).
  // 1 serialises every call; giamsat-query defaults to 4 for its readers.
  int pool_size = 1;
  // ACL user name for AUTH (Redis 6+); empty: AUTH with the password only.
  std::string username = "";
  // TLS to Redis: the server's certificate is verified against tls_ca_file
  // (empty: the system trust store) and tls_server_name.
  bool tls = false;
  // PEM file of the CA(s) that signed the server's certificate.
  std::string tls_ca_file = "";
  // Client certificate and key (PEM) for servers that require client
  // certificates (tls-auth-clients yes); both or neither.
  std::string tls_cert_file = "";
  std::string tls_key_file = "";
  // Name checked against the server's certificate and sent as SNI; empty:
  // the host part of address.
  std::string tls_server_name = "";
};

struct MetricsConfig {
  // host:port of the /metrics endpoint; port 0 picks a free port.
  std::string listen = "127.0.0.1:9464";
};

struct LogConfig {
  // trace, debug, info, warn, error.
  std::string level = "info";
};

void Decode(ConfigReader& r, KafkaConfig& c);
void Decode(ConfigReader& r, RedisConfig& c);
void Decode(ConfigReader& r, MetricsConfig& c);
void Decode(ConfigReader& r, LogConfig& c);

}  // namespace giamsat::config
