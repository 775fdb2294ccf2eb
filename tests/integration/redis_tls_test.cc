// The Redis adapters over TLS against a real redis-server started here with
// certificates made at test time: a trusted server works for the state
// store and the dedup store; an untrusted CA, a wrong server name and a
// plaintext client are refused with the reason; a server that requires
// client certificates and an ACL user accepts only the configured client.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/dedup/redis_dedup_store.h"
#include "common/redis/redis_state_store.h"
#include "tests/support/local_ports.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_env.h"

namespace giamsat::redis {
namespace {

using testing::Eventually;
using ::testing::HasSubstr;
using testing::RunOpenSsl;
using testing::Subprocess;

constexpr char kPasswordEnv[] = "GIAMSAT_TEST_REDIS_TLS_PASSWORD";

class RedisTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(testing::MakeTempDir());
    const std::string& d = *dir_;
    std::ofstream(d + "/server.ext")
        << "subjectAltName=DNS:localhost,IP:127.0.0.1\n";
    std::ofstream(d + "/client.ext") << "extendedKeyUsage=clientAuth\n";
    ok_ = RunOpenSsl(d, {"req", "-x509", "-newkey", "rsa:2048", "-nodes",
                         "-days", "1", "-subj", "/CN=giamsat-test-ca",
                         "-keyout", d + "/ca.key", "-out", d + "/ca.crt"}) &&
          RunOpenSsl(d, {"req", "-x509", "-newkey", "rsa:2048", "-nodes",
                         "-days", "1", "-subj", "/CN=other-ca", "-keyout",
                         d + "/other.key", "-out", d + "/other.crt"}) &&
          Issue("server") && Issue("client") &&
          RunOpenSsl(d, {"rand", "-hex", "-out", d + "/password", "16"});
    if (!ok_) return;
    std::string password;
    std::ifstream(d + "/password") >> password;
    setenv(kPasswordEnv, password.c_str(), 1);

    // Server A: TLS only, client certificates optional, no password.
    open_port_ = testing::FreePort();
    open_ = StartServer(open_port_, "optional", {}, "a");
    // Server B: client certificates required, ACL user "rules".
    strict_port_ = testing::FreePort();
    strict_ = StartServer(strict_port_, "yes",
                          {"--user", "default", "off", "--user", "rules", "on",
                           ">" + password, "~*", "&*", "+@all"},
                          "b");
    ok_ = Eventually(
        [] {
          return testing::Listening(open_port_) &&
                 testing::Listening(strict_port_);
        },
        absl::Seconds(30));
  }
  static void TearDownTestSuite() {
    delete open_;
    delete strict_;
    unsetenv(kPasswordEnv);
    if (!::testing::Test::HasFailure()) std::filesystem::remove_all(*dir_);
  }

  // Makes <name>.key and <name>.crt signed by the test CA.
  static bool Issue(const std::string& name) {
    const std::string& d = *dir_;
    return RunOpenSsl(d, {"req", "-newkey", "rsa:2048", "-nodes", "-subj",
                          "/CN=localhost", "-keyout", d + "/" + name + ".key",
                          "-out", d + "/" + name + ".csr"}) &&
           RunOpenSsl(
               d, {"x509", "-req", "-in", d + "/" + name + ".csr", "-CA",
                   d + "/ca.crt", "-CAkey", d + "/ca.key", "-CAcreateserial",
                   "-days", "1", "-extfile", d + "/" + name + ".ext", "-out",
                   d + "/" + name + ".crt"});
  }

  static Subprocess* StartServer(int port, const std::string& auth_clients,
                                 std::vector<std::string> extra,
                                 const std::string& name) {
    const std::string& d = *dir_;
    std::vector<std::string> args = {"--bind",
                                     "127.0.0.1",
                                     "--port",
                                     "0",
                                     "--tls-port",
                                     std::to_string(port),
                                     "--tls-cert-file",
                                     d + "/server.crt",
                                     "--tls-key-file",
                                     d + "/server.key",
                                     "--tls-ca-cert-file",
                                     d + "/ca.crt",
                                     "--tls-auth-clients",
                                     auth_clients,
                                     "--save",
                                     "",
                                     "--appendonly",
                                     "no"};
    args.insert(args.end(), extra.begin(), extra.end());
    return new Subprocess("/usr/bin/redis-server", args,
                          d + "/redis-" + name + ".log");
  }

  void SetUp() override { ASSERT_TRUE(ok_) << "test servers did not start"; }

  static config::RedisConfig Tls(int port) {
    config::RedisConfig c;
    c.address = absl::StrCat("127.0.0.1:", port);
    c.key_prefix = testing::UniquePrefix();
    c.connect_timeout_ms = 5000;
    c.tls = true;
    c.tls_ca_file = *dir_ + "/ca.crt";
    return c;
  }
  static config::RedisConfig Strict() {
    config::RedisConfig c = Tls(strict_port_);
    c.tls_cert_file = *dir_ + "/client.crt";
    c.tls_key_file = *dir_ + "/client.key";
    c.username = "rules";
    c.password_env = kPasswordEnv;
    return c;
  }

  absl::StatusOr<std::unique_ptr<RedisStateStore>> Connect(
      const config::RedisConfig& c) {
    return RedisStateStore::Connect(c, store::KeyLayout(c.key_prefix),
                                    registry_);
  }

  inline static std::string* dir_ = nullptr;
  inline static bool ok_ = false;
  inline static int open_port_ = 0;
  inline static int strict_port_ = 0;
  inline static Subprocess* open_ = nullptr;
  inline static Subprocess* strict_ = nullptr;
  prometheus::Registry registry_;
};

TEST_F(RedisTlsTest, StateAndDedupStoresWorkOverTls) {
  const config::RedisConfig c = Tls(open_port_);
  auto store = Connect(c);
  ASSERT_TRUE(store.ok()) << store.status();
  store::WriteBatch batch;
  batch.Put(c.key_prefix + "k", "over tls");
  ASSERT_TRUE((*store)->Commit(batch).ok());
  EXPECT_EQ((*store)->Get(c.key_prefix + "k").value(),
            std::optional<std::string>("over tls"));

  auto dedup = dedup::RedisDedupStore::Connect(c, absl::Hours(1),
                                               absl::Minutes(1), registry_);
  ASSERT_TRUE(dedup.ok()) << dedup.status();
  auto first = (*dedup)->Claim({{"e1", "f1"}});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ((*first)[0].state, dedup::ClaimState::kClaimed);
  ASSERT_TRUE((*dedup)->Confirm({{"e1", "f1"}}).ok());
  auto again = (*dedup)->Claim({{"e1", "f1"}});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)[0].state, dedup::ClaimState::kDone);
  EXPECT_EQ((*again)[0].fingerprint, "f1");
}

TEST_F(RedisTlsTest, UntrustedCertificateIsRefused) {
  config::RedisConfig c = Tls(open_port_);
  c.tls_ca_file = *dir_ + "/other.crt";
  auto store = Connect(c);
  ASSERT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(store.status().message(),
              HasSubstr("server certificate rejected"));
}

TEST_F(RedisTlsTest, WrongServerNameIsRefused) {
  config::RedisConfig c = Tls(open_port_);
  c.tls_server_name = "redis.elsewhere.example";
  auto store = Connect(c);
  ASSERT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(store.status().message(), HasSubstr("hostname mismatch"));
}

TEST_F(RedisTlsTest, HostNameFromTheCertificateIsAccepted) {
  config::RedisConfig c = Tls(open_port_);
  c.address = absl::StrCat("localhost:", open_port_);
  EXPECT_TRUE(Connect(c).ok());
}

TEST_F(RedisTlsTest, PlaintextClientCannotTalkToTheTlsPort) {
  config::RedisConfig c = Tls(open_port_);
  c.tls = false;
  c.tls_ca_file.clear();
  c.connect_timeout_ms = 2000;
  c.command_timeout_ms = 2000;
  EXPECT_EQ(Connect(c).status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(RedisTlsTest, ClientCertificateAndAclUserAreRequiredWhereConfigured) {
  EXPECT_TRUE(Connect(Strict()).ok()) << Connect(Strict()).status();

  config::RedisConfig no_cert = Strict();
  no_cert.tls_cert_file.clear();
  no_cert.tls_key_file.clear();
  EXPECT_EQ(Connect(no_cert).status().code(), absl::StatusCode::kUnavailable);

  config::RedisConfig wrong_user = Strict();
  wrong_user.username = "someone";
  EXPECT_EQ(Connect(wrong_user).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(RedisTlsTest, UnusableFilesNameTheField) {
  config::RedisConfig c = Tls(open_port_);
  c.tls_ca_file = *dir_ + "/missing.pem";
  auto store = Connect(c);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(), HasSubstr("redis.tls_ca_file"));

  config::RedisConfig key = Strict();
  key.tls_key_file = *dir_ + "/other.key";  // not the certificate's key
  store = Connect(key);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(), HasSubstr("redis.tls_key_file"));
}

}  // namespace
}  // namespace giamsat::redis
