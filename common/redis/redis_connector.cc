#include "common/redis/redis_connector.h"

#include <arpa/inet.h>
#include <hiredis/hiredis.h>
#include <hiredis/hiredis_ssl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/redis/hiredis_reply.h"

namespace giamsat::redis {
namespace {

std::string OpenSslError() {
  const unsigned long e = ERR_get_error();
  if (e == 0) return "unknown TLS error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

bool IsIpAddress(const std::string& host) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

absl::Status FileError(absl::string_view field, const std::string& path) {
  return absl::FailedPreconditionError(absl::StrCat(
      "redis.", field, ": cannot use ", path, ": ", OpenSslError()));
}

}  // namespace

RedisConnector::RedisConnector(config::RedisConfig config)
    : config_(std::move(config)) {}

RedisConnector::~RedisConnector() {
  if (tls_ != nullptr) SSL_CTX_free(tls_);
}

absl::StatusOr<std::unique_ptr<RedisConnector>> RedisConnector::Create(
    const config::RedisConfig& config) {
  std::unique_ptr<RedisConnector> c(new RedisConnector(config));
  const std::string& addr = config.address;
  const size_t colon = addr.rfind(':');
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(addr.substr(colon + 1), &c->port_) || c->port_ <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("redis.address: expected host:port, got ", addr));
  }
  c->host_ = addr.substr(0, colon);
  if (c->host_.size() > 2 && c->host_.front() == '[') {
    c->host_ = c->host_.substr(1, c->host_.size() - 2);  // [ipv6]
  }
  if (!config.tls) return c;

  c->verify_name_ =
      config.tls_server_name.empty() ? c->host_ : config.tls_server_name;
  ERR_clear_error();
  c->tls_ = SSL_CTX_new(TLS_client_method());
  if (c->tls_ == nullptr) {
    return absl::InternalError("redis.tls: " + OpenSslError());
  }
  SSL_CTX_set_min_proto_version(c->tls_, TLS1_2_VERSION);
  SSL_CTX_set_verify(c->tls_, SSL_VERIFY_PEER, nullptr);
  if (config.tls_ca_file.empty()) {
    if (SSL_CTX_set_default_verify_paths(c->tls_) != 1) {
      return FileError("tls_ca_file", "the system trust store");
    }
  } else if (SSL_CTX_load_verify_locations(c->tls_, config.tls_ca_file.c_str(),
                                           nullptr) != 1) {
    return FileError("tls_ca_file", config.tls_ca_file);
  }
  if (!config.tls_cert_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(c->tls_,
                                           config.tls_cert_file.c_str()) != 1) {
      return FileError("tls_cert_file", config.tls_cert_file);
    }
    if (SSL_CTX_use_PrivateKey_file(c->tls_, config.tls_key_file.c_str(),
                                    SSL_FILETYPE_PEM) != 1) {
      return FileError("tls_key_file", config.tls_key_file);
    }
    if (SSL_CTX_check_private_key(c->tls_) != 1) {
      return FileError("tls_key_file", config.tls_key_file);
    }
  }
  return c;
}

absl::Status RedisConnector::StartTls(redisContext* c) const {
  ERR_clear_error();
  SSL* ssl = SSL_new(tls_);
  if (ssl == nullptr)
    return absl::InternalError("redis.tls: " + OpenSslError());
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  bool named = false;
  if (IsIpAddress(verify_name_)) {
    named = X509_VERIFY_PARAM_set1_ip_asc(param, verify_name_.c_str()) == 1;
  } else {
    named = SSL_set_tlsext_host_name(ssl, verify_name_.c_str()) == 1 &&
            SSL_set1_host(ssl, verify_name_.c_str()) == 1;
  }
  if (!named) {
    SSL_free(ssl);
    return absl::InvalidArgumentError(absl::StrCat(
        "redis.tls_server_name: cannot check the name ", verify_name_));
  }
  if (redisInitiateSSL(c, ssl) == REDIS_OK) return absl::OkStatus();  // owns
  std::string why = c->errstr;
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    why = absl::StrCat("server certificate rejected: ",
                       X509_verify_cert_error_string(verify));
  }
  SSL_free(ssl);
  return absl::UnavailableError(absl::StrCat(
      "TLS handshake with Redis at ", config_.address, " failed: ", why));
}

absl::StatusOr<redisContext*> RedisConnector::Open() const {
  const std::string& addr = config_.address;
  redisContext* c = redisConnectWithTimeout(
      host_.c_str(), port_, ToTimeval(config_.connect_timeout_ms));
  if (c == nullptr || c->err) {
    const std::string why = c ? c->errstr : "out of memory";
    if (c) redisFree(c);
    return absl::UnavailableError(
        absl::StrCat("cannot reach Redis at ", addr, ": ", why));
  }
  redisSetTimeout(c, ToTimeval(config_.command_timeout_ms));
  if (tls_ != nullptr) {
    if (absl::Status s = StartTls(c); !s.ok()) {
      redisFree(c);
      return s;
    }
  }
  if (!config_.password_env.empty()) {
    const char* password = std::getenv(config_.password_env.c_str());
    if (password == nullptr) {
      redisFree(c);
      return absl::FailedPreconditionError(
          absl::StrCat("redis.password_env: environment variable ",
                       config_.password_env, " is not set"));
    }
    Reply r(static_cast<redisReply*>(
        config_.username.empty()
            ? redisCommand(c, "AUTH %s", password)
            : redisCommand(c, "AUTH %s %s", config_.username.c_str(),
                           password)));
    if (!r) {  // I/O error, e.g. a client certificate the server refused
      const std::string why = c->errstr;
      redisFree(c);
      return absl::UnavailableError(
          absl::StrCat("cannot reach Redis at ", addr, ": ", why));
    }
    if (r->type == REDIS_REPLY_ERROR) {
      const std::string why = ReplyString(r.get());
      redisFree(c);
      return absl::PermissionDeniedError(
          absl::StrCat("Redis at ", addr, " refused AUTH: ", why));
    }
  }
  Reply pong(static_cast<redisReply*>(redisCommand(c, "PING")));
  if (!pong || pong->type == REDIS_REPLY_ERROR) {
    const std::string why = pong ? ReplyString(pong.get()) : c->errstr;
    redisFree(c);
    return absl::UnavailableError(
        absl::StrCat("cannot reach Redis at ", addr, ": ", why));
  }
  return c;
}

}  // namespace giamsat::redis
