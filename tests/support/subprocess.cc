#include "tests/support/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

extern char** environ;

namespace giamsat::testing {

Subprocess::Subprocess(std::string binary, std::vector<std::string> args,
                       std::string log_path)
    : log_path_(std::move(log_path)) {
  std::vector<char*> argv;
  argv.push_back(binary.data());
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  if (posix_spawn(&pid_, binary.c_str(), &actions, &attr, argv.data(),
                  environ) != 0) {
    pid_ = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
}

Subprocess::~Subprocess() { Stop(absl::Seconds(5)); }

bool Subprocess::running() {
  if (pid_ <= 0 || exit_status_.has_value()) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    exit_status_ =
        WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }
  return true;
}

std::optional<int> Subprocess::WaitForExit(absl::Duration timeout) {
  Eventually([this] { return !running(); }, timeout);
  return exit_status_;
}

std::optional<int> Subprocess::Stop(absl::Duration grace) {
  if (!running()) return exit_status_;
  kill(pid_, SIGTERM);
  if (WaitForExit(grace).has_value()) return exit_status_;
  kill(pid_, SIGKILL);
  return WaitForExit(absl::Seconds(5));
}

std::string Subprocess::Output() const {
  std::ifstream in(log_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool Eventually(const std::function<bool()>& condition,
                absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    if (condition()) return true;
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(absl::Milliseconds(20));
  }
}

std::string ReadyFileValue(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  const std::string prefix = key + ": ";
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, prefix)) {
      absl::string_view v = absl::StripPrefix(line, prefix);
      v = absl::StripPrefix(absl::StripSuffix(v, "\""), "\"");
      return std::string(v);
    }
  }
  return {};
}

}  // namespace giamsat::testing
