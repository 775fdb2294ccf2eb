// Subprocess: runs a shipped binary as a child process for e2e tests, with
// its stdout and stderr captured in a log file. The destructor stops it
// (SIGTERM, then SIGKILL after a grace period). Not thread-safe.
//
// Eventually(): polls a condition until it holds or a deadline passes; the
// only way tests wait for another process.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace giamsat::testing {

class Subprocess {
 public:
  Subprocess(std::string binary, std::vector<std::string> args,
             std::string log_path);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // Exit status if it has exited within `timeout` (waits for it).
  std::optional<int> WaitForExit(absl::Duration timeout);
  // SIGTERM, then wait; SIGKILL after `grace`. Returns the exit status.
  std::optional<int> Stop(absl::Duration grace = absl::Seconds(10));
  bool running();
  // The captured stdout+stderr so far.
  std::string Output() const;
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
  std::string log_path_;
};

// True once `condition` returned true, checking every 20 ms until `timeout`.
bool Eventually(const std::function<bool()>& condition, absl::Duration timeout);

// The value of "key: value" in a ready file written by a service, or empty.
std::string ReadyFileValue(const std::string& path, const std::string& key);

}  // namespace giamsat::testing
