-- Seat leases, the seat engine's "lock these seats for me for N seconds": all or none.
-- KEYS[1] show hash   KEYS[2] expiry zset   KEYS[3] the show's seat ids   KEYS[4..] the seat lease keys.
-- ARGV: now ms, the holder's lease token, time-to-live ms, mode ('acquire' or 'extend'), then the
--       seat ids (ARGV[5..], in the order of KEYS[4..]).
-- Acquire: free seats, or seats the holder already leases. Extend: only seats the holder leases.
-- Returns {'missing'} | {'held', seat positions...} | {'leased'}
if ARGV[4] == 'acquire' and redis.call('HEXISTS', KEYS[1], 'capacity') == 0 then
  return {'missing'}
end
local now = tonumber(ARGV[1])
local held = {'held'}
for i = 4, #KEYS do
  local owner = redis.call('GET', KEYS[i])
  if ARGV[4] == 'extend' then
    if owner ~= ARGV[2] then
      held[#held + 1] = i - 3
    end
  elseif redis.call('SISMEMBER', KEYS[3], ARGV[i + 1]) == 0 then
    held[#held + 1] = i - 3
  elseif owner and owner ~= ARGV[2] then
    if string.sub(owner, 1, 6) == 'lease:' then
      held[#held + 1] = i - 3
    else
      local expires = redis.call('ZSCORE', KEYS[2], owner)
      if expires and tonumber(expires) > now then
        held[#held + 1] = i - 3
      end
    end
  end
end
if #held > 1 then
  return held
end
for i = 4, #KEYS do
  redis.call('SET', KEYS[i], ARGV[2], 'PX', ARGV[3])
end
return {'leased'}
