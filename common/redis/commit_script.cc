#include "common/redis/commit_script.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace giamsat::redis {

// ARGV[1] = number of fence checks; then 3 arguments per fence check (hash
// key, partition field, token); then the number of offset updates and 4
// arguments per offset update (hash key, partition field, expected or -1,
// next); then 4 per op
// (kind, key, field, value) with kind P=SET, D=DEL, I=HINCRBY, H=HSET,
// M=hash max, X=HDEL, Z=ZADD (field = member, value = score), R=ZREM.
absl::string_view CommitScript() {
  return R"lua(
local f = tonumber(ARGV[1])
local i = 2
for k = 1, f do
  local cur = redis.call('HGET', ARGV[i], ARGV[i + 1])
  if not cur then cur = '0' end
  if cur ~= ARGV[i + 2] then
    return {'fenced', ARGV[i], ARGV[i + 1], cur}
  end
  i = i + 3
end
local n = tonumber(ARGV[i])
i = i + 1
local offsets_at = i
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
i = offsets_at
for k = 1, n do
  redis.call('HSET', ARGV[i], ARGV[i + 1], ARGV[i + 3])
  i = i + 4
end
return {'applied'}
)lua";
}

namespace {

// Calls `arg` with each ARGV of the script for `batch`, in order.
template <typename Arg>
void ForEachCommitArg(const store::WriteBatch& batch,
                      const store::KeyLayout& layout, Arg&& arg) {
  // Numbers are formatted into AlphaNum's own buffer: no string is made.
  arg(absl::AlphaNum(batch.fences().size()).Piece());
  for (const auto& f : batch.fences()) {
    arg(layout.Fences(f.topic));
    arg(absl::AlphaNum(f.partition).Piece());
    arg(absl::AlphaNum(f.token).Piece());
  }
  arg(absl::AlphaNum(batch.offsets().size()).Piece());
  for (const auto& o : batch.offsets()) {
    arg(layout.Offsets(o.topic));
    arg(absl::AlphaNum(o.partition).Piece());
    arg(absl::AlphaNum(o.expected).Piece());
    arg(absl::AlphaNum(o.next).Piece());
  }
  using Kind = store::WriteOp::Kind;
  auto op4 = [&arg](absl::string_view kind, absl::string_view key,
                    absl::string_view field, absl::string_view value) {
    arg(kind);
    arg(key);
    arg(field);
    arg(value);
  };
  for (const auto& op : batch.ops()) {
    switch (op.kind) {
      case Kind::kPut:
        op4("P", op.key, "", op.value);
        break;
      case Kind::kDelete:
        op4("D", op.key, "", "");
        break;
      case Kind::kHashIncrement:
        op4("I", op.key, op.field, absl::AlphaNum(op.delta).Piece());
        break;
      case Kind::kHashPut:
        op4("H", op.key, op.field, op.value);
        break;
      case Kind::kHashMax:
        op4("M", op.key, op.field, absl::AlphaNum(op.delta).Piece());
        break;
      case Kind::kHashDelete:
        op4("X", op.key, op.field, "");
        break;
      case Kind::kSortedSetAdd:
        op4("Z", op.key, op.field, absl::AlphaNum(op.delta).Piece());
        break;
      case Kind::kSortedSetRemove:
        op4("R", op.key, op.field, "");
        break;
    }
  }
}

void AppendBulk(std::string& out, absl::string_view arg) {
  // "$<length>\r\n<arg>\r\n", appended piece by piece (no temporaries).
  const absl::AlphaNum length(arg.size());
  out.push_back('$');
  out.append(length.data(), length.size());
  out.append("\r\n", 2);
  out.append(arg.data(), arg.size());
  out.append("\r\n", 2);
}

}  // namespace

std::vector<std::string> EncodeCommitArgs(const store::WriteBatch& batch,
                                          const store::KeyLayout& layout) {
  std::vector<std::string> args;
  args.reserve(2 + 3 * batch.fences().size() +
               4 * (batch.offsets().size() + batch.ops().size()));
  ForEachCommitArg(batch, layout,
                   [&args](absl::string_view a) { args.emplace_back(a); });
  return args;
}

void EncodeCommitCommand(absl::string_view sha, const store::WriteBatch& batch,
                         const store::KeyLayout& layout, std::string& out) {
  size_t bytes = 64 + 64 * (batch.fences().size() + batch.offsets().size());
  for (const auto& op : batch.ops()) {
    bytes += 64 + op.key.size() + op.field.size() + op.value.size();
  }
  out.clear();
  out.reserve(bytes);
  // EVALSHA sha 0, then 1 + 3 per fence check, 1 + 4 per offset update and
  // 4 per op.
  absl::StrAppend(&out, "*",
                  5 + 3 * batch.fences().size() +
                      4 * (batch.offsets().size() + batch.ops().size()),
                  "\r\n");
  AppendBulk(out, "EVALSHA");
  AppendBulk(out, sha);
  AppendBulk(out, "0");
  ForEachCommitArg(batch, layout,
                   [&out](absl::string_view a) { AppendBulk(out, a); });
}

}  // namespace giamsat::redis
