#include "common/redis/month_backfill.h"

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/redis/hiredis_reply.h"

namespace giamsat::redis {
namespace {

// KEYS[1]: the month hash; KEYS[2..]: the month's day hashes. Sets the
// month hash to the sum of the day hashes that exist; returns how many
// exist (0: the month hash is left as it is).
constexpr char kFillScript[] = R"lua(
local sums = {}
local fields = {}
local days = 0
for i = 2, #KEYS do
  local h = redis.call('HGETALL', KEYS[i])
  if #h > 0 then days = days + 1 end
  for j = 1, #h, 2 do
    local f = h[j]
    if sums[f] == nil then
      sums[f] = 0
      fields[#fields + 1] = f
    end
    sums[f] = sums[f] + tonumber(h[j + 1])
  end
end
if days == 0 then return 0 end
redis.call('DEL', KEYS[1])
for _, f in ipairs(fields) do
  redis.call('HSET', KEYS[1], f, string.format('%d', sums[f]))
end
return days
)lua";

// KEYS[1]: the marker; ARGV[1]: a month. Sets the marker to ARGV[1] when
// that is earlier; returns the marker in force.
constexpr char kMarkerScript[] = R"lua(
local current = redis.call('GET', KEYS[1])
if current and ARGV[1] < current then
  redis.call('SET', KEYS[1], ARGV[1])
  return ARGV[1]
end
return current
)lua";

struct ContextDeleter {
  void operator()(redisContext* c) const { redisFree(c); }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;

absl::StatusOr<Reply> Command(redisContext* c, const std::string& address,
                              const std::vector<std::string>& argv) {
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  for (const std::string& a : argv) {
    ptrs.push_back(a.data());
    lens.push_back(a.size());
  }
  Reply r(static_cast<redisReply*>(redisCommandArgv(
      c, static_cast<int>(argv.size()), ptrs.data(), lens.data())));
  if (!r) {
    return absl::UnavailableError(
        absl::StrCat("Redis at ", address, ": ", c->errstr));
  }
  if (r->type == REDIS_REPLY_ERROR) {
    return absl::InternalError(
        absl::StrCat("Redis at ", address, ": ", ReplyString(r.get())));
  }
  return r;
}

// `text` with the glob characters of SCAN MATCH escaped.
std::string GlobEscape(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '*' || ch == '?' || ch == '[' || ch == ']' || ch == '\\') {
      out.push_back('\\');
    }
    out.push_back(ch);
  }
  return out;
}

// (unit, month) of every day hash before `before`, by SCAN.
absl::StatusOr<std::set<std::pair<std::string, absl::CivilMonth>>> DayMonths(
    redisContext* c, const std::string& address, const store::KeyLayout& layout,
    absl::CivilMonth before) {
  const std::string head = layout.prefix() + "unit:";
  const std::string pattern = GlobEscape(head) + "*:day:*";
  std::set<std::pair<std::string, absl::CivilMonth>> out;
  std::string cursor = "0";
  do {
    absl::StatusOr<Reply> r = Command(
        c, address, {"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
    if (!r.ok()) return r.status();
    if ((*r)->type != REDIS_REPLY_ARRAY || (*r)->elements != 2) {
      return absl::InternalError("Redis SCAN: unexpected reply");
    }
    cursor = ReplyString((*r)->element[0]);
    const redisReply* keys = (*r)->element[1];
    for (size_t i = 0; i < keys->elements; ++i) {
      const std::string key = ReplyString(keys->element[i]);
      const size_t at = key.rfind(":day:");
      if (at == std::string::npos || at < head.size()) continue;
      absl::CivilDay day;
      if (!absl::ParseCivilTime(key.substr(at + 5), &day)) continue;
      const absl::CivilMonth month(day);
      if (month >= before) continue;
      out.emplace(key.substr(head.size(), at - head.size()), month);
    }
  } while (cursor != "0");
  return out;
}

}  // namespace

absl::StatusOr<MonthBackfillReport> BackfillMonthHashes(
    const RedisConnector& connector, const store::KeyLayout& layout) {
  absl::StatusOr<redisContext*> opened = connector.Open();
  if (!opened.ok()) return opened.status();
  Context c(*opened);
  const std::string& address = connector.address();
  MonthBackfillReport report;
  absl::StatusOr<Reply> marker =
      Command(c.get(), address, {"GET", layout.MonthHashesFrom()});
  if (!marker.ok()) return marker.status();
  if ((*marker)->type != REDIS_REPLY_STRING ||
      !absl::ParseCivilTime(ReplyString(marker->get()),
                            &report.marker_before)) {
    return absl::FailedPreconditionError(absl::StrCat(
        layout.MonthHashesFrom(),
        " is not set: start giamsat-rules of a version with month hashes "
        "once first (it records from which month they are complete)"));
  }
  report.marker_after = report.marker_before;
  absl::StatusOr<std::set<std::pair<std::string, absl::CivilMonth>>> months =
      DayMonths(c.get(), address, layout, report.marker_before);
  if (!months.ok()) return months.status();
  for (const auto& [unit, month] : *months) {
    std::vector<std::string> argv = {"EVAL", kFillScript, "0",
                                     layout.UnitMonth(unit, month)};
    for (absl::CivilDay d(month); absl::CivilMonth(d) == month; ++d) {
      argv.push_back(layout.UnitDay(unit, d));
    }
    argv[2] = std::to_string(argv.size() - 3);
    absl::StatusOr<Reply> r = Command(c.get(), address, argv);
    if (!r.ok()) return r.status();
    if ((*r)->type != REDIS_REPLY_INTEGER) {
      return absl::InternalError("Redis month fill: unexpected reply");
    }
    if ((*r)->integer > 0) {
      ++report.months_filled;
      report.days_summed += static_cast<int>((*r)->integer);
    }
  }
  if (months->empty()) return report;
  absl::CivilMonth first = months->begin()->second;
  for (const auto& [unit, month] : *months) first = std::min(first, month);
  absl::StatusOr<Reply> moved =
      Command(c.get(), address,
              {"EVAL", kMarkerScript, "1", layout.MonthHashesFrom(),
               absl::FormatCivilTime(first)});
  if (!moved.ok()) return moved.status();
  if ((*moved)->type != REDIS_REPLY_STRING ||
      !absl::ParseCivilTime(ReplyString(moved->get()), &report.marker_after)) {
    return absl::InternalError("Redis marker move: unexpected reply");
  }
  return report;
}

}  // namespace giamsat::redis
