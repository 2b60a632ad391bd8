-- SeatAllocation schema, version 5. {schema} is replaced by the configured schema name.
--
-- Seat maps and best-available requests (ShowDefinition.Seated with SeatMapSeat,
-- AllocationRequest.BestAvailable). A show with a map keeps each seat's place (section, row,
-- position) and what it is (category, accessible, rank) in seat_places, plus row_order: the index of
-- the seat's (section, row) in the order the rows first appear in the map, which is how the map
-- orders rows when two blocks tie. The application proposes the seats of a best-available request
-- (SeatProposals, with BestAvailableChooser, the in-memory reference) and apply_batch takes them if
-- they are still free; otherwise it chooses them itself, set-based, with the same preferences: see
-- best_seat_block below.
--
-- The map has a table of its own rather than columns of seats: seats is what every named-seat
-- statement reads, and its plans must not change. With seven more columns the planner estimated a
-- never-analyzed seats table at fewer rows per page, and the final UPDATE of a batch planned on a
-- small table filtered a 20,000-seat show's whole key range for its two seats (267 buffers instead of
-- 5; QueryPlanTests.Seated_batches_read_only_their_seats_on_a_connection_that_planned_them_on_a_small_table).
--
-- A show's limits (ShowDefinition.WithMaxSeatsPerUser, WithMaxHoldLifetime) live on its row too, and
-- apply_batch keeps them: a per-user limit is decided under the show row's lock, and a hold is
-- extended (operation 6) only within the show's cap on a hold's life. See apply_batch below.
--
-- apply_batch and batch_replays are defined here, once, after every table, column and function they
-- read; migration 3 creates the type they answer with.

ALTER TABLE {schema}.shows
    ADD COLUMN seat_map boolean NOT NULL DEFAULT false,
    -- The most places one user may have in live holds and bookings of the show; NULL: no limit.
    ADD COLUMN max_seats_per_user integer CHECK (max_seats_per_user > 0),
    -- The longest a hold may live, from its creation to its expiry, however often it is extended, in
    -- milliseconds. CreateShowAsync stores the cap in force (ShowDefinition.MaxHoldLifetime, or else
    -- AllocationLimits.MaxHoldDuration); the default, that same day, is for shows created before.
    ADD COLUMN max_hold_lifetime_ms integer NOT NULL DEFAULT 86400000 CHECK (max_hold_lifetime_ms > 0);

CREATE TABLE {schema}.seat_places (
    show_id    text    NOT NULL,
    seat_id    text    NOT NULL,
    section    text    NOT NULL,
    seat_row   text    NOT NULL,
    position   integer NOT NULL CHECK (position > 0),
    category   text,
    accessible boolean NOT NULL,
    rank       integer NOT NULL CHECK (rank >= 0),
    row_order  integer NOT NULL CHECK (row_order >= 0),
    PRIMARY KEY (show_id, seat_id),
    FOREIGN KEY (show_id, seat_id) REFERENCES {schema}.seats (show_id, seat_id),
    -- One seat a place; and the index every best-available statement reads a show's map through, in
    -- row order and position, the order its window functions need (no sort).
    CONSTRAINT seat_places_one_seat_a_place UNIQUE (show_id, row_order, position)
);

-- As for seats (migration 2): a show the statistics have not seen must not look like a few rows.
ALTER TABLE {schema}.seat_places ALTER COLUMN show_id SET STATISTICS 0;

-- Whether a best-available request chose its seats as one block (true) or split them (false);
-- NULL for every other allocation. A replay answers it with the seats.
-- limited_user_id: the owner again, set only on allocations of a show with a per-user limit, and NULL
-- on every other. It exists for the index below, whose predicate is false for every allocation of a
-- show without a limit: their inserts (the insert is most of an apply_batch call on a hot show, issue
-- 11) evaluate the predicate and maintain no entry, so a hot unlimited show pays nothing for limits.
-- An index on (show_id, user_id) would be maintained by every insert of every show.
ALTER TABLE {schema}.allocations
    ADD COLUMN together boolean,
    ADD COLUMN limited_user_id text,
    ADD CONSTRAINT allocations_limited_user_is_owner CHECK (limited_user_id IS NULL OR limited_user_id = user_id);

-- A user's live holds and bookings in a show with a limit (user_live_units). Released, cancelled and
-- expired (swept) allocations leave it, so a user's lookup reads only what still counts, plus holds
-- expired but not yet swept. (Rows leave it on the update of state, which already is never a HOT
-- update: allocations_held_by_show_expiry has state in its predicate.)
CREATE INDEX allocations_live_by_limited_user ON {schema}.allocations (show_id, limited_user_id)
    WHERE limited_user_id IS NOT NULL AND state IN ('held', 'booked');

-- How many places a user has in live holds and bookings of a show with a per-user limit. A set-
-- returning SQL function, so that a caller's FROM inlines it and its plan is the caller's (cached,
-- generic in apply_batch); it reads the user's rows only, through allocations_live_by_limited_user
-- (QueryPlanTests.Per_user_lookup_reads_only_the_user_s_live_allocations…).
CREATE FUNCTION {schema}.user_live_units(p_show_id text, p_user_id text, p_now timestamptz)
RETURNS TABLE (units integer)
LANGUAGE sql STABLE
AS $$
    SELECT coalesce(sum(a.quantity), 0)::int
    FROM {schema}.allocations a
    WHERE a.show_id = p_show_id AND a.limited_user_id = p_user_id AND a.state IN ('held', 'booked')
      AND (a.state = 'booked' OR a.expires_at > p_now)
$$;

ALTER TYPE {schema}.batch_answer ADD ATTRIBUTE together boolean;

-- A show's map seats as one best-available request sees them, in row order and position: free (no
-- live holder, and not in p_unavailable: seats claimed earlier in the batch, chosen already by this
-- request, or found locked), and qualifying (free, and of the category, section and accessibility
-- asked for; NULL and false ask for any). One home for both rules, inlined into each caller.
CREATE FUNCTION {schema}.map_seats(p_show_id text, p_now timestamptz, p_category text, p_section text, p_accessible boolean, p_unavailable text[])
RETURNS TABLE (seat_id text, row_order integer, "position" integer, rank integer, free boolean, qualifies boolean)
LANGUAGE sql STABLE
AS $$
    SELECT s.seat_id, s.row_order, s.position, s.rank, s.free,
        s.free AND (p_category IS NULL OR s.category = p_category) AND (NOT p_accessible OR s.accessible)
    FROM (
        SELECT p.seat_id, p.row_order, p.position, p.rank, p.category, p.accessible,
            (st.holder_id IS NULL OR st.held_until <= p_now) AND p.seat_id <> ALL (p_unavailable) AS free
        FROM {schema}.seat_places p
        JOIN {schema}.seats st ON st.show_id = p_show_id AND st.seat_id = p.seat_id
        -- A block and the seats it could strand share a row, and a row one section: other sections
        -- cannot matter, so a section filter applies to every seat read.
        WHERE p.show_id = p_show_id AND (p_section IS NULL OR p.section = p_section)) s
$$;

-- How many seats qualify, and the longest run of them (qualifying seats at consecutive positions of
-- one row): a request with fewer qualifying seats than it asks for is not enough available, and a
-- request that may be split takes blocks of the longest run (or of what it still needs).
CREATE FUNCTION {schema}.qualifying_seats(p_show_id text, p_now timestamptz, p_category text, p_section text, p_accessible boolean, p_unavailable text[])
RETURNS TABLE (qualifying integer, longest_run integer)
LANGUAGE sql STABLE
AS $$
    SELECT coalesce(sum(run.seats), 0)::int, coalesce(max(run.seats), 0)::int
    FROM (
        -- Gaps and islands: consecutive positions of a row share position − row_number().
        SELECT count(*) AS seats
        FROM (
            SELECT m.row_order, m.position - row_number() OVER (PARTITION BY m.row_order ORDER BY m.position) AS island
            FROM {schema}.map_seats(p_show_id, p_now, p_category, p_section, p_accessible, p_unavailable) m
            WHERE m.qualifies) q
        GROUP BY q.row_order, q.island) run
$$;

-- The best block of p_size qualifying seats at consecutive positions of one row, as BestAvailableChooser
-- chooses it: fewest single free seats stranded (0, 1 or 2: a free seat next to the block whose other
-- side is taken, a gap or the row's end; any free seat counts, qualifying or not), then the lowest
-- sum of ranks, then the row that comes first in the map, then the lowest position. No row when no
-- block fits. Its seat ids come back in ordinal order.
CREATE FUNCTION {schema}.best_seat_block(p_show_id text, p_now timestamptz, p_size integer, p_category text, p_section text, p_accessible boolean, p_unavailable text[])
RETURNS TABLE (seat_ids text[])
LANGUAGE sql STABLE
AS $$
    WITH edge AS (
        -- Whether a block ending just before this seat (strands_before) or starting just after it
        -- (strands_after) would strand it: read off the free state of the seat's neighbours.
        SELECT m.seat_id, m.row_order, m.position, m.rank, m.qualifies,
            coalesce(lag(m.position) OVER w = m.position - 1 AND lag(m.free) OVER w
                AND NOT coalesce(lag(m.position, 2) OVER w = m.position - 2 AND lag(m.free, 2) OVER w, false), false)::int AS strands_before,
            coalesce(lead(m.position) OVER w = m.position + 1 AND lead(m.free) OVER w
                AND NOT coalesce(lead(m.position, 2) OVER w = m.position + 2 AND lead(m.free, 2) OVER w, false), false)::int AS strands_after
        FROM {schema}.map_seats(p_show_id, p_now, p_category, p_section, p_accessible, p_unavailable) m
        WINDOW w AS (PARTITION BY m.row_order ORDER BY m.position)
    ), candidate AS (
        -- Each qualifying seat as a block's first: the block exists when the seat p_size − 1 places on
        -- among the row's qualifying seats sits p_size − 1 positions on (no gap, nothing between).
        SELECT q.row_order, q.position,
            lead(q.position, p_size - 1) OVER w AS last_position,
            q.strands_before + lead(q.strands_after, p_size - 1) OVER w AS orphans,
            lead(q.ranks_so_far, p_size - 1) OVER w - q.ranks_so_far + q.rank AS rank_sum
        FROM (
            SELECT e.*, sum(e.rank::bigint) OVER (PARTITION BY e.row_order ORDER BY e.position) AS ranks_so_far
            FROM edge e WHERE e.qualifies) q
        WINDOW w AS (PARTITION BY q.row_order ORDER BY q.position)
    ), best AS (
        SELECT c.row_order, c.position, c.last_position FROM candidate c
        WHERE c.last_position = c.position + p_size - 1
        ORDER BY c.orphans, c.rank_sum, c.row_order, c.position
        LIMIT 1)
    SELECT array_agg(st.seat_id ORDER BY st.seat_id)
    FROM best JOIN {schema}.seat_places st
        ON st.show_id = p_show_id AND st.row_order = best.row_order AND st.position BETWEEN best.position AND best.last_position
    HAVING count(*) > 0
$$;

-- Whether seats of a show's map are one block: one row, consecutive positions. For seats chosen
-- before apply_batch by Redis admission, whose choice never leaves the parts of a split adjacent.
CREATE FUNCTION {schema}.seats_together(p_show_id text, p_seat_ids text[])
RETURNS boolean
LANGUAGE sql STABLE
AS $$
    SELECT count(DISTINCT pl.row_order) = 1 AND max(pl.position) - min(pl.position) = count(*) - 1
    FROM {schema}.seat_places pl
    WHERE pl.show_id = p_show_id AND pl.seat_id = ANY (p_seat_ids)
$$;

-- The answers for requests whose id is already committed, skipping those marked done: the earlier
-- allocation (2, replayed) when the payload's fingerprint matches, with whether a best-available
-- allocation's seats are together; otherwise 6 (reused key).
-- One index descent per request id: the LIMIT keeps the lookup a subquery the planner cannot turn
-- into a join. As a join, on a show the statistics have not seen (every show put on sale after the
-- last ANALYZE) the planner estimates a few dozen rows for the show and hashes the whole show's
-- allocations instead, so each batch read every allocation made so far: a 30 s hot-show run averaged
-- 2,700/s and slowed as it went, against 11,500/s where the plan was right
-- (QueryPlanTests.Replay_lookup_reads_only_the_batch_s_requests…).
CREATE FUNCTION {schema}.batch_replays(p_show_id text, p_request_ids text[], p_fingerprints text[], p_done boolean[])
RETURNS SETOF {schema}.batch_answer
LANGUAGE sql STABLE
AS $$
    SELECT (CASE WHEN a.fingerprint = p_fingerprints[o.ordinal]
        THEN ROW(o.ordinal, 2, a.allocation_id, a.user_id, a.kind, a.seat_ids, a.quantity, a.expires_at, a.together)::{schema}.batch_answer
        ELSE ROW(o.ordinal, 6, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer END).*
    FROM unnest(p_request_ids) WITH ORDINALITY AS o (request_id, ordinal)
    CROSS JOIN LATERAL (
        SELECT a.fingerprint, a.allocation_id, a.user_id, a.kind, a.seat_ids, a.quantity, a.expires_at, a.together
        FROM {schema}.allocations a
        WHERE a.show_id = p_show_id AND a.request_id = o.request_id
        LIMIT 1) a
    WHERE NOT p_done[o.ordinal]
$$;

-- apply_batch decides a batch of requests for ONE show in one round trip: holds, bookings,
-- confirmations, extensions, releases and cancellations, in the order given, each with its own
-- outcome. The pessimistic strategy sends batches of one; the group-commit strategy sends every
-- request that queued for the show while the previous batch was in flight. Nothing is decided in the
-- client, so no lock is held across a client round trip, and a batch of 64 costs about what one
-- request did.
--
-- Requests are the elements at the same position of the p_ arrays (1-based "ordinal"):
--   p_operations      1 hold, 2 book, 3 confirm, 4 release, 5 cancel, 6 extend a live hold of the
--                     given user (p_allocation_ids, p_user_ids, p_extensions)
--   p_allocation_ids  hold/book: the id of the allocation to create; others: the allocation acted on
--   p_request_ids     hold/book: the caller's idempotency key; others: NULL
--   p_fingerprints    hold/book: the request's payload, to tell a replay from a reused key
--   p_user_ids        hold/book: the owner; others: the owner required, or NULL for anyone
--   p_quantities      hold/book: how many seats or units
--   p_expires_at      hold: when it expires; others: NULL
--   p_seat_ids        the named seats of every request, request after request
--   p_seat_requests   for each element of p_seat_ids, the ordinal of the request that named it
-- The arrays that follow may be left out (NULL). Those of best-available requests have one element
-- per request, NULL for a request that is not best-available:
--   p_together        whether its seats must sit together (NULL: not a best-available request); for
--                     a request that names its seats, any non-NULL value says they were chosen for a
--                     best-available request in front of PostgreSQL (by Redis admission): they are
--                     taken as named, and its together says whether they are one block
--   p_categories      the only category that qualifies, or NULL for any
--   p_sections        the only section that qualifies, or NULL for any
--   p_accessible      whether only accessible seats qualify
--   p_extensions      extend: how much later the hold expires, in microseconds; NULL for every other request
--   p_proposed_seat_ids, p_proposed_requests
--                     seats proposed for best-available requests, given as p_seat_ids and p_seat_requests
--                     give named seats: chosen in the application from one read of the map for the whole
--                     batch, in batch order, by BestAvailableChooser (the in-memory reference itself). A
--                     proposal is taken when, under the show's lock, each of its seats is still free, not
--                     claimed by an earlier request of the batch, and locked; otherwise the request's
--                     seats are chosen here, set-based (best_seat_block), as without a proposal.
--   p_proposed_together
--                     for a request with proposed seats: whether they are one block, as BestAvailableChooser
--                     chose them
--   p_proposed_refusals
--                     a refusal proposed for a best-available request instead (3 unavailable, 9 not
--                     enough together; NULL: none), when that read, less the seats named or proposed
--                     by the requests before it, had no seats for it: answered as it is, after replays
--                     and limits, without reading the map, if each of those requests took exactly the
--                     seats it named or was proposed (see SeatProposals); otherwise chosen for here
--   p_defer_overtaken whether a proposal that cannot be taken as proposed (or a proposed refusal that no
--                     longer holds) ends the batch there instead of being chosen for here: that request
--                     and every open request after it are answered 13 (deferred) and left undone, and the
--                     requests before it are decided and committed. The application sends the deferred
--                     ones again, in order, proposed from a read made under the show's lock (LockedBatch).
--                     Choosing here reads the whole map twice per request under the show's lock; with
--                     several app instances, whose reads cannot see each other's batches in flight,
--                     proposals are overtaken batch after batch.
-- One row comes back per request: its ordinal, an outcome code, and the allocation it concerns. A
-- best-available answer carries together (true: one block); an extension's answer the hold with its
-- new expiry.
--
-- Outcomes: 1 allocated (hold or booking made; a confirmation or extension made), 2 replayed (the
-- request id, or the confirmation, was already done: the row is the earlier allocation), 3
-- unavailable (seat_ids lists the named seats taken or missing; empty: not enough free), 4 hold
-- expired, 5 not found, 6 idempotency key reused, 7 contended (a seat is locked by a writer outside
-- this function; retry), 8 released (also: it already was), 9 not enough together (enough qualifying
-- seats are free, but no block), 10 the show has no seat map (a caller's error), 11 hold lifetime cap
-- reached (the extension would take the hold past shows.max_hold_lifetime_ms after it was made;
-- nothing changed), 12 per-user limit reached (the request would take its user past
-- shows.max_seats_per_user), 13 deferred (only with p_defer_overtaken: not decided, nothing changed
-- for it; never a caller's answer).
--
-- Phase 1, without locks: answers what the committed state already decides, i.e. replays of
-- committed request ids and requests that could not succeed even alone (seats taken, sold out, over
-- the per-user limit, best available on a show without a map). A batch of nothing else takes no lock
-- at all, so a sold-out show stays cheap to ask.
-- Phase 2, under the show row's lock (or, for one request alone on a seated show, its seats' locks;
-- see below for the requests that take the show's lock even alone): every other request, in order,
-- against the state the earlier ones left. Counters and claimed seats are kept in variables and
-- written once, new allocations inserted at the end in one statement (in the same call, so in the same
-- transaction, as their seats are given: seats.holder_id has no foreign key since migration 7). A seat freed by a release or cancel in a batch is free for the next batch (a
-- valid order: the request that wanted it is decided as if it came first).
--
-- Lock order, the same for every writer of a show, so batches from many app instances never
-- deadlock: the show row (FOR NO KEY UPDATE, which does not block the foreign-key checks of
-- inserts), then allocation rows, then seat rows. A batch locks seats with SKIP LOCKED: a seat locked
-- by a writer outside the show's lock (one request alone on a seated show, the optimistic strategy,
-- a hand-written transaction) makes that one request contended instead of making the batch wait, so
-- a batch never waits while holding seats. One request alone on a seated show skips the show's row
-- and waits only for its seats, in seat-id order. Every statement filters by show_id.
--
-- Per-user limit: phase 1 refuses, without a lock, a request its user's committed live allocations
-- already leave no room for (as a sold-out show is refused); every hold or booking of a limited show
-- that is still open is decided under the show row's lock, even alone, against the user's live
-- allocations read under that lock (user_live_units, once per user and batch) plus what earlier
-- requests of the batch took and minus what they gave back. Every writer of allocations of a limited
-- show takes that lock: apply_batch so, and the optimistic strategy sends such requests here.
-- Extend follows confirm: it locks the allocation row (after the show row on a general-admission
-- show, or in a batch), and then moves its seats' held_until.
-- Best-available requests are always decided under the show row's lock, alone or not: choosing reads
-- the whole map, so two buyers choosing at once would choose the same best block. Seats locked by a
-- writer outside that lock (a lone named-seat request, the optimistic strategy) are not handed out:
-- the chosen seats are locked with SKIP LOCKED, and any that could not be are left out of a new
-- choice, up to three times; then the request is contended.
CREATE FUNCTION {schema}.apply_batch(
    p_show_id        text,
    p_now            timestamptz,
    p_lock_timeout   text,
    p_operations     smallint[],
    p_allocation_ids uuid[],
    p_request_ids    text[],
    p_fingerprints   text[],
    p_user_ids       text[],
    p_quantities     integer[],
    p_expires_at     timestamptz[],
    p_seat_ids       text[],
    p_seat_requests  integer[],
    p_together       boolean[] DEFAULT NULL,
    p_categories     text[] DEFAULT NULL,
    p_sections       text[] DEFAULT NULL,
    p_accessible     boolean[] DEFAULT NULL,
    p_extensions     bigint[] DEFAULT NULL,
    p_proposed_seat_ids text[] DEFAULT NULL,
    p_proposed_requests integer[] DEFAULT NULL,
    p_proposed_together boolean[] DEFAULT NULL,
    p_proposed_refusals smallint[] DEFAULT NULL,
    p_defer_overtaken boolean DEFAULT false)
RETURNS SETOF {schema}.batch_answer
LANGUAGE plpgsql
-- Every statement below keeps one plan per connection. Left to choose, PostgreSQL re-planned the
-- replay lookup on every call (its custom plan looks cheaper than the generic one, as it knows how
-- many request ids the arrays hold), about 0.4 ms of a 0.8 ms call for one request. The generic plans
-- are the ones QueryPlanTests check.
SET plan_cache_mode = force_generic_plan
-- Turned off below around the statements on named seats, and back on after them (see there); set
-- here so that change ends with the call.
SET enable_bitmapscan = on
-- Migration 7 turns sequential scans off for this function (ALTER FUNCTION), and says why.
AS $$
DECLARE
    n           constant integer := coalesce(cardinality(p_operations), 0);
    v_answers   {schema}.batch_answer[];
    v_done      boolean[] := array_fill(false, ARRAY[n]);
    v_first     integer[] := array_fill(0, ARRAY[n]);
    v_count     integer[] := array_fill(0, ARRAY[n]);
    v_proposed_first integer[] := array_fill(0, ARRAY[n]);
    v_proposed_count integer[] := array_fill(0, ARRAY[n]);
    v_as_proposed boolean := true;
    v_deferred_from integer;
    v_pending   integer := 0;
    v_seated    boolean;
    v_seat_map  boolean;
    v_best      boolean := false;
    v_together  boolean;
    v_skip      text[];
    v_locked    text[];
    v_block     text[];
    v_qualifying integer;
    v_longest   integer;
    v_attempt   integer;
    v_capacity  integer;
    v_allocated integer;
    v_booked    integer;
    v_free      integer;
    v_most      integer := 0;
    v_changed   boolean := false;
    v_all_fit   boolean := false;
    v_fit_answers {schema}.batch_answer[];
    v_expired   boolean := false;
    v_open_units integer;
    v_open_booked integer;
    v_made      text[] := '{}';
    v_made_at   integer[] := '{}';
    v_seats     text[];
    v_taken     text[];
    v_lockable  text[] := '{}';
    v_claimed   text[] := '{}';
    v_claimed_by uuid[] := '{}';
    v_claimed_until timestamptz[] := '{}';
    v_per_user  integer;
    v_lifetime  integer;
    v_users     text[] := '{}';
    v_user_units integer[] := '{}';
    v_user_at   integer;
    v_live_hold boolean;
    v_expires   timestamptz;
    v_row       {schema}.allocations%ROWTYPE;
    v_answer    {schema}.batch_answer;
    v_serial    boolean;
    v_op        smallint;
    v_live      text;
    v_final     text;
    r           record;
    i           integer;
    j           integer;
BEGIN
    IF n = 0 THEN
        RETURN;
    END IF;
    v_answers := array_fill(NULL::{schema}.batch_answer, ARRAY[n]);

    SELECT sh.seated, sh.seat_map, sh.capacity, sh.allocated, sh.max_seats_per_user, sh.max_hold_lifetime_ms
    INTO v_seated, v_seat_map, v_capacity, v_allocated, v_per_user, v_lifetime
    FROM {schema}.shows sh WHERE sh.show_id = p_show_id;
    IF NOT FOUND THEN
        RETURN QUERY SELECT o, 5::smallint, NULL::uuid, NULL::text, NULL::text, NULL::text[], NULL::integer, NULL::timestamptz, NULL::boolean
            FROM generate_series(1, n) o;
        RETURN;
    END IF;

    FOR j IN 1 .. coalesce(cardinality(p_seat_ids), 0) LOOP
        i := p_seat_requests[j];
        IF v_count[i] = 0 THEN
            v_first[i] := j;
        END IF;
        v_count[i] := v_count[i] + 1;
    END LOOP;
    FOR j IN 1 .. coalesce(cardinality(p_proposed_seat_ids), 0) LOOP
        i := p_proposed_requests[j];
        IF v_proposed_count[i] = 0 THEN
            v_proposed_first[i] := j;
        END IF;
        v_proposed_count[i] := v_proposed_count[i] + 1;
    END LOOP;


    -- Phase 1: requests that cannot succeed even alone. A best-available request on a show without a
    -- seat map is a caller's error, whatever else holds.
    FOR i IN 1 .. n LOOP
        IF p_operations[i] <= 2 AND p_together[i] IS NOT NULL AND v_count[i] = 0 AND NOT v_seat_map THEN
            v_answers[i] := ROW(i, 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
            v_done[i] := true;
        END IF;
    END LOOP;
    -- Over the per-user limit by what is committed: refused before seats are looked at, as the
    -- in-memory reference does.
    IF v_per_user IS NOT NULL THEN
        FOR r IN
            SELECT o.ordinal
            FROM unnest(p_user_ids, p_quantities) WITH ORDINALITY AS o (user_id, quantity, ordinal)
            CROSS JOIN LATERAL {schema}.user_live_units(p_show_id, o.user_id, p_now) u
            WHERE p_operations[o.ordinal] <= 2 AND NOT v_done[o.ordinal] AND u.units + o.quantity > v_per_user
        LOOP
            v_answers[r.ordinal] := ROW(r.ordinal, 12, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
            v_done[r.ordinal] := true;
        END LOOP;
    END IF;
    IF NOT v_seated THEN
        SELECT v_capacity - v_allocated + coalesce(sum(a.quantity), 0)::int, count(*) > 0 INTO v_free, v_expired
        FROM {schema}.allocations a
        WHERE a.show_id = p_show_id AND a.state = 'held' AND a.expires_at <= p_now;
        FOR i IN 1 .. n LOOP
            CONTINUE WHEN v_done[i] OR p_operations[i] > 2;
            IF v_count[i] > 0 THEN
                v_answers[i] := ROW(i, 3, NULL, NULL, NULL, p_seat_ids[v_first[i] : v_first[i] + v_count[i] - 1], NULL, NULL, NULL)::{schema}.batch_answer;
                v_done[i] := true;
            ELSIF p_quantities[i] > v_free THEN
                v_answers[i] := ROW(i, 3, NULL, NULL, NULL, '{}'::text[], NULL, NULL, NULL)::{schema}.batch_answer;
                v_done[i] := true;
            END IF;
        END LOOP;
    ELSE
        -- One index lookup per named seat: a scalar subquery is never turned into a join, which the
        -- planner would otherwise answer with a scan of the whole show (it has no statistics on
        -- seats.show_id, see migration 2).
        FOR r IN
            SELECT s.ordinal, array_agg(s.seat_id ORDER BY s.seat_id) AS taken
            FROM unnest(p_seat_ids, p_seat_requests) AS s (seat_id, ordinal)
            WHERE NOT coalesce((
                SELECT st.holder_id IS NULL OR st.held_until <= p_now FROM {schema}.seats st
                WHERE st.show_id = p_show_id AND st.seat_id = s.seat_id), false)
            GROUP BY s.ordinal
        LOOP
            CONTINUE WHEN v_done[r.ordinal];
            v_answers[r.ordinal] := ROW(r.ordinal, 3, NULL, NULL, NULL, r.taken, NULL, NULL, NULL)::{schema}.batch_answer;
            v_done[r.ordinal] := true;
        END LOOP;

        FOR i IN 1 .. n LOOP
            IF NOT v_done[i] AND p_operations[i] <= 2 AND v_count[i] = 0 THEN
                v_most := greatest(v_most, p_quantities[i]);
            END IF;
        END LOOP;
        IF v_most > 0 THEN
            SELECT count(*)::int INTO v_free FROM (
                SELECT 1 FROM {schema}.seats st
                WHERE st.show_id = p_show_id AND (st.holder_id IS NULL OR st.held_until <= p_now)
                LIMIT v_most) free_seats;
            FOR i IN 1 .. n LOOP
                IF NOT v_done[i] AND p_operations[i] <= 2 AND v_count[i] = 0 AND p_quantities[i] > v_free THEN
                    v_answers[i] := ROW(i, 3, NULL, NULL, NULL, '{}'::text[], NULL, NULL, NULL)::{schema}.batch_answer;
                    v_done[i] := true;
                END IF;
            END LOOP;
        END IF;
    END IF;

    -- Phase 1: committed replays and reused keys, read after the refusals and winning over them: each
    -- statement sees a newer snapshot, so a seat found taken by this very request's earlier call (a
    -- concurrent replay that committed meanwhile) is answered as the replay it is.
    FOR v_answer IN SELECT * FROM {schema}.batch_replays(p_show_id, p_request_ids, p_fingerprints, array_fill(false, ARRAY[n])) LOOP
        v_answers[v_answer.ordinal] := v_answer;
        v_done[v_answer.ordinal] := true;
    END LOOP;

    FOR i IN 1 .. n LOOP
        IF NOT v_done[i] THEN
            v_pending := v_pending + 1;
            v_best := v_best OR (p_together[i] IS NOT NULL AND v_count[i] = 0);
        END IF;
    END LOOP;

    IF v_pending > 0 THEN
        -- Phase 2.
        PERFORM set_config('lock_timeout', p_lock_timeout, true);
        -- A batch of several requests, and anything on a general-admission show, is decided under the
        -- show's row lock. One request alone on a seated show locks only its seats (waiting for them,
        -- in seat-id order), so buyers of different seats go in parallel; it never deadlocks with a
        -- batch, whose seat locks never wait (SKIP LOCKED). A best-available request is serial even
        -- alone: it chooses from the whole map, and two buyers choosing at once would choose alike. So
        -- is anything on a show with a per-user limit: one user's concurrent requests for different
        -- seats would each find room under the limit.
        v_serial := NOT v_seated OR n > 1 OR v_best OR v_per_user IS NOT NULL;
        IF v_serial THEN
            SELECT sh.allocated, sh.booked INTO v_allocated, v_booked
            FROM {schema}.shows sh WHERE sh.show_id = p_show_id FOR NO KEY UPDATE;
        END IF;

        -- Only when phase 1 found expired holds: the batch's clock is fixed, so a hold phase 1 saw live
        -- is live here too. A hold that committed since, already expired by this clock (its server's
        -- clock behind by more than its lifetime), stays counted until the next batch reclaims it:
        -- places refused for a batch, never given twice. One statement less a batch on a hot show.
        IF NOT v_seated AND v_expired THEN
            WITH expired AS (
                UPDATE {schema}.allocations a SET state = 'expired'
                WHERE a.show_id = p_show_id AND a.state = 'held' AND a.expires_at <= p_now
                RETURNING a.quantity)
            SELECT count(*) > 0, v_allocated - coalesce(sum(expired.quantity), 0)::int INTO v_changed, v_allocated FROM expired;
        END IF;

        -- A request id committed by another batch between phase 1 and the lock is not looked up again:
        -- the final INSERT then violates allocations_request_once, the statement rolls back, and the
        -- caller sends the batch again (split, or the request alone), when phase 1 finds it.

        -- The named seats of the requests still open, locked at once; the loop then claims them in
        -- memory, request after request, and one UPDATE after it writes them all.
        -- A connection keeps its plans until the tables' statistics change. Planned while seats was
        -- still small (a new database whose first calls were on small shows, before any ANALYZE), the
        -- statements on named seats (seat_id = ANY (...)) chose a bitmap scan of the show's whole key
        -- range, filtering seat ids, and kept it once a 50,000-seat show went on sale: every batch
        -- read every seat of the show twice, about 150 ms a batch, and a quick benchmark run measured
        -- 92 reserved-seat requests/s. Without bitmap scans they look each seat up in the index
        -- whatever the planner believes about the table's size. Only these statements: the general-
        -- admission lookup of a show's expired holds needs its bitmap scan
        -- (QueryPlanTests.Seated_batches_read_only_their_seats_on_a_connection_that_planned_them_on_a_small_table).
        IF v_seated THEN
            PERFORM set_config('enable_bitmapscan', 'off', true);
        END IF;

        IF v_seated AND v_serial THEN
            SELECT coalesce(array_agg(locked.seat_id), '{}') INTO v_lockable FROM (
                SELECT st.seat_id FROM {schema}.seats st
                WHERE st.show_id = p_show_id
                  AND st.seat_id = ANY (ARRAY(
                      SELECT w.seat_id FROM unnest(p_seat_ids, p_seat_requests) AS w (seat_id, ordinal) WHERE NOT v_done[w.ordinal]
                      UNION ALL
                      SELECT w.seat_id FROM unnest(p_proposed_seat_ids, p_proposed_requests) AS w (seat_id, ordinal) WHERE NOT v_done[w.ordinal]))
                  AND (st.holder_id IS NULL OR st.held_until <= p_now)
                ORDER BY st.seat_id
                FOR UPDATE SKIP LOCKED) locked;
        ELSIF v_seated AND v_count[1] > 0 THEN
            -- After a wait the seats are re-checked (a seat taken meanwhile is not returned), and so is
            -- the request id: a concurrent replay of this request may have been what held them.
            SELECT coalesce(array_agg(locked.seat_id), '{}') INTO v_lockable FROM (
                SELECT st.seat_id FROM {schema}.seats st
                WHERE st.show_id = p_show_id AND st.seat_id = ANY (p_seat_ids)
                  AND (st.holder_id IS NULL OR st.held_until <= p_now)
                ORDER BY st.seat_id
                FOR UPDATE) locked;
            FOR v_answer IN SELECT * FROM {schema}.batch_replays(p_show_id, p_request_ids, p_fingerprints, v_done) LOOP
                v_answers[v_answer.ordinal] := v_answer;
                v_done[v_answer.ordinal] := true;
            END LOOP;
        ELSIF v_seated AND p_operations[1] <= 2 THEN
            -- Any N seats: SKIP LOCKED never waits, so concurrent replays of this request would each
            -- pick other seats (or find none free). A lock on the request id makes them queue, and the
            -- later ones then find the first.
            PERFORM pg_advisory_xact_lock(hashtextextended(p_show_id || '/' || p_request_ids[1], 0));
            FOR v_answer IN SELECT * FROM {schema}.batch_replays(p_show_id, p_request_ids, p_fingerprints, v_done) LOOP
                v_answers[v_answer.ordinal] := v_answer;
                v_done[v_answer.ordinal] := true;
            END LOOP;
        END IF;

        IF v_per_user IS NOT NULL THEN
            -- Under the show's lock: what each user of the batch's open holds and bookings has
            -- committed, in one statement; the loop keeps it up to date with the batch's own
            -- allocations, releases and cancels.
            SELECT coalesce(array_agg(w.user_id), '{}'), coalesce(array_agg(u.units), '{}') INTO v_users, v_user_units
            FROM (
                SELECT DISTINCT o.user_id FROM unnest(p_user_ids) WITH ORDINALITY AS o (user_id, ordinal)
                WHERE p_operations[o.ordinal] <= 2 AND NOT v_done[o.ordinal]) w
            CROSS JOIN LATERAL {schema}.user_live_units(p_show_id, w.user_id, p_now) u;
        END IF;

        -- A general-admission batch whose open requests are all holds and bookings, each with a
        -- request id of its own, with no per-user limit and room for all of them: the loop below
        -- would allocate each in turn, so they are answered at once, set-based, and the loop does
        -- not run. Measured in interleaved pgbench runs of one client, 32 bookings a call: 0.515 ms a
        -- call against 0.565 ms through the loop, and 0.631 ms in the same runs when they were only
        -- marked done for the loop to pass by (0.619 against 0.674 ms in an earlier round).
        -- Anything else goes through the loop: a confirm, release or cancel among them (where it
        -- stands in the order matters), a request id twice (a replay inside the batch), a limit, or
        -- too little room for all (which requests get the last places depends on the order). A
        -- request alone goes straight to the loop: for it, the check would be one statement more
        -- than the loop's single pass. The check and the answers it would give are one statement.
        IF NOT v_seated AND v_per_user IS NULL AND n > 1 THEN
            SELECT count(*) FILTER (WHERE NOT v_done[o] AND p_operations[o] IN (1, 2)) = count(*) FILTER (WHERE NOT v_done[o])
                   AND count(DISTINCT p_request_ids[o]) FILTER (WHERE NOT v_done[o]) = count(*) FILTER (WHERE NOT v_done[o])
                   AND v_allocated + sum(p_quantities[o]) FILTER (WHERE NOT v_done[o]) <= v_capacity,
                   sum(p_quantities[o]) FILTER (WHERE NOT v_done[o]),
                   coalesce(sum(p_quantities[o]) FILTER (WHERE NOT v_done[o] AND p_operations[o] = 2), 0),
                   array_agg(CASE WHEN v_done[o] THEN v_answers[o]
                       ELSE ROW(o, 1, p_allocation_ids[o], p_user_ids[o], CASE p_operations[o] WHEN 1 THEN 'hold' ELSE 'booking' END,
                           '{}'::text[], p_quantities[o], p_expires_at[o], NULL)::{schema}.batch_answer END ORDER BY o)
            INTO v_all_fit, v_open_units, v_open_booked, v_fit_answers
            FROM generate_subscripts(p_operations, 1) AS o;
            IF v_all_fit THEN
                v_answers := v_fit_answers;
                v_allocated := v_allocated + v_open_units;
                v_booked := v_booked + v_open_booked;
                v_changed := true;
            END IF;
        END IF;

        FOR i IN 1 .. CASE WHEN v_all_fit THEN 0 ELSE n END LOOP
            -- Whether every request so far whose seats the proposals counted as taken (named or
            -- proposed seats) took exactly those: while it holds, a proposed refusal holds too.
            IF i > 1 AND v_as_proposed AND (v_count[i - 1] > 0 OR v_proposed_count[i - 1] > 0) THEN
                v_as_proposed := (v_answers[i - 1]).outcome = 1 AND (v_count[i - 1] > 0
                    OR (v_answers[i - 1]).seat_ids @> p_proposed_seat_ids[v_proposed_first[i - 1] : v_proposed_first[i - 1] + v_proposed_count[i - 1] - 1]);
            END IF;
            CONTINUE WHEN v_done[i];
            v_op := p_operations[i];

            IF v_op <= 2 THEN
                -- Hold or book. A request id made earlier in this batch is a replay of it.
                v_together := NULL;
                j := array_position(v_made, p_request_ids[i]);
                IF j IS NOT NULL THEN
                    j := v_made_at[j];
                    v_answers[i] := CASE WHEN p_fingerprints[j] = p_fingerprints[i]
                        THEN ROW(i, 2, (v_answers[j]).allocation_id, (v_answers[j]).user_id, (v_answers[j]).kind, (v_answers[j]).seat_ids, (v_answers[j]).quantity, (v_answers[j]).expires_at, (v_answers[j]).together)::{schema}.batch_answer
                        ELSE ROW(i, 6, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer END;
                    CONTINUE;
                END IF;

                IF v_per_user IS NOT NULL THEN
                    v_user_at := array_position(v_users, p_user_ids[i]);
                    IF v_user_units[v_user_at] + p_quantities[i] > v_per_user THEN
                        v_answers[i] := ROW(i, 12, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
                        CONTINUE;
                    END IF;
                END IF;

                IF NOT v_seated THEN
                    IF v_allocated + p_quantities[i] > v_capacity THEN
                        v_answers[i] := ROW(i, 3, NULL, NULL, NULL, '{}'::text[], NULL, NULL, NULL)::{schema}.batch_answer;
                        CONTINUE;
                    END IF;
                    v_allocated := v_allocated + p_quantities[i];
                    IF v_op = 2 THEN
                        v_booked := v_booked + p_quantities[i];
                    END IF;
                    v_changed := true;
                    v_seats := '{}';
                ELSE
                    IF v_count[i] > 0 THEN
                        v_seats := p_seat_ids[v_first[i] : v_first[i] + v_count[i] - 1];
                        IF NOT (v_seats <@ v_lockable) OR v_seats && v_claimed THEN
                            -- Claimed by an earlier request of this batch, taken since phase 1, or locked by an outside writer.
                            SELECT coalesce(array_agg(wanted.seat_id ORDER BY wanted.seat_id), '{}') INTO v_taken
                            FROM unnest(v_seats) AS wanted (seat_id)
                            WHERE wanted.seat_id = ANY (v_claimed) OR NOT coalesce((
                                SELECT st.holder_id IS NULL OR st.held_until <= p_now FROM {schema}.seats st
                                WHERE st.show_id = p_show_id AND st.seat_id = wanted.seat_id), false);
                            v_answers[i] := CASE WHEN cardinality(v_taken) > 0
                                THEN ROW(i, 3, NULL, NULL, NULL, v_taken, NULL, NULL, NULL)::{schema}.batch_answer
                                ELSE ROW(i, 7, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer END;
                            CONTINUE;
                        END IF;
                        IF p_together[i] IS NOT NULL THEN
                            -- Chosen for a best-available request in front of PostgreSQL (Redis admission).
                            v_together := {schema}.seats_together(p_show_id, v_seats);
                        END IF;
                    ELSIF p_together[i] IS NOT NULL AND p_proposed_refusals[i] IS NOT NULL AND v_as_proposed THEN
                        v_answers[i] := ROW(i, p_proposed_refusals[i], NULL, NULL, NULL, '{}'::text[], NULL, NULL, NULL)::{schema}.batch_answer;
                        CONTINUE;
                    ELSIF p_together[i] IS NOT NULL AND v_proposed_count[i] = p_quantities[i]
                        AND p_proposed_seat_ids[v_proposed_first[i] : v_proposed_first[i] + v_proposed_count[i] - 1] <@ v_lockable
                        AND NOT p_proposed_seat_ids[v_proposed_first[i] : v_proposed_first[i] + v_proposed_count[i] - 1] && v_claimed THEN
                        -- Best available, as proposed: still free, unclaimed and locked above. Choosing
                        -- here reads the whole map, twice; checking a proposal reads only its seats.
                        v_seats := ARRAY(SELECT unnest(p_proposed_seat_ids[v_proposed_first[i] : v_proposed_first[i] + v_proposed_count[i] - 1]) ORDER BY 1);
                        v_together := p_proposed_together[i];
                    ELSIF p_together[i] IS NOT NULL AND p_defer_overtaken AND (v_proposed_count[i] > 0 OR p_proposed_refusals[i] IS NOT NULL) THEN
                        -- Overtaken, and the application would rather propose again from a read under
                        -- the show's lock than have it chosen here: this request and the open ones
                        -- after it wait for that, in order (see p_defer_overtaken).
                        v_deferred_from := i;
                        EXIT;
                    ELSIF p_together[i] IS NOT NULL THEN
                        -- Best available, without a proposal or with one overtaken (taken since the
                        -- application read the map, or claimed earlier in this batch): chosen against
                        -- the state the batch has reached (seats claimed by earlier requests are not
                        -- free), then locked. A seat locked by a writer outside the show's lock is left
                        -- out of the next choice.
                        v_skip := '{}';
                        FOR v_attempt IN 1 .. 3 LOOP
                            v_seats := NULL;
                            SELECT q.qualifying, q.longest_run INTO v_qualifying, v_longest
                            FROM {schema}.qualifying_seats(p_show_id, p_now, p_categories[i], p_sections[i], coalesce(p_accessible[i], false), v_claimed || v_skip) q;
                            EXIT WHEN v_qualifying < p_quantities[i];
                            -- No run as long as the request: no block, without reading the map again.
                            EXIT WHEN p_together[i] AND v_longest < p_quantities[i];
                            SELECT b.seat_ids INTO v_seats
                            FROM {schema}.best_seat_block(p_show_id, p_now, p_quantities[i], p_categories[i], p_sections[i], coalesce(p_accessible[i], false), v_claimed || v_skip) b;
                            v_together := v_seats IS NOT NULL;
                            EXIT WHEN v_seats IS NULL AND p_together[i];
                            IF v_seats IS NULL THEN
                                -- Split: the best block of the longest run left (or of what is still
                                -- needed), again and again, so as few blocks as possible.
                                v_seats := '{}';
                                WHILE cardinality(v_seats) < p_quantities[i] LOOP
                                    SELECT q.longest_run INTO v_longest
                                    FROM {schema}.qualifying_seats(p_show_id, p_now, p_categories[i], p_sections[i], coalesce(p_accessible[i], false), v_claimed || v_skip || v_seats) q;
                                    v_block := NULL;
                                    SELECT b.seat_ids INTO v_block
                                    FROM {schema}.best_seat_block(p_show_id, p_now, least(p_quantities[i] - cardinality(v_seats), v_longest),
                                        p_categories[i], p_sections[i], coalesce(p_accessible[i], false), v_claimed || v_skip || v_seats) b;
                                    EXIT WHEN v_block IS NULL;
                                    v_seats := v_seats || v_block;
                                END LOOP;
                            END IF;
                            SELECT coalesce(array_agg(locked.seat_id), '{}') INTO v_locked FROM (
                                SELECT st.seat_id FROM {schema}.seats st
                                WHERE st.show_id = p_show_id AND st.seat_id = ANY (v_seats)
                                  AND (st.holder_id IS NULL OR st.held_until <= p_now)
                                ORDER BY st.seat_id
                                FOR UPDATE SKIP LOCKED) locked;
                            EXIT WHEN cardinality(v_locked) = p_quantities[i];
                            v_skip := v_skip || ARRAY(SELECT unnest(v_seats) EXCEPT SELECT unnest(v_locked));
                            v_seats := NULL;
                        END LOOP;
                        IF v_seats IS NULL OR cardinality(v_seats) < p_quantities[i] THEN
                            -- Seats found locked may be free again soon (contended); otherwise too few
                            -- qualify (unavailable), or they do only apart (not enough together).
                            v_answers[i] := ROW(i, CASE WHEN cardinality(v_skip) > 0 THEN 7 WHEN v_qualifying < p_quantities[i] THEN 3 ELSE 9 END,
                                NULL, NULL, NULL, '{}'::text[], NULL, NULL, NULL)::{schema}.batch_answer;
                            CONTINUE;
                        END IF;
                        v_seats := ARRAY(SELECT unnest(v_seats) ORDER BY 1);
                    ELSE
                        SELECT coalesce(array_agg(picked.seat_id ORDER BY picked.seat_id), '{}') INTO v_seats FROM (
                            SELECT st.seat_id FROM {schema}.seats st
                            WHERE st.show_id = p_show_id AND (st.holder_id IS NULL OR st.held_until <= p_now)
                              AND st.seat_id <> ALL (v_claimed)
                            ORDER BY st.seat_id
                            LIMIT p_quantities[i]
                            FOR UPDATE SKIP LOCKED) picked;
                        IF cardinality(v_seats) < p_quantities[i] THEN
                            v_answers[i] := ROW(i, 3, NULL, NULL, NULL, '{}'::text[], NULL, NULL, NULL)::{schema}.batch_answer;
                            CONTINUE;
                        END IF;
                    END IF;
                    v_claimed := v_claimed || v_seats;
                    v_claimed_by := v_claimed_by || array_fill(p_allocation_ids[i], ARRAY[cardinality(v_seats)]);
                    v_claimed_until := v_claimed_until || array_fill(p_expires_at[i], ARRAY[cardinality(v_seats)]);
                END IF;

                v_answers[i] := ROW(i, 1, p_allocation_ids[i], p_user_ids[i], CASE v_op WHEN 1 THEN 'hold' ELSE 'booking' END,
                    v_seats, p_quantities[i], p_expires_at[i], v_together)::{schema}.batch_answer;
                v_made := v_made || p_request_ids[i];
                v_made_at := v_made_at || i;
                IF v_per_user IS NOT NULL THEN
                    v_user_units[v_user_at] := v_user_units[v_user_at] + p_quantities[i];
                END IF;
                CONTINUE;
            END IF;

            -- Confirm, extend, release or cancel an allocation that exists.
            SELECT a.* INTO v_row FROM {schema}.allocations a
            WHERE a.show_id = p_show_id AND a.allocation_id = p_allocation_ids[i]
            FOR UPDATE;
            IF NOT FOUND OR (p_user_ids[i] IS NOT NULL AND v_row.user_id <> p_user_ids[i]) OR (v_op IN (3, 6) AND v_row.kind <> 'hold') THEN
                v_answers[i] := ROW(i, 5, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
                CONTINUE;
            END IF;

            IF v_op IN (3, 6) THEN
                -- Live: not expired by this clock, and its seats not taken over after it expired by
                -- another server's clock.
                v_live_hold := v_row.state = 'held' AND v_row.expires_at > p_now AND (NOT v_seated OR (
                    SELECT count(*) FROM {schema}.seats st
                    WHERE st.show_id = p_show_id AND st.seat_id = ANY (v_row.seat_ids) AND st.holder_id = v_row.allocation_id) = cardinality(v_row.seat_ids));
            END IF;

            IF v_op = 6 THEN
                -- Extend. Not idempotent: each call moves the expiry again, up to the cap.
                v_expires := v_row.expires_at + p_extensions[i] * interval '1 microsecond';
                IF NOT v_live_hold THEN
                    v_answers[i] := ROW(i, CASE WHEN v_row.state IN ('held', 'expired') THEN 4 ELSE 5 END, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
                ELSIF v_expires > v_row.created_at + v_lifetime * interval '1 millisecond' THEN
                    v_answers[i] := ROW(i, 11, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
                ELSE
                    UPDATE {schema}.allocations a SET expires_at = v_expires
                    WHERE a.show_id = p_show_id AND a.allocation_id = v_row.allocation_id;
                    IF v_seated THEN
                        UPDATE {schema}.seats st SET held_until = v_expires, version = st.version + 1
                        WHERE st.show_id = p_show_id AND st.seat_id = ANY (v_row.seat_ids) AND st.holder_id = v_row.allocation_id;
                    END IF;
                    v_answers[i] := ROW(i, 1, v_row.allocation_id, v_row.user_id, v_row.kind, v_row.seat_ids, v_row.quantity, v_expires, v_row.together)::{schema}.batch_answer;
                END IF;
                CONTINUE;
            END IF;

            IF v_op = 3 THEN
                IF v_row.state = 'booked' THEN
                    v_answers[i] := ROW(i, 2, v_row.allocation_id, v_row.user_id, v_row.kind, v_row.seat_ids, v_row.quantity, v_row.expires_at, v_row.together)::{schema}.batch_answer;
                ELSIF v_live_hold THEN
                    UPDATE {schema}.allocations a SET state = 'booked'
                    WHERE a.show_id = p_show_id AND a.allocation_id = v_row.allocation_id;
                    IF v_seated THEN
                        UPDATE {schema}.seats st SET held_until = NULL, version = st.version + 1
                        WHERE st.show_id = p_show_id AND st.seat_id = ANY (v_row.seat_ids) AND st.holder_id = v_row.allocation_id;
                    ELSE
                        v_booked := v_booked + v_row.quantity;
                        v_changed := true;
                    END IF;
                    v_answers[i] := ROW(i, 1, v_row.allocation_id, v_row.user_id, v_row.kind, v_row.seat_ids, v_row.quantity, v_row.expires_at, v_row.together)::{schema}.batch_answer;
                ELSIF v_row.state IN ('held', 'expired') THEN
                    -- Expired by this clock, or its seats were taken over after it expired by another server's clock.
                    v_answers[i] := ROW(i, 4, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
                ELSE
                    v_answers[i] := ROW(i, 5, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
                END IF;
                CONTINUE;
            END IF;

            -- Release (a hold) or cancel (a booking).
            IF v_op = 4 THEN
                v_live := 'held';
                v_final := 'released';
            ELSE
                v_live := 'booked';
                v_final := 'cancelled';
            END IF;
            IF v_row.state = v_live AND (v_live <> 'held' OR v_row.expires_at > p_now) THEN
                UPDATE {schema}.allocations a SET state = v_final
                WHERE a.show_id = p_show_id AND a.allocation_id = v_row.allocation_id;
                IF v_seated THEN
                    UPDATE {schema}.seats st SET holder_id = NULL, held_until = NULL, version = st.version + 1
                    WHERE st.show_id = p_show_id AND st.seat_id = ANY (v_row.seat_ids) AND st.holder_id = v_row.allocation_id;
                ELSE
                    v_allocated := v_allocated - v_row.quantity;
                    IF v_op = 5 THEN
                        v_booked := v_booked - v_row.quantity;
                    END IF;
                    v_changed := true;
                END IF;
                v_user_at := array_position(v_users, v_row.user_id);
                IF v_user_at IS NOT NULL THEN
                    v_user_units[v_user_at] := v_user_units[v_user_at] - v_row.quantity;
                END IF;
                v_answers[i] := ROW(i, 8, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
            ELSIF v_row.state = v_final THEN
                v_answers[i] := ROW(i, 8, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
            ELSIF v_op = 4 AND v_row.state IN ('held', 'expired') THEN
                v_answers[i] := ROW(i, 4, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
            ELSE
                v_answers[i] := ROW(i, 5, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
            END IF;
        END LOOP;

        IF v_deferred_from IS NOT NULL THEN
            FOR i IN v_deferred_from .. n LOOP
                IF NOT v_done[i] AND v_answers[i] IS NULL THEN
                    v_answers[i] := ROW(i, 13, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
                END IF;
            END LOOP;
        END IF;

        IF cardinality(v_claimed) > 0 THEN
            UPDATE {schema}.seats st
            SET holder_id = v_claimed_by[array_position(v_claimed, st.seat_id)],
                held_until = v_claimed_until[array_position(v_claimed, st.seat_id)],
                version = st.version + 1
            WHERE st.show_id = p_show_id AND st.seat_id = ANY (v_claimed);
        END IF;

        IF v_seated THEN
            PERFORM set_config('enable_bitmapscan', 'on', true);
        END IF;

        INSERT INTO {schema}.allocations (show_id, allocation_id, request_id, fingerprint, user_id, kind, state, seat_ids, quantity, expires_at, created_at, together, limited_user_id)
        SELECT p_show_id, a.allocation_id, p_request_ids[a.ordinal], p_fingerprints[a.ordinal], a.user_id, a.kind,
            CASE a.kind WHEN 'hold' THEN 'held' ELSE 'booked' END, a.seat_ids, a.quantity, a.expires_at, p_now, a.together,
            CASE WHEN v_per_user IS NOT NULL THEN a.user_id END
        FROM unnest(v_answers) a
        WHERE a.outcome = 1 AND p_operations[a.ordinal] <= 2;

        IF v_changed THEN
            UPDATE {schema}.shows sh SET allocated = v_allocated, booked = v_booked, version = sh.version + 1
            WHERE sh.show_id = p_show_id;
        END IF;
    END IF;

    RETURN QUERY SELECT * FROM unnest(v_answers);
END;
$$;
