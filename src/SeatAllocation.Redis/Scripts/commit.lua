-- Records an allocation the database made: turns its admission into the allocation (or takes the
-- seats afresh when the admission is gone), or moves a confirmed hold to a booking.
-- KEYS and ARGV as CommitCall (C#) lays them out; KEYS[9..] are the allocation's seat lease keys and
-- ARGV[7..] their seat ids, in the same order; KEYS[5..8] the seat marks (see protocol.lua).
-- Returns 1, or 0 when the show's state is missing (the next request rebuilds it from the database).
local show, expiry, quantities, requests = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local state = seat_state(5)
local FIRST_LEASE_KEY = 9
local SEAT_ID_OFFSET = -2 -- the seat of lease key KEYS[i] is ARGV[i + SEAT_ID_OFFSET]
local admission, id, request_id, quantity = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local expires_at, lease_ttl = ARGV[5], ARGV[6]

if state_missing(show) then
  -- Nothing to record into, but a rebuild may be under way (Redis was flushed or restarted) with a
  -- snapshot read before this commit: bumping the version makes it try again with a newer one.
  -- Without this the commit left no trace, the rebuild installed the older snapshot, and Redis
  -- counted the seats of every such commit as free again.
  redis.call('HINCRBY', show, 'version', 1)
  return 0
end
local admitted = 0
if admission ~= '' then
  admitted = tonumber(redis.call('HGET', quantities, admission) or '0')
  redis.call('HDEL', quantities, admission)
  redis.call('ZREM', expiry, admission)
  -- Its seats are the allocation's: marked again below, under the allocation.
  redis.call('HDEL', state.token_seats, admission)
end

if redis.call('HEXISTS', quantities, id) == 1 then
  -- Already counted (a rebuild read it from the database): the admission's units go back.
  redis.call('HINCRBY', show, 'remaining', admitted)
else
  redis.call('HINCRBY', show, 'remaining', admitted - quantity)
  redis.call('HSET', quantities, id, quantity)
end
redis.call('ZADD', expiry, expires_at, id)
-- A rebuild whose snapshot was read before this change must not overwrite it.
redis.call('HINCRBY', show, 'version', 1)

local seats = {}
for i = FIRST_LEASE_KEY, #KEYS do
  if lease_ttl == '0' then
    redis.call('SET', KEYS[i], id)
  else
    redis.call('SET', KEYS[i], id, 'PX', lease_ttl)
  end
  seats[#seats + 1] = ARGV[i + SEAT_ID_OFFSET]
end
take_seats(state, id, seats, expires_at)
if request_id ~= '' then
  redis.call('HSET', requests, request_id, id)
end
return 1
