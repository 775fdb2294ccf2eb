// Helpers for tests that start their own local servers: a free loopback
// port, whether something listens on one, and running openssl to make
// certificates at test time (no key material is kept in the repository).
#pragma once

#include <string>
#include <vector>

namespace giamsat::testing {

// A TCP port on 127.0.0.1 free at the time of the call; 0 if none.
int FreePort();

// True when something accepts TCP connections on 127.0.0.1:`port`.
bool Listening(int port);

// Runs /usr/bin/openssl with `args` (its output in `dir`/openssl.log);
// true when it exited with 0, else a test failure with its output.
bool RunOpenSsl(const std::string& dir, std::vector<std::string> args);

}  // namespace giamsat::testing
