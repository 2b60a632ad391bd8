-- Replaces a show's state with a snapshot read from the database.
-- KEYS and ARGV as RebuildCall (C#) lays them out: after the fixed arguments come the live
-- allocations, N x (id, quantity, expires at ms, seat count), each allocation's seats having their
-- lease keys in KEYS[13..] in the same order; then the request count M and M x (request id,
-- allocation id); then '1' when seated (else '0'); then '1' when the show has a per-user limit
-- (else '0'); then the seat map hash's field count F and F x (field, value) (none without a map, see
-- SeatMapLayout, C#); then every seat id of the show, in ordinal order.
-- KEYS[8] is the seat lease key prefix and KEYS[9..12] the seat marks (see protocol.lua), which are
-- made from the lease keys as this snapshot leaves them: seat leases outlive a rebuild, and the
-- keys of admissions it drops count free.
-- Every commit and release bumps the version, also while the state is missing (after a flush or
-- restart the hash then holds only the version), so a snapshot read before one of them is refused.
-- Returns {'rebuilt', version}, {'skipped', version} when the state changed since the version was
-- read, or {'present', version} when only a missing state was to be rebuilt and it is there.
local show, expiry, quantities, requests, seat_ids = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local seat_order, seat_map, lease_prefix = KEYS[6], KEYS[7], KEYS[8]
local state = seat_state(9)
local expected_version, only_if_missing, capacity = ARGV[1], ARGV[2], ARGV[3]
local now, booked, allocations = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local a = 7 -- the next unread ARGV
local k = 13 -- the next unused lease key

local version = redis.call('HGET', show, 'version')
if only_if_missing == '1' and not state_missing(show) then
  return {'present', version or ''}
end
if (version or '') ~= expected_version then
  return {'skipped', version or ''}
end

redis.call('DEL', expiry, quantities, requests, seat_ids, seat_order, seat_map, state.map_free, state.taken_until, state.places, state.token_seats)
local used = 0
local live = {} -- {allocation id, first lease key, seat count}
for _ = 1, allocations do
  local id, quantity, expires, seats = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  a = a + 4
  used = used + quantity
  redis.call('HSET', quantities, id, quantity)
  redis.call('ZADD', expiry, expires, id)
  if seats > 0 then
    live[#live + 1] = {id, k, seats}
  end
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
local seated, limited, fields = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2])
a = a + 3
if fields > 0 then
  local template, seat_offsets, seat_list = nil, {}, {}
  for first = a, a + 2 * fields - 1, 1000 do
    redis.call('HSET', seat_map, unpack(ARGV, first, math.min(first + 999, a + 2 * fields - 1)))
  end
  for f = a, a + 2 * fields - 1, 2 do
    if ARGV[f] == 'template' then
      template = ARGV[f + 1]
    elseif string.sub(ARGV[f], 1, 3) == 'id:' then
      seat_offsets[#seat_offsets + 1] = tonumber(string.sub(ARGV[f], 4))
      seat_list[#seat_list + 1] = ARGV[f + 1]
    end
  end
  a = a + 2 * fields
  for first = 1, #seat_list, 500 do
    local places = {}
    for i = first, math.min(first + 499, #seat_list) do
      places[#places + 1] = seat_list[i]
      places[#places + 1] = seat_offsets[i]
    end
    redis.call('HSET', state.places, unpack(places))
  end
  -- Every seat's mark, from its lease key: read a thousand at a time, written in one string.
  local marks, expiries = {}, {}
  for i = 1, #template do
    marks[i] = string.sub(template, i, i)
  end
  for first = 1, #seat_list, 1000 do
    local last = math.min(first + 999, #seat_list)
    local keys = {}
    for i = first, last do
      keys[#keys + 1] = lease_prefix .. seat_list[i]
    end
    local owners = redis.call('MGET', unpack(keys))
    for i = first, last do
      local mark, expires = owner_mark(expiry, owners[i - first + 1], now, expiries)
      marks[seat_offsets[i]] = mark
      if mark == SEAT_TAKEN then
        redis.call('ZADD', state.taken_until, expires, seat_list[i])
      end
    end
  end
  redis.call('SET', state.map_free, table.concat(marks))
  for _, allocation in ipairs(live) do
    local id, first, count = allocation[1], allocation[2], allocation[3]
    local seats = {}
    for key = first, first + count - 1 do
      seats[#seats + 1] = string.sub(KEYS[key], #lease_prefix + 1)
    end
    redis.call('HSET', state.token_seats, id, cjson.encode(seats))
  end
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
