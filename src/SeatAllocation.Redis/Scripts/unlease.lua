-- Ends the holder's seat leases; seats leased by someone else are left alone.
-- KEYS[1..] the seat lease keys.   ARGV: the holder's lease token.
-- Returns how many leases ended.
local ended = 0
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    redis.call('DEL', KEYS[i])
    ended = ended + 1
  end
end
return ended
