-- Replaces a show's state with a snapshot read from the database.
-- KEYS[1] show hash   KEYS[2] expiry zset   KEYS[3] quantity hash   KEYS[4] request hash
-- KEYS[5] the show's seat ids (a set)
-- KEYS[6..] the seat lease keys of the live allocations, in the order of ARGV's allocations.
-- ARGV: the version read before the snapshot ('' when there was none), '1' to rebuild only while the
--       state is missing (else '0'), capacity, now ms, booked score, live allocation count N, then
--       N x (id, quantity, expires at ms, seat count), then request count M, then
--       M x (request id, allocation id), then 1 when seated (else 0), then every seat id of the show.
-- Every commit and release bumps the version, also while the state is missing (after a flush or
-- restart the hash then holds only the version), so a snapshot read before one of them is refused.
-- Returns {'rebuilt', version}, {'skipped', version} when the state changed since the version was
-- read, or {'present', version} when only a missing state was to be rebuilt and it is there.
local version = redis.call('HGET', KEYS[1], 'version')
if ARGV[2] == '1' and redis.call('HEXISTS', KEYS[1], 'capacity') == 1 then
  return {'present', version or ''}
end
if (version or '') ~= ARGV[1] then
  return {'skipped', version or ''}
end

redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5])
local now = tonumber(ARGV[4])
local booked = tonumber(ARGV[5])
local used = 0
local a = 7
local k = 6
for _ = 1, tonumber(ARGV[6]) do
  local id, quantity, expires, seats = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  a = a + 4
  used = used + quantity
  redis.call('HSET', KEYS[3], id, quantity)
  redis.call('ZADD', KEYS[2], expires, id)
  for _ = 1, seats do
    if expires >= booked then
      redis.call('SET', KEYS[k], id)
    else
      redis.call('SET', KEYS[k], id, 'PX', math.max(1, expires - now))
    end
    k = k + 1
  end
end
local requests = tonumber(ARGV[a])
a = a + 1
for _ = 1, requests do
  redis.call('HSET', KEYS[4], ARGV[a], ARGV[a + 1])
  a = a + 2
end
local seated = ARGV[a]
a = a + 1
while a <= #ARGV do
  local last = math.min(a + 999, #ARGV)
  redis.call('SADD', KEYS[5], unpack(ARGV, a, last))
  a = last + 1
end

local advanced = tonumber(version or '0') + 1
redis.call('HSET', KEYS[1], 'capacity', ARGV[3], 'remaining', tonumber(ARGV[3]) - used, 'version', advanced, 'checked', now, 'seated', seated)
return {'rebuilt', tostring(advanced)}
