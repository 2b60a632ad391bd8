-- Shared by every script: RedisScripts (C#) puts this fragment in front of each one when it loads
-- them, right after ADMISSION_PREFIX and LEASE_PREFIX, which it defines from RedisTokens.
-- The rules here are the ones more than one script applies; write them nowhere else.

-- A show's admission state is missing when its show hash has no capacity (first use, a flush or a
-- restart). A hash holding only a version is the trace commits and releases leave meanwhile, so that
-- a rebuild can tell its snapshot is out of date (see commit.lua).
local function state_missing(show)
  return redis.call('HEXISTS', show, 'capacity') == 0
end

-- Whether a token is an admission (not yet committed by the database) rather than a hold or booking.
local function is_admission(token)
  return string.sub(token, 1, #ADMISSION_PREFIX) == ADMISSION_PREFIX
end

-- Whether a seat whose lease key names `owner` (false: no key) stands in the way of a requester whose
-- own seat-lease token is `own`: the owner is someone else's seat lease (alive while the key lives),
-- or a hold, booking or admission whose expiry is still ahead of `now`. A token without an expiry
-- entry counts as free: releases leave lease keys behind. `expiries`, when given, caches the owners'
-- expiries for one call (a pair of seats has one owner).
local function owner_in_the_way(expiry, owner, own, now, expiries)
  if not owner or owner == own then
    return false
  end
  if string.sub(owner, 1, #LEASE_PREFIX) == LEASE_PREFIX then
    return true
  end
  local expires = expiries and expiries[owner]
  if expires == nil then
    expires = tonumber(redis.call('ZSCORE', expiry, owner)) or false
    if expiries then
      expiries[owner] = expires
    end
  end
  return expires and expires > now
end

-- Whether a seat stands in the way of a requester whose own seat-lease token is `own`: the show has
-- no such seat (unknown seats are refused like taken ones), or its lease key's owner is in the way.
local function seat_taken(seat_ids, expiry, lease_key, seat_id, own, now)
  if redis.call('SISMEMBER', seat_ids, seat_id) == 0 then
    return true
  end
  return owner_in_the_way(expiry, redis.call('GET', lease_key), own, now)
end
