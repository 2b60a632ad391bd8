-- Admits or rejects one allocation request, atomically: all of its seats get a lease, or none.
-- KEYS[1] show hash (capacity, remaining, version, checked)   KEYS[2] expiry zset (token -> expires at, ms)
-- KEYS[3] quantity hash (token -> seats/units)              KEYS[4] request hash (request id -> token)
-- KEYS[5] the show's seat ids (a set)
-- KEYS[6..] one lease key per requested seat (value: the owning token); none for a quantity request.
-- ARGV: now ms, admission token, request id, quantity, admission expires at ms, reconcile interval ms,
--       the requester's own lease token, lease key time-to-live ms, then the requested seat ids
--       (ARGV[9..], in the order of KEYS[6..]).
-- The state is missing when the show hash has no capacity: a hash holding only a version is the trace
-- commits and releases leave while the state is missing (see commit.lua).
-- Returns {'missing'} | {'stale'} | {'known'} | {'bypass'} | {'taken', seat positions...} | {'soldout', remaining}
--       | {'admitted'}
if redis.call('HEXISTS', KEYS[1], 'capacity') == 0 then
  return {'missing'}
end
local now = tonumber(ARGV[1])

-- A request id seen before goes to the database, which answers replays and reused keys.
if redis.call('HEXISTS', KEYS[4], ARGV[3]) == 1 then
  return {'known'}
end

-- Time for the periodic check against the database: the first caller to notice claims it.
local checked = tonumber(redis.call('HGET', KEYS[1], 'checked') or '0')
if now - checked >= tonumber(ARGV[6]) then
  redis.call('HSET', KEYS[1], 'checked', now)
  return {'stale'}
end

-- Give back what expired holds and abandoned admissions took (a bounded batch per call).
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 128)
for _, token in ipairs(expired) do
  local units = tonumber(redis.call('HGET', KEYS[3], token) or '0')
  redis.call('HINCRBY', KEYS[1], 'remaining', units)
  redis.call('HDEL', KEYS[3], token)
  redis.call('ZREM', KEYS[2], token)
end

-- Named seats on a general-admission show: PostgreSQL gives the answer.
if #KEYS > 5 and redis.call('HGET', KEYS[1], 'seated') ~= '1' then
  return {'bypass'}
end

-- A seat is taken when the show has no such seat, when its lease key names a seat lease of someone else (alive while the key
-- lives) or a hold, booking or admission whose expiry is still ahead.
local taken = {'taken'}
for i = 6, #KEYS do
  local owner = redis.call('GET', KEYS[i])
  if redis.call('SISMEMBER', KEYS[5], ARGV[i + 3]) == 0 then
    taken[#taken + 1] = i - 5
  elseif owner and owner ~= ARGV[7] then
    if string.sub(owner, 1, 6) == 'lease:' then
      taken[#taken + 1] = i - 5
    else
      local expires = redis.call('ZSCORE', KEYS[2], owner)
      if expires and tonumber(expires) > now then
        taken[#taken + 1] = i - 5
      end
    end
  end
end
if #taken > 1 then
  return taken
end

-- Named seats are decided by their leases alone; a quantity request by the remaining counter.
local quantity = tonumber(ARGV[4])
local remaining = tonumber(redis.call('HGET', KEYS[1], 'remaining') or '0')
if #KEYS == 5 and remaining < quantity then
  return {'soldout', remaining}
end

for i = 6, #KEYS do
  redis.call('SET', KEYS[i], ARGV[2], 'PX', ARGV[8])
end
redis.call('HINCRBY', KEYS[1], 'remaining', -quantity)
redis.call('HSET', KEYS[3], ARGV[2], quantity)
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[2])
redis.call('HSET', KEYS[4], ARGV[3], ARGV[2])
return {'admitted'}
