-- Replaces a show's state with a snapshot read from the database.
-- KEYS and ARGV as RebuildCall (C#) lays them out: after the fixed arguments come the live
-- allocations, N x (id, quantity, expires at ms, seat count), each allocation's seats having their
-- lease keys in KEYS[8..] in the same order; then the request count M and M x (request id,
-- allocation id); then '1' when seated (else '0'); then '1' when the show has a per-user limit
-- (else '0'); then the seat map as JSON ('' without one, see
-- SeatMapLayout, C#); then every seat id of the show, in ordinal order.
-- Every commit and release bumps the version, also while the state is missing (after a flush or
-- restart the hash then holds only the version), so a snapshot read before one of them is refused.
-- Returns {'rebuilt', version}, {'skipped', version} when the state changed since the version was
-- read, or {'present', version} when only a missing state was to be rebuilt and it is there.
local show, expiry, quantities, requests, seat_ids = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local seat_order, seat_map = KEYS[6], KEYS[7]
local expected_version, only_if_missing, capacity = ARGV[1], ARGV[2], ARGV[3]
local now, booked, allocations = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local a = 7 -- the next unread ARGV
local k = 8 -- the next unused lease key

local version = redis.call('HGET', show, 'version')
if only_if_missing == '1' and not state_missing(show) then
  return {'present', version or ''}
end
if (version or '') ~= expected_version then
  return {'skipped', version or ''}
end

redis.call('DEL', expiry, quantities, requests, seat_ids, seat_order, seat_map)
local used = 0
for _ = 1, allocations do
  local id, quantity, expires, seats = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  a = a + 4
  used = used + quantity
  redis.call('HSET', quantities, id, quantity)
  redis.call('ZADD', expiry, expires, id)
  for _ = 1, seats do
    if expires >= booked then
      redis.call('SET', KEYS[k], id)
    else
      redis.call('SET', KEYS[k], id, 'PX', math.max(1, expires - now))
    end
    k = k + 1
  end
end
local request_count = tonumber(ARGV[a])
a = a + 1
for _ = 1, request_count do
  redis.call('HSET', requests, ARGV[a], ARGV[a + 1])
  a = a + 2
end
local seated, limited, map = ARGV[a], ARGV[a + 1], ARGV[a + 2]
a = a + 3
if map ~= '' then
  redis.call('SET', seat_map, map)
end
while a <= #ARGV do
  local last = math.min(a + 999, #ARGV)
  redis.call('SADD', seat_ids, unpack(ARGV, a, last))
  redis.call('RPUSH', seat_order, unpack(ARGV, a, last))
  a = last + 1
end

local advanced = tonumber(version or '0') + 1
redis.call('HSET', show, 'capacity', capacity, 'remaining', tonumber(capacity) - used, 'version', advanced, 'checked', now, 'seated', seated, 'limited', limited)
return {'rebuilt', tostring(advanced)}
