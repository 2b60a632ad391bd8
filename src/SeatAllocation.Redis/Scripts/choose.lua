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

-- The best seats of a seat map, exactly as SeatAllocation.Core's InMemorySeatMap (the reference)
-- chooses them. `rows` is the decoded map (see SeatMapLayout, C#): rows in map order, each row's
-- seats in position order, a seat being {id, position, rank, category or '', accessible 0/1, section}.
-- A block is `size` qualifying free seats with consecutive positions in one row; blocks compare by
-- the single free seats they strand (0, 1 or 2; any free seat counts, qualifying or not), then the
-- sum of their ranks, then the earlier row, then the lower position. Without a block, a request that
-- may be split takes the best block of the longest qualifying run (or of what it still needs), again
-- and again. Returns 'soldout' (fewer qualifying seats than `quantity`), 'apart' (no block, and the
-- seats must sit together), or 'chosen', the seat ids, and whether they are one block. `is_free_page(ids)` is free_seats for them.
local function choose_best(rows, quantity, together, category, section, accessible, is_free_page)
  local chosen, ids, free = {}, {}, {}
  local available = 0
  local function seat_free(seat)
    return free[seat[1]] and not chosen[seat[1]]
  end
  local function qualifies(seat)
    return seat_free(seat)
      and (category == '' or seat[4] == category)
      and (section == '' or seat[6] == section)
      and (not accessible or seat[5] == 1)
  end
  local function adjacent(a, b)
    return math.abs(a[2] - b[2]) == 1
  end
  -- Whether taking the block next to row[index] strands that seat: free, touching the block, and
  -- its other side (further in `direction`) taken, a gap or the row's end.
  local function strands(row, index, direction)
    local block_side = index - direction
    if index < 1 or index > #row or not adjacent(row[index], row[block_side]) or not seat_free(row[index]) then
      return 0
    end
    local beyond = index + direction
    if beyond >= 1 and beyond <= #row and adjacent(row[beyond], row[index]) and seat_free(row[beyond]) then
      return 0
    end
    return 1
  end
  local function is_block(row, start, size)
    if row[start + size - 1][2] - row[start][2] ~= size - 1 then
      return false
    end
    for i = start, start + size - 1 do
      if not qualifies(row[i]) then
        return false
      end
    end
    return true
  end
  local function best_block(size)
    local best_row, best_start, best_orphans, best_ranks
    for _, row in ipairs(rows) do
      for start = 1, #row - size + 1 do
        if is_block(row, start, size) then
          local orphans = strands(row, start - 1, -1) + strands(row, start + size, 1)
          local ranks = 0
          for i = start, start + size - 1 do
            ranks = ranks + row[i][3]
          end
          -- Strictly better only: on a tie the earlier row, then the lower position, stays.
          if not best_row or orphans < best_orphans or (orphans == best_orphans and ranks < best_ranks) then
            best_row, best_start, best_orphans, best_ranks = row, start, orphans, ranks
          end
        end
      end
    end
    if not best_row then
      return nil
    end
    local block = {}
    for i = best_start, best_start + size - 1 do
      block[#block + 1] = best_row[i][1]
    end
    return block
  end
  local function longest_run()
    local longest = 0
    for _, row in ipairs(rows) do
      local run = 0
      for i = 1, #row do
        if not qualifies(row[i]) then
          run = 0
        elseif i > 1 and run > 0 and adjacent(row[i - 1], row[i]) then
          run = run + 1
        else
          run = 1
        end
        if run > longest then
          longest = run
        end
      end
    end
    return longest
  end

  for _, row in ipairs(rows) do
    for _, seat in ipairs(row) do
      ids[#ids + 1] = seat[1]
    end
  end
  free = is_free_page(ids)
  for _, row in ipairs(rows) do
    for _, seat in ipairs(row) do
      if qualifies(seat) then
        available = available + 1
      end
    end
  end
  if available < quantity then
    return 'soldout'
  end

  local block = best_block(quantity)
  if block then
    return 'chosen', block, true
  end
  if together then
    return 'apart'
  end

  local seats = {}
  while #seats < quantity do
    -- Enough qualifying seats are free, so the longest run is at least one seat long.
    local part = best_block(math.min(quantity - #seats, longest_run()))
    for _, id in ipairs(part) do
      chosen[id] = true
      seats[#seats + 1] = id
    end
  end
  return 'chosen', seats, false
end
