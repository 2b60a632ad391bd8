-- Admits or rejects one allocation request, atomically: all of its seats get a lease, or none.
-- KEYS and ARGV as AdmitCall (C#) lays them out. Named seats: their lease keys KEYS[13..] and their
-- ids ARGV[14..] are in the same order. On a show with a seat map, every lease it sets is marked in
-- the seat marks (KEYS[9..12], see protocol.lua). A quantity or best-available request has neither: on a seated
-- show the script chooses its seats itself (see choose.lua) and leases them through the lease key
-- prefix KEYS[8] (the seat id appended), so PostgreSQL is sent seats that Redis knows are free.
-- Returns {'missing'} | {'stale'} | {'known'} | {'bypass'} | {'taken', seat positions...}
--       | {'soldout', remaining} | {'apart'} | {'admitted'} | {'admitted', together 0/1, chosen seat ids...}
--       | {'drifted'} (the seat marks disagreed with the leases again and again: rebuild, then ask again)
local show, expiry, quantities, requests, seat_ids = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local seat_order, seat_map, lease_prefix = KEYS[6], KEYS[7], KEYS[8]
local state = seat_state(9)
local FIRST_LEASE_KEY = 13
local SEAT_ID_OFFSET = 1 -- the seat of lease key KEYS[i] is ARGV[i + SEAT_ID_OFFSET]
local now, token, request_id, quantity = tonumber(ARGV[1]), ARGV[2], ARGV[3], tonumber(ARGV[4])
local admission_expires_at, reconcile_interval = ARGV[5], tonumber(ARGV[6])
local own_lease, lease_ttl, kind = ARGV[7], ARGV[8], ARGV[9]
local together, category, section, accessible = ARGV[10] == '1', ARGV[11], ARGV[12], ARGV[13] == '1'

if state_missing(show) then
  return {'missing'}
end

-- A request id seen before goes to the database, which answers replays and reused keys.
if redis.call('HEXISTS', requests, request_id) == 1 then
  return {'known'}
end

-- A show with a per-user limit: the database decides. This gate counts places, not buyers, so one
-- buyer's burst past the limit would take every place left here while the database refuses them,
-- and everyone else would be told "sold out" meanwhile.
if redis.call('HGET', show, 'limited') == '1' then
  return {'bypass'}
end

-- Time for the periodic check against the database: the first caller to notice claims it.
local checked = tonumber(redis.call('HGET', show, 'checked') or '0')
if now - checked >= reconcile_interval then
  redis.call('HSET', show, 'checked', now)
  return {'stale'}
end

-- Give back what expired holds and abandoned admissions took (a bounded batch per call).
local expired = redis.call('ZRANGEBYSCORE', expiry, '-inf', now, 'LIMIT', 0, 128)
for _, expired_token in ipairs(expired) do
  local units = tonumber(redis.call('HGET', quantities, expired_token) or '0')
  redis.call('HINCRBY', show, 'remaining', units)
  redis.call('HDEL', quantities, expired_token)
  redis.call('ZREM', expiry, expired_token)
  -- Its seats were marked taken until it expired, which frees them already (see seats_free_to).
  redis.call('HDEL', state.token_seats, expired_token)
end

local seated = redis.call('HGET', show, 'seated') == '1'

-- Named seats on a general-admission show, or best seats of a show without a seat map: PostgreSQL
-- gives the answer.
if (kind == 'seats' and not seated) or (kind == 'best' and redis.call('EXISTS', seat_map) == 0) then
  return {'bypass'}
end

local taken = {'taken'}
for i = FIRST_LEASE_KEY, #KEYS do
  if seat_taken(seat_ids, expiry, KEYS[i], ARGV[i + SEAT_ID_OFFSET], own_lease, now) then
    taken[#taken + 1] = i - FIRST_LEASE_KEY + 1
  end
end
if #taken > 1 then
  return taken
end

-- Named seats are decided by their leases alone; a quantity by the remaining counter first (a
-- sold-out storm is answered here), then, on a seated show, by the seats free to choose from.
local remaining = tonumber(redis.call('HGET', show, 'remaining') or '0')
if kind ~= 'seats' and remaining < quantity then
  return {'soldout', remaining}
end

local chosen, chosen_together = nil, true
if kind ~= 'seats' and seated then
  local function is_free_page(page)
    return free_seats(expiry, lease_prefix, page, own_lease, now)
  end
  if kind == 'best' then
    local outcome
    -- Each failed check marks at least one seat as its lease says, so a few tries settle any drift
    -- an operator or an eviction could cause; beyond that the show is rebuilt.
    for _ = 1, 4 do
      local marks = seats_free_to(seat_map, state, expiry, lease_prefix, own_lease, now)
      outcome, chosen, chosen_together = choose_best(seat_map, marks, quantity, together, category, section, accessible)
      if outcome ~= 'chosen' or still_free(state, seat_ids, expiry, lease_prefix, chosen, own_lease, now) then
        break
      end
      outcome, chosen = 'drifted', nil
    end
    if outcome == 'apart' or outcome == 'drifted' then
      return {outcome}
    end
  else
    chosen = choose_any(seat_order, quantity, is_free_page)
  end
  if not chosen then
    return {'soldout', remaining}
  end
end

local leased = {}
for i = FIRST_LEASE_KEY, #KEYS do
  redis.call('SET', KEYS[i], token, 'PX', lease_ttl)
  leased[#leased + 1] = ARGV[i + SEAT_ID_OFFSET]
end
for _, seat_id in ipairs(chosen or {}) do
  redis.call('SET', lease_prefix .. seat_id, token, 'PX', lease_ttl)
  leased[#leased + 1] = seat_id
end
take_seats(state, token, leased, admission_expires_at)
redis.call('HINCRBY', show, 'remaining', -quantity)
redis.call('HSET', quantities, token, quantity)
redis.call('ZADD', expiry, admission_expires_at, token)
redis.call('HSET', requests, request_id, token)
if not chosen then
  return {'admitted'}
end
local reply = {'admitted', chosen_together and 1 or 0}
for _, seat_id in ipairs(chosen) do
  reply[#reply + 1] = seat_id
end
return reply
