-- Gives back what a token (an admission, hold or booking) took: after the database released,
-- cancelled or rejected it. Its seat lease keys may stay: a key whose owner has no expiry entry
-- counts as free.
-- KEYS[1] show hash   KEYS[2] expiry zset   KEYS[3] quantity hash   KEYS[4] request hash
-- ARGV: token, request id whose admission is undone ('' when none).
-- Returns 1 when something was given back, otherwise 0.
-- A rebuild whose snapshot was read before a release must not overwrite it, so a release bumps the
-- version, even while the state is missing (as commit.lua does). Admissions are not in snapshots
-- at all (a rebuild drops them), so giving one back cannot conflict with a rebuild.
local admission = string.sub(ARGV[1], 1, 4) == 'adm:'
if redis.call('HEXISTS', KEYS[1], 'capacity') == 0 then
  if not admission then
    redis.call('HINCRBY', KEYS[1], 'version', 1)
  end
  return 0
end
if ARGV[2] ~= '' and redis.call('HGET', KEYS[4], ARGV[2]) == ARGV[1] then
  redis.call('HDEL', KEYS[4], ARGV[2])
end
local units = redis.call('HGET', KEYS[3], ARGV[1])
if not units then
  return 0
end
redis.call('HINCRBY', KEYS[1], 'remaining', tonumber(units))
if not admission then
  redis.call('HINCRBY', KEYS[1], 'version', 1)
end
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
