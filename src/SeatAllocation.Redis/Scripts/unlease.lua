-- Ends the holder's seat leases; seats leased by someone else are left alone.
-- KEYS and ARGV as UnleaseCall (C#) lays them out: KEYS are the seat lease keys.
-- Returns how many leases ended.
local own_lease = ARGV[1]
local ended = 0
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == own_lease then
    redis.call('DEL', KEYS[i])
    ended = ended + 1
  end
end
return ended
