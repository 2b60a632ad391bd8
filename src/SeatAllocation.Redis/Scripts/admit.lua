-- Admits or rejects one allocation request, atomically: all of its seats get a lease, or none.
-- KEYS and ARGV as AdmitCall (C#) lays them out. The lease keys KEYS[6..] and the seat ids ARGV[9..]
-- are in the same order; a quantity request has neither.
-- Returns {'missing'} | {'stale'} | {'known'} | {'bypass'} | {'taken', seat positions...} | {'soldout', remaining}
--       | {'admitted'}
local show, expiry, quantities, requests, seat_ids = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local FIRST_LEASE_KEY = 6
local SEAT_ID_OFFSET = 3 -- the seat of lease key KEYS[i] is ARGV[i + SEAT_ID_OFFSET]
local now, token, request_id, quantity = tonumber(ARGV[1]), ARGV[2], ARGV[3], tonumber(ARGV[4])
local admission_expires_at, reconcile_interval = ARGV[5], tonumber(ARGV[6])
local own_lease, lease_ttl = ARGV[7], ARGV[8]

if state_missing(show) then
  return {'missing'}
end

-- A request id seen before goes to the database, which answers replays and reused keys.
if redis.call('HEXISTS', requests, request_id) == 1 then
  return {'known'}
end

-- Time for the periodic check against the database: the first caller to notice claims it.
local checked = tonumber(redis.call('HGET', show, 'checked') or '0')
if now - checked >= reconcile_interval then
  redis.call('HSET', show, 'checked', now)
  return {'stale'}
end

-- Give back what expired holds and abandoned admissions took (a bounded batch per call).
local expired = redis.call('ZRANGEBYSCORE', expiry, '-inf', now, 'LIMIT', 0, 128)
for _, expired_token in ipairs(expired) do
  local units = tonumber(redis.call('HGET', quantities, expired_token) or '0')
  redis.call('HINCRBY', show, 'remaining', units)
  redis.call('HDEL', quantities, expired_token)
  redis.call('ZREM', expiry, expired_token)
end

local named_seats = #KEYS >= FIRST_LEASE_KEY

-- Named seats on a general-admission show: PostgreSQL gives the answer.
if named_seats and redis.call('HGET', show, 'seated') ~= '1' then
  return {'bypass'}
end

local taken = {'taken'}
for i = FIRST_LEASE_KEY, #KEYS do
  if seat_taken(seat_ids, expiry, KEYS[i], ARGV[i + SEAT_ID_OFFSET], own_lease, now) then
    taken[#taken + 1] = i - FIRST_LEASE_KEY + 1
  end
end
if #taken > 1 then
  return taken
end

-- Named seats are decided by their leases alone; a quantity request by the remaining counter.
local remaining = tonumber(redis.call('HGET', show, 'remaining') or '0')
if not named_seats and remaining < quantity then
  return {'soldout', remaining}
end

for i = FIRST_LEASE_KEY, #KEYS do
  redis.call('SET', KEYS[i], token, 'PX', lease_ttl)
end
redis.call('HINCRBY', show, 'remaining', -quantity)
redis.call('HSET', quantities, token, quantity)
redis.call('ZADD', expiry, admission_expires_at, token)
redis.call('HSET', requests, request_id, token)
return {'admitted'}
