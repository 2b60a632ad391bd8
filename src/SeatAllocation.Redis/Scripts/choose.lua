-- Choosing seats for a request that names none: RedisScripts (C#) puts this fragment in front of
-- admit.lua, after protocol.lua. Seats are returned as ids, never as keys.

-- Which of `seat_ids` (all seats of the show: they come from its seat order list or its map, built
-- from the same snapshot as its seat set) are free for `own`: a table seat id -> true/false. Their
-- lease keys (`lease_prefix` .. id) are read with one MGET a thousand seats, and each owner's expiry
-- once, so choosing among a whole map costs a few commands, not three a seat.
local function free_seats(expiry, lease_prefix, seat_ids, own, now)
  local free, expiries = {}, {}
  for first = 1, #seat_ids, 1000 do
    local last = math.min(first + 999, #seat_ids)
    local keys = {}
    for i = first, last do
      keys[#keys + 1] = lease_prefix .. seat_ids[i]
    end
    local owners = redis.call('MGET', unpack(keys))
    for i = first, last do
      free[seat_ids[i]] = not owner_in_the_way(expiry, owners[i - first + 1], own, now, expiries)
    end
  end
  return free
end

-- Any `quantity` free seats, the first in ordinal order (as the in-memory strategy takes them), read
-- from the show's seat order list a page at a time; `is_free_page(ids)` is free_seats for them. nil when fewer are free.
local function choose_any(seat_order, quantity, is_free_page)
  local chosen, page, first = {}, 256, 0
  while true do
    local seats = redis.call('LRANGE', seat_order, first, first + page - 1)
    local free = is_free_page(seats)
    for _, id in ipairs(seats) do
      if free[id] then
        chosen[#chosen + 1] = id
        if #chosen == quantity then
          return chosen
        end
      end
    end
    if #seats < page then
      return nil
    end
    first = first + page
  end
end

-- The seat map's marks as one requester sees them (see RedisShowKeys.SeatMapFree, C#): first the
-- seats whose owner expired are marked free; then each seat-lease mark is checked against its lease
-- key, which expires by Redis's clock (a lease that ended is marked free; the requester's own lease
-- is free to it alone). Returns the marks, SEAT_FREE where this requester may take a seat.
local function seats_free_to(map, state, expiry, lease_prefix, own, now)
  local expired = redis.call('ZRANGEBYSCORE', state.taken_until, '-inf', now)
  mark_seats(state, expired, SEAT_FREE)
  local marks = redis.call('GET', state.map_free)
  if not string.find(marks, SEAT_LEASED, 1, true) then
    return marks
  end
  local own_offsets, from = {}, 1
  while true do
    local at = string.find(marks, SEAT_LEASED, from, true)
    if not at then
      break
    end
    local seat_id = redis.call('HGET', map, 'id:' .. at)
    local owner = redis.call('GET', lease_prefix .. seat_id)
    if owner and owner == own then
      own_offsets[#own_offsets + 1] = at
    else
      local mark, expires = owner_mark(expiry, owner, now)
      if mark ~= SEAT_LEASED then
        mark_seats(state, {seat_id}, mark, expires)
      end
    end
    from = at + 1
  end
  marks = redis.call('GET', state.map_free)
  for _, at in ipairs(own_offsets) do
    marks = string.sub(marks, 1, at - 1) .. SEAT_FREE .. string.sub(marks, at + 1)
  end
  return marks
end

-- Whether the seats chosen from the marks are free by their lease keys too (the rule every other
-- admission applies). The marks are kept in step with the keys, so this holds unless something
-- else changed a key (an operator, an eviction); a seat found taken is marked as its key says, so
-- the next choice avoids it.
local function still_free(state, seat_ids_key, expiry, lease_prefix, chosen, own, now)
  local all_free = true
  for _, seat_id in ipairs(chosen) do
    if seat_taken(seat_ids_key, expiry, lease_prefix .. seat_id, seat_id, own, now) then
      all_free = false
      mark_seats(state, {seat_id}, owner_mark(expiry, redis.call('GET', lease_prefix .. seat_id), now))
    end
  end
  return all_free
end

-- Numbers first..last of a string of 4-byte big-endian unsigned numbers (the map's ranks and rows),
-- as an array from 1: filling a table from 1 is several times cheaper than keying it by offset.
local number_formats = {}
local function read_numbers(packed, first, last)
  local numbers = {}
  local at = first
  while at <= last do
    local count = math.min(200, last - at + 1) -- struct.unpack returns them all on Lua's stack
    local format = number_formats[count]
    if not format then
      format = '>' .. string.rep('I4', count)
      number_formats[count] = format
    end
    if at == first and count == last - first + 1 then
      return {struct.unpack(format, packed, 4 * (at - 1) + 1)} -- and the next position, unused
    end
    local values = {struct.unpack(format, packed, 4 * (at - 1) + 1)}
    for i = 1, count do
      numbers[#numbers + 1] = values[i]
    end
    at = at + count
  end
  return numbers
end

-- The best seats of a seat map, exactly as SeatAllocation.Core's BestAvailableChooser (the reference)
-- chooses them, from the map hash `map` (see SeatMapLayout, C#) and `marks` (seats_free_to).
-- A block is `size` qualifying free seats with consecutive positions in one row: a stretch of
-- SEAT_FREE marks between separators. Blocks compare by the single free seats they strand (0, 1 or
-- 2; any free seat counts, qualifying or not), then the sum of their ranks, then the earlier row in
-- the map, then the lower position. Without a block, a request that may be split takes the best
-- block of the longest qualifying run (or of what it still needs), again and again. Returns
-- 'soldout' (fewer qualifying seats than `quantity`), 'apart' (no block, and the seats must sit
-- together), or 'chosen', the seat ids, and whether they are one block.
local function choose_best(map, marks, quantity, together, category, section, accessible)
  -- A filter turns the free seats that do not qualify into 'x': still free (they can be stranded),
  -- never chosen. A filter the map has no mask for qualifies no seat.
  local masks = {}
  if category ~= '' then
    masks[#masks + 1] = redis.call('HGET', map, 'category:' .. category) or ''
  end
  if section ~= '' then
    masks[#masks + 1] = redis.call('HGET', map, 'section:' .. section) or ''
  end
  if accessible then
    masks[#masks + 1] = redis.call('HGET', map, 'accessible') or ''
  end
  local usable, filtered = marks, #masks > 0
  if filtered then
    usable = string.gsub(marks, '()1', function(at)
      for _, mask in ipairs(masks) do
        if string.byte(mask, at) ~= 49 then -- '1'
          return 'x'
        end
      end
      return SEAT_FREE
    end)
  end
  local _, available = string.gsub(usable, SEAT_FREE, SEAT_FREE)
  if available < quantity then
    return 'soldout'
  end

  -- Rows sorted by their lowest rank, so the search stops at the first row whose lowest rank, times
  -- the block's size, is above the ranks of a block found that strands nobody: no later row can beat it.
  -- Each row is 4 numbers: its index in the map, its first and last offset, its lowest rank.
  local rows_packed = redis.call('HGET', map, 'rows')
  local row_count = #rows_packed / 16
  local rows = read_numbers(rows_packed, 1, 4 * row_count)
  local ranks_packed = redis.call('HGET', map, 'ranks')
  local function best_block(size)
    local best_start, best_orphans, best_ranks, best_row
    for r = 4, 4 * row_count, 4 do
      local row_index, first, last, lowest = rows[r - 3], rows[r - 2], rows[r - 1], rows[r]
      if best_start and best_orphans == 0 and size * lowest > best_ranks then
        break
      end
      -- Searched within the row: a pattern search from a full row would scan the rest of the map.
      local row_marks = string.sub(usable, first, last)
      local from = string.find(row_marks, SEAT_FREE, 1, true) and 1 or #row_marks + 1
      while true do
        local a, b = string.find(row_marks, '[1x]+', from)
        if not a then
          break
        end
        from = b + 1
        a, b = a + first - 1, b + first - 1
        if b - a + 1 >= size then
          local ranks = read_numbers(ranks_packed, a, b) -- ranks[i] is offset a + i - 1's
          -- Without a filter every seat of a free run qualifies, and the marks need not be read again.
          local sum, qualifying = 0, 0
          for at = a, b do
            sum = sum + ranks[at - a + 1]
            if filtered and string.byte(usable, at) == 49 then -- '1'
              qualifying = qualifying + 1
            end
            local start = at - size + 1
            if start > a then
              sum = sum - ranks[start - a]
              if filtered and string.byte(usable, start - 1) == 49 then
                qualifying = qualifying - 1
              end
            end
            if start >= a and (not filtered or qualifying == size) then
              -- A free seat next to the block is stranded when the run ends right beyond it.
              local orphans = (start - a == 1 and 1 or 0) + (b - at == 1 and 1 or 0)
              -- Strictly better only: on a tie the earlier row, then the lower position, stays.
              if not best_start or orphans < best_orphans or (orphans == best_orphans and (sum < best_ranks
                  or (sum == best_ranks and (row_index < best_row or (row_index == best_row and start < best_start))))) then
                best_start, best_orphans, best_ranks, best_row = start, orphans, sum, row_index
              end
            end
          end
        end
      end
    end
    if not best_start then
      return nil
    end
    local block = {}
    for at = best_start, best_start + size - 1 do
      block[#block + 1] = at
    end
    return block
  end
  local function ids_of(offsets)
    local fields = {}
    for i, at in ipairs(offsets) do
      fields[i] = 'id:' .. at
    end
    return redis.call('HMGET', map, unpack(fields))
  end
  local function longest_run()
    local longest = 0
    for run in string.gmatch(usable, '1+') do
      if #run > longest then
        longest = #run
      end
    end
    return longest
  end

  local block = best_block(quantity)
  if block then
    return 'chosen', ids_of(block), true
  end
  if together then
    return 'apart'
  end

  local offsets = {}
  while #offsets < quantity do
    -- Enough qualifying seats are free, so the longest run is at least one seat long.
    for _, at in ipairs(best_block(math.min(quantity - #offsets, longest_run()))) do
      -- Seats this request already chose are not free to it.
      usable = string.sub(usable, 1, at - 1) .. SEAT_TAKEN .. string.sub(usable, at + 1)
      offsets[#offsets + 1] = at
    end
  end
  return 'chosen', ids_of(offsets), false
end
