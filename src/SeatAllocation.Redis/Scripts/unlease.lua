-- Ends the holder's seat leases; seats leased by someone else are left alone.
-- KEYS and ARGV as UnleaseCall (C#) lays them out: KEYS[1..4] are the seat marks (see protocol.lua),
-- KEYS[5..] the seat lease keys and ARGV[2..] their seat ids, in the same order.
-- Returns how many leases ended.
local state = seat_state(1)
local FIRST_LEASE_KEY = 5
local SEAT_ID_OFFSET = -3 -- the seat of lease key KEYS[i] is ARGV[i + SEAT_ID_OFFSET]
local own_lease = ARGV[1]
local ended = {}
for i = FIRST_LEASE_KEY, #KEYS do
  if redis.call('GET', KEYS[i]) == own_lease then
    redis.call('DEL', KEYS[i])
    ended[#ended + 1] = ARGV[i + SEAT_ID_OFFSET]
  end
end
mark_seats(state, ended, SEAT_FREE)
return #ended
