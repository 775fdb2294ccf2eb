// Small helpers shared by the hiredis adapters: an owning reply pointer, the
// reply's string, and milliseconds as the timeval hiredis takes.
#pragma once

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <memory>
#include <string>

namespace giamsat::redis {

struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

inline timeval ToTimeval(int ms) {
  return timeval{ms / 1000, (ms % 1000) * 1000};
}

inline std::string ReplyString(const redisReply* r) {
  return std::string(r->str, r->len);
}

}  // namespace giamsat::redis
