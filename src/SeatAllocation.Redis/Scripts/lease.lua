-- Seat leases, the seat engine's "lock these seats for me for N seconds": all or none.
-- KEYS and ARGV as LeaseCall (C#) lays them out. The lease keys KEYS[8..] and the seat ids ARGV[5..]
-- are in the same order; KEYS[4..7] are the seat marks (see protocol.lua).
-- Acquire: seats not taken (see seat_taken), or seats the holder already leases. Extend: only seats
-- the holder leases.
-- Returns {'missing'} | {'held', seat positions...} | {'leased'}
local show, expiry, seat_ids = KEYS[1], KEYS[2], KEYS[3]
local state = seat_state(4)
local FIRST_LEASE_KEY = 8
local SEAT_ID_OFFSET = -3 -- the seat of lease key KEYS[i] is ARGV[i + SEAT_ID_OFFSET]
local now, own_lease, lease_ttl, mode = tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4]

if mode == 'acquire' and state_missing(show) then
  return {'missing'}
end
local held = {'held'}
for i = FIRST_LEASE_KEY, #KEYS do
  local in_the_way
  if mode == 'extend' then
    in_the_way = redis.call('GET', KEYS[i]) ~= own_lease
  else
    in_the_way = seat_taken(seat_ids, expiry, KEYS[i], ARGV[i + SEAT_ID_OFFSET], own_lease, now)
  end
  if in_the_way then
    held[#held + 1] = i - FIRST_LEASE_KEY + 1
  end
end
if #held > 1 then
  return held
end
local leased = {}
for i = FIRST_LEASE_KEY, #KEYS do
  redis.call('SET', KEYS[i], own_lease, 'PX', lease_ttl)
  leased[#leased + 1] = ARGV[i + SEAT_ID_OFFSET]
end
-- Marked leased, not taken until a time: a lease lives as long as its key, by Redis's clock, so a
-- choice reads these few keys (see seats_free_to).
mark_seats(state, leased, SEAT_LEASED)
return {'leased'}
