#include "common/redis/commit_script.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace giamsat::redis {

// ARGV[1] = number of offset updates; then 4 arguments per offset update
// (hash key, partition field, expected or -1, next); then 4 per op
// (kind, key, field, value) with kind P=SET, D=DEL, I=HINCRBY, H=HSET,
// M=hash max, X=HDEL, Z=ZADD (field = member, value = score), R=ZREM.
absl::string_view CommitScript() {
  return R"lua(
local n = tonumber(ARGV[1])
local i = 2
local all_next = n > 0
for k = 1, n do
  local cur = redis.call('HGET', ARGV[i], ARGV[i + 1])
  if not cur then cur = '-1' end
  if cur ~= ARGV[i + 3] then all_next = false end
  if cur ~= ARGV[i + 2] and cur ~= ARGV[i + 3] then
    return {'conflict', ARGV[i], ARGV[i + 1], cur}
  end
  i = i + 4
end
if all_next then return {'already'} end
local j = i
while j <= #ARGV do
  local kind, key, field, value = ARGV[j], ARGV[j + 1], ARGV[j + 2], ARGV[j + 3]
  if kind == 'P' then redis.call('SET', key, value)
  elseif kind == 'D' then redis.call('DEL', key)
  elseif kind == 'I' then redis.call('HINCRBY', key, field, value)
  elseif kind == 'H' then redis.call('HSET', key, field, value)
  elseif kind == 'X' then redis.call('HDEL', key, field)
  elseif kind == 'Z' then redis.call('ZADD', key, value, field)
  elseif kind == 'R' then redis.call('ZREM', key, field)
  elseif kind == 'M' then
    local cur = redis.call('HGET', key, field)
    if (not cur) or tonumber(value) > tonumber(cur) then
      redis.call('HSET', key, field, value)
    end
  end
  j = j + 4
end
i = 2
for k = 1, n do
  redis.call('HSET', ARGV[i], ARGV[i + 1], ARGV[i + 3])
  i = i + 4
end
return {'applied'}
)lua";
}

std::vector<std::string> EncodeCommitArgs(const store::WriteBatch& batch,
                                          const store::KeyLayout& layout) {
  std::vector<std::string> args;
  args.reserve(1 + 4 * (batch.offsets().size() + batch.ops().size()));
  args.push_back(absl::StrCat(batch.offsets().size()));
  for (const auto& o : batch.offsets()) {
    args.push_back(layout.Offsets(o.topic));
    args.push_back(absl::StrCat(o.partition));
    args.push_back(absl::StrCat(o.expected));
    args.push_back(absl::StrCat(o.next));
  }
  using Kind = store::WriteOp::Kind;
  for (const auto& op : batch.ops()) {
    switch (op.kind) {
      case Kind::kPut:
        args.insert(args.end(), {"P", op.key, "", op.value});
        break;
      case Kind::kDelete:
        args.insert(args.end(), {"D", op.key, "", ""});
        break;
      case Kind::kHashIncrement:
        args.insert(args.end(),
                    {"I", op.key, op.field, absl::StrCat(op.delta)});
        break;
      case Kind::kHashPut:
        args.insert(args.end(), {"H", op.key, op.field, op.value});
        break;
      case Kind::kHashMax:
        args.insert(args.end(),
                    {"M", op.key, op.field, absl::StrCat(op.delta)});
        break;
      case Kind::kHashDelete:
        args.insert(args.end(), {"X", op.key, op.field, ""});
        break;
      case Kind::kSortedSetAdd:
        args.insert(args.end(),
                    {"Z", op.key, op.field, absl::StrCat(op.delta)});
        break;
      case Kind::kSortedSetRemove:
        args.insert(args.end(), {"R", op.key, op.field, ""});
        break;
    }
  }
  return args;
}

}  // namespace giamsat::redis
