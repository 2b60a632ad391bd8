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

-- Whether a seat stands in the way of a requester whose own seat-lease token is `own`: the show has
-- no such seat (unknown seats are refused like taken ones), or its lease key names someone else's
-- seat lease (alive while the key lives), or a hold, booking or admission whose expiry is still
-- ahead of `now`. A token without an expiry entry counts as free: releases leave lease keys behind.
local function seat_taken(seat_ids, expiry, lease_key, seat_id, own, now)
  if redis.call('SISMEMBER', seat_ids, seat_id) == 0 then
    return true
  end
  local owner = redis.call('GET', lease_key)
  if not owner or owner == own then
    return false
  end
  if string.sub(owner, 1, #LEASE_PREFIX) == LEASE_PREFIX then
    return true
  end
  local expires = redis.call('ZSCORE', expiry, owner)
  return expires and tonumber(expires) > now
end
