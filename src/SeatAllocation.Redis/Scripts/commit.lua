-- Records an allocation the database made: turns its admission into the allocation (or takes the
-- seats afresh when the admission is gone), or moves a confirmed hold to a booking.
-- KEYS[1] show hash   KEYS[2] expiry zset   KEYS[3] quantity hash   KEYS[4] request hash
-- KEYS[5..] the allocation's seat lease keys.
-- ARGV: admission token ('' when none), allocation id, request id ('' to leave), quantity,
--       expires at ms (a far-future score for bookings), lease key time-to-live ms (0: no expiry).
-- Returns 1, or 0 when the show's state is missing (the next request rebuilds it from the database).
if redis.call('HEXISTS', KEYS[1], 'capacity') == 0 then
  -- Nothing to record into, but a rebuild may be under way (Redis was flushed or restarted) with a
  -- snapshot read before this commit: bumping the version makes it try again with a newer one.
  -- Without this the commit left no trace, the rebuild installed the older snapshot, and Redis
  -- counted the seats of every such commit as free again.
  redis.call('HINCRBY', KEYS[1], 'version', 1)
  return 0
end
local id = ARGV[2]
local quantity = tonumber(ARGV[4])
local admitted = 0
if ARGV[1] ~= '' then
  admitted = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
  redis.call('HDEL', KEYS[3], ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
end

if redis.call('HEXISTS', KEYS[3], id) == 1 then
  -- Already counted (a rebuild read it from the database): the admission's units go back.
  redis.call('HINCRBY', KEYS[1], 'remaining', admitted)
else
  redis.call('HINCRBY', KEYS[1], 'remaining', admitted - quantity)
  redis.call('HSET', KEYS[3], id, quantity)
end
redis.call('ZADD', KEYS[2], ARGV[5], id)
-- A rebuild whose snapshot was read before this change must not overwrite it.
redis.call('HINCRBY', KEYS[1], 'version', 1)

for i = 5, #KEYS do
  if ARGV[6] == '0' then
    redis.call('SET', KEYS[i], id)
  else
    redis.call('SET', KEYS[i], id, 'PX', ARGV[6])
  end
end
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[4], ARGV[3], id)
end
return 1
