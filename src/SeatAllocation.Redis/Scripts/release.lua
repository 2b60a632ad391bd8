-- Gives back what a token (an admission, hold or booking) took: after the database released,
-- cancelled or rejected it. Its seat lease keys may stay: a key whose owner has no expiry entry
-- counts as free (see seat_taken); the seat marks of a show with a seat map say so at once.
-- KEYS and ARGV as ReleaseCall (C#) lays them out.
-- Returns 1 when something was given back, otherwise 0.
-- A rebuild whose snapshot was read before a release must not overwrite it, so a release bumps the
-- version, even while the state is missing (as commit.lua does). Admissions are not in snapshots
-- at all (a rebuild drops them), so giving one back cannot conflict with a rebuild.
local show, expiry, quantities, requests, lease_prefix = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local state = seat_state(6)
local token, request_id = ARGV[1], ARGV[2]
local admission = is_admission(token)

if state_missing(show) then
  if not admission then
    redis.call('HINCRBY', show, 'version', 1)
  end
  return 0
end
if request_id ~= '' and redis.call('HGET', requests, request_id) == token then
  redis.call('HDEL', requests, request_id)
end
local units = redis.call('HGET', quantities, token)
if not units then
  return 0
end
redis.call('HINCRBY', show, 'remaining', tonumber(units))
if not admission then
  redis.call('HINCRBY', show, 'version', 1)
end
redis.call('HDEL', quantities, token)
redis.call('ZREM', expiry, token)
free_token_seats(state, token, lease_prefix)
return 1
