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

-- What a seat whose lease key names `owner` (false: no key) is to everybody but that owner: free
-- (no key, or an owner whose expiry entry is gone or past: releases leave lease keys behind),
-- leased (someone's seat lease, alive while the key lives), or taken until the owner's expiry (an
-- admission, hold or booking). Returns the mark (SEAT_FREE, SEAT_LEASED or SEAT_TAKEN) and, when
-- taken, the expiry. `expiries`, when given, caches the owners' expiries for one call (a pair of
-- seats has one owner).
local SEAT_FREE, SEAT_TAKEN, SEAT_LEASED = '1', '0', 'L'
local function owner_mark(expiry, owner, now, expiries)
  if not owner then
    return SEAT_FREE
  end
  if string.sub(owner, 1, #LEASE_PREFIX) == LEASE_PREFIX then
    return SEAT_LEASED
  end
  local expires = expiries and expiries[owner]
  if expires == nil then
    expires = tonumber(redis.call('ZSCORE', expiry, owner)) or false
    if expiries then
      expiries[owner] = expires
    end
  end
  if expires and expires > now then
    return SEAT_TAKEN, expires
  end
  return SEAT_FREE
end

-- Whether a seat whose lease key names `owner` stands in the way of a requester whose own seat-lease
-- token is `own`: anyone's but the requester's lease, hold, booking or admission that is not free.
local function owner_in_the_way(expiry, owner, own, now, expiries)
  return owner and owner ~= own and owner_mark(expiry, owner, now, expiries) ~= SEAT_FREE
end

-- A show with a seat map keeps the mark of every seat in one string, in map order (see
-- RedisShowKeys.SeatMapFree, C#), so a best-available choice reads it instead of every lease. It is
-- derived from the lease keys and expiries above, and each script that sets or ends a lease key
-- marks the seat in the same step. `state` holds its keys: map_free, taken_until, places, token_seats.
local function seat_state(first_key)
  return {map_free = KEYS[first_key], taken_until = KEYS[first_key + 1], places = KEYS[first_key + 2], token_seats = KEYS[first_key + 3]}
end

-- Marks seats (ids) SEAT_FREE, SEAT_LEASED or SEAT_TAKEN until `expires`; seats the map lacks (every
-- seat of a show without one) are skipped.
local function mark_seats(state, seat_ids, mark, expires)
  for first = 1, #seat_ids, 1000 do
    local last = math.min(first + 999, #seat_ids)
    local offsets = redis.call('HMGET', state.places, unpack(seat_ids, first, last))
    for i = first, last do
      local offset = offsets[i - first + 1]
      if offset then
        redis.call('SETRANGE', state.map_free, tonumber(offset) - 1, mark)
        if mark == SEAT_TAKEN then
          redis.call('ZADD', state.taken_until, expires, seat_ids[i])
        else
          redis.call('ZREM', state.taken_until, seat_ids[i])
        end
      end
    end
  end
end

-- After a token (admission, hold or booking) was given seats' lease keys: marks them taken until it
-- expires, and remembers them under the token, for the release that names only the token.
local function take_seats(state, token, seat_ids, expires)
  if #seat_ids > 0 and redis.call('EXISTS', state.map_free) == 1 then
    mark_seats(state, seat_ids, SEAT_TAKEN, expires)
    redis.call('HSET', state.token_seats, token, cjson.encode(seat_ids))
  end
end

-- After a token stopped counting (its expiry entry is gone): marks free the seats whose lease key it
-- still names (a later lease or admission may have taken the others), and forgets them.
local function free_token_seats(state, token, lease_prefix)
  local remembered = redis.call('HGET', state.token_seats, token)
  if not remembered then
    return
  end
  redis.call('HDEL', state.token_seats, token)
  local owned = {}
  for _, seat_id in ipairs(cjson.decode(remembered)) do
    if redis.call('GET', lease_prefix .. seat_id) == token then
      owned[#owned + 1] = seat_id
    end
  end
  mark_seats(state, owned, SEAT_FREE)
end

-- Whether a seat stands in the way of a requester whose own seat-lease token is `own`: the show has
-- no such seat (unknown seats are refused like taken ones), or its lease key's owner is in the way.
local function seat_taken(seat_ids, expiry, lease_key, seat_id, own, now)
  if redis.call('SISMEMBER', seat_ids, seat_id) == 0 then
    return true
  end
  return owner_in_the_way(expiry, redis.call('GET', lease_key), own, now)
end
