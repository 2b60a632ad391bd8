-- SeatAllocation schema, version 3. {schema} is replaced by the configured schema name.
--
-- apply_batch decides a batch of requests for ONE show in one round trip: holds, bookings,
-- confirmations, releases and cancellations, in the order given, each with its own outcome. The
-- pessimistic strategy sends batches of one; the group-commit strategy sends every request that
-- queued for the show while the previous batch was in flight. Nothing is decided in the client, so
-- no lock is held across a client round trip, and a batch of 64 costs about what one request did.
--
-- Requests are the elements at the same position of the p_ arrays (1-based "ordinal"):
--   p_operations      1 hold, 2 book, 3 confirm, 4 release, 5 cancel
--   p_allocation_ids  hold/book: the id of the allocation to create; others: the allocation acted on
--   p_request_ids     hold/book: the caller's idempotency key; others: NULL
--   p_fingerprints    hold/book: the request's payload, to tell a replay from a reused key
--   p_user_ids        hold/book: the owner; others: the owner required, or NULL for anyone
--   p_quantities      hold/book: how many seats or units
--   p_expires_at      hold: when it expires; others: NULL
--   p_seat_ids        the named seats of every request, request after request
--   p_seat_requests   for each element of p_seat_ids, the ordinal of the request that named it
-- One row comes back per request: its ordinal, an outcome code, and the allocation it concerns.
--
-- Outcomes: 1 allocated (hold or booking made; a confirmation made), 2 replayed (the request id, or
-- the confirmation, was already done: the row is the earlier allocation), 3 unavailable (seat_ids
-- lists the named seats taken or missing; empty: not enough free), 4 hold expired, 5 not found,
-- 6 idempotency key reused, 7 contended (a seat is locked by a writer outside this function; retry),
-- 8 released (also: it already was).
--
-- Phase 1, without locks: answers what the committed state already decides, i.e. replays of
-- committed request ids and requests that could not succeed even alone (seats taken, sold out). A
-- batch of nothing else takes no lock at all, so a sold-out show stays cheap to ask.
-- Phase 2, under the show row's lock (or, for one request alone on a seated show, its seats'
-- locks): every other request, in order, against the state the earlier ones left. Counters and claimed seats are kept in variables and written once, new allocations
-- inserted at the end in one statement (seats.holder_id's foreign key is checked at commit). A seat
-- freed by a release or cancel in a batch is free for the next batch (a valid order: the request
-- that wanted it is decided as if it came first).
--
-- Lock order, the same for every writer of a show, so batches from many app instances never
-- deadlock: the show row (FOR NO KEY UPDATE, which does not block the foreign-key checks of
-- inserts), then allocation rows, then seat rows. A batch locks seats with SKIP LOCKED: a seat locked
-- by a writer outside the show's lock (one request alone on a seated show, the optimistic strategy,
-- a hand-written transaction) makes that one request contended instead of making the batch wait, so
-- a batch never waits while holding seats. One request alone on a seated show skips the show's row
-- and waits only for its seats, in seat-id order. Every statement filters by show_id.
-- The index of every show's holds by expiry alone (migration 1) goes: apply_batch runs on generic
-- plans (below), and for "this show's expired holds" the generic plan preferred it to the index of
-- the show's own holds, as expiry order follows the table's order, so every general-admission batch
-- read every show's held allocations: 30 ms a batch with 50,000 holds in other shows
-- (QueryPlanTests.General_admission_batch_reads_only_its_show_s_holds…). The sweeper finds shows
-- with expired holds through allocations_held_by_show_expiry instead.
DROP INDEX {schema}.allocations_held_by_expiry;

CREATE TYPE {schema}.batch_answer AS (
    ordinal       integer,
    outcome       smallint,
    allocation_id uuid,
    user_id       text,
    kind          text,
    seat_ids      text[],
    quantity      integer,
    expires_at    timestamptz
);

-- The answers for requests whose id is already committed, skipping those marked done: the earlier
-- allocation (2, replayed) when the payload's fingerprint matches, otherwise 6 (reused key).
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
        THEN ROW(o.ordinal, 2, a.allocation_id, a.user_id, a.kind, a.seat_ids, a.quantity, a.expires_at)::{schema}.batch_answer
        ELSE ROW(o.ordinal, 6, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer END).*
    FROM unnest(p_request_ids) WITH ORDINALITY AS o (request_id, ordinal)
    CROSS JOIN LATERAL (
        SELECT a.fingerprint, a.allocation_id, a.user_id, a.kind, a.seat_ids, a.quantity, a.expires_at
        FROM {schema}.allocations a
        WHERE a.show_id = p_show_id AND a.request_id = o.request_id
        LIMIT 1) a
    WHERE NOT p_done[o.ordinal]
$$;

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
    p_seat_requests  integer[])
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
AS $$
DECLARE
    n           constant integer := coalesce(cardinality(p_operations), 0);
    v_answers   {schema}.batch_answer[];
    v_done      boolean[] := array_fill(false, ARRAY[n]);
    v_first     integer[] := array_fill(0, ARRAY[n]);
    v_count     integer[] := array_fill(0, ARRAY[n]);
    v_pending   integer := 0;
    v_seated    boolean;
    v_capacity  integer;
    v_allocated integer;
    v_booked    integer;
    v_free      integer;
    v_most      integer := 0;
    v_changed   boolean := false;
    v_made      text[] := '{}';
    v_made_at   integer[] := '{}';
    v_seats     text[];
    v_taken     text[];
    v_lockable  text[] := '{}';
    v_claimed   text[] := '{}';
    v_claimed_by uuid[] := '{}';
    v_claimed_until timestamptz[] := '{}';
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

    SELECT sh.seated, sh.capacity, sh.allocated INTO v_seated, v_capacity, v_allocated
    FROM {schema}.shows sh WHERE sh.show_id = p_show_id;
    IF NOT FOUND THEN
        RETURN QUERY SELECT o, 5::smallint, NULL::uuid, NULL::text, NULL::text, NULL::text[], NULL::integer, NULL::timestamptz
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


    -- Phase 1: requests that cannot succeed even alone.
    IF NOT v_seated THEN
        v_free := v_capacity - v_allocated + (
            SELECT coalesce(sum(a.quantity), 0)::int FROM {schema}.allocations a
            WHERE a.show_id = p_show_id AND a.state = 'held' AND a.expires_at <= p_now);
        FOR i IN 1 .. n LOOP
            CONTINUE WHEN v_done[i] OR p_operations[i] > 2;
            IF v_count[i] > 0 THEN
                v_answers[i] := ROW(i, 3, NULL, NULL, NULL, p_seat_ids[v_first[i] : v_first[i] + v_count[i] - 1], NULL, NULL)::{schema}.batch_answer;
                v_done[i] := true;
            ELSIF p_quantities[i] > v_free THEN
                v_answers[i] := ROW(i, 3, NULL, NULL, NULL, '{}'::text[], NULL, NULL)::{schema}.batch_answer;
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
            v_answers[r.ordinal] := ROW(r.ordinal, 3, NULL, NULL, NULL, r.taken, NULL, NULL)::{schema}.batch_answer;
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
                    v_answers[i] := ROW(i, 3, NULL, NULL, NULL, '{}'::text[], NULL, NULL)::{schema}.batch_answer;
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
        END IF;
    END LOOP;

    IF v_pending > 0 THEN
        -- Phase 2.
        PERFORM set_config('lock_timeout', p_lock_timeout, true);
        -- A batch of several requests, and anything on a general-admission show, is decided under the
        -- show's row lock. One request alone on a seated show locks only its seats (waiting for them,
        -- in seat-id order), so buyers of different seats go in parallel; it never deadlocks with a
        -- batch, whose seat locks never wait (SKIP LOCKED).
        v_serial := NOT v_seated OR n > 1;
        IF v_serial THEN
            SELECT sh.allocated, sh.booked INTO v_allocated, v_booked
            FROM {schema}.shows sh WHERE sh.show_id = p_show_id FOR NO KEY UPDATE;
        END IF;

        IF NOT v_seated THEN
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
                  AND st.seat_id = ANY (ARRAY(SELECT w.seat_id FROM unnest(p_seat_ids, p_seat_requests) AS w (seat_id, ordinal) WHERE NOT v_done[w.ordinal]))
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

        FOR i IN 1 .. n LOOP
            CONTINUE WHEN v_done[i];
            v_op := p_operations[i];

            IF v_op <= 2 THEN
                -- Hold or book. A request id made earlier in this batch is a replay of it.
                j := array_position(v_made, p_request_ids[i]);
                IF j IS NOT NULL THEN
                    j := v_made_at[j];
                    v_answers[i] := CASE WHEN p_fingerprints[j] = p_fingerprints[i]
                        THEN ROW(i, 2, (v_answers[j]).allocation_id, (v_answers[j]).user_id, (v_answers[j]).kind, (v_answers[j]).seat_ids, (v_answers[j]).quantity, (v_answers[j]).expires_at)::{schema}.batch_answer
                        ELSE ROW(i, 6, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer END;
                    CONTINUE;
                END IF;

                IF NOT v_seated THEN
                    IF v_allocated + p_quantities[i] > v_capacity THEN
                        v_answers[i] := ROW(i, 3, NULL, NULL, NULL, '{}'::text[], NULL, NULL)::{schema}.batch_answer;
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
                                THEN ROW(i, 3, NULL, NULL, NULL, v_taken, NULL, NULL)::{schema}.batch_answer
                                ELSE ROW(i, 7, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer END;
                            CONTINUE;
                        END IF;
                    ELSE
                        SELECT coalesce(array_agg(picked.seat_id ORDER BY picked.seat_id), '{}') INTO v_seats FROM (
                            SELECT st.seat_id FROM {schema}.seats st
                            WHERE st.show_id = p_show_id AND (st.holder_id IS NULL OR st.held_until <= p_now)
                              AND st.seat_id <> ALL (v_claimed)
                            ORDER BY st.seat_id
                            LIMIT p_quantities[i]
                            FOR UPDATE SKIP LOCKED) picked;
                        IF cardinality(v_seats) < p_quantities[i] THEN
                            v_answers[i] := ROW(i, 3, NULL, NULL, NULL, '{}'::text[], NULL, NULL)::{schema}.batch_answer;
                            CONTINUE;
                        END IF;
                    END IF;
                    v_claimed := v_claimed || v_seats;
                    v_claimed_by := v_claimed_by || array_fill(p_allocation_ids[i], ARRAY[cardinality(v_seats)]);
                    v_claimed_until := v_claimed_until || array_fill(p_expires_at[i], ARRAY[cardinality(v_seats)]);
                END IF;

                v_answers[i] := ROW(i, 1, p_allocation_ids[i], p_user_ids[i], CASE v_op WHEN 1 THEN 'hold' ELSE 'booking' END,
                    v_seats, p_quantities[i], p_expires_at[i])::{schema}.batch_answer;
                v_made := v_made || p_request_ids[i];
                v_made_at := v_made_at || i;
                CONTINUE;
            END IF;

            -- Confirm, release or cancel an allocation that exists.
            SELECT a.* INTO v_row FROM {schema}.allocations a
            WHERE a.show_id = p_show_id AND a.allocation_id = p_allocation_ids[i]
            FOR UPDATE;
            IF NOT FOUND OR (p_user_ids[i] IS NOT NULL AND v_row.user_id <> p_user_ids[i]) OR (v_op = 3 AND v_row.kind <> 'hold') THEN
                v_answers[i] := ROW(i, 5, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
                CONTINUE;
            END IF;

            IF v_op = 3 THEN
                IF v_row.state = 'booked' THEN
                    v_answers[i] := ROW(i, 2, v_row.allocation_id, v_row.user_id, v_row.kind, v_row.seat_ids, v_row.quantity, v_row.expires_at)::{schema}.batch_answer;
                ELSIF v_row.state = 'held' AND v_row.expires_at > p_now AND (NOT v_seated OR (
                        SELECT count(*) FROM {schema}.seats st
                        WHERE st.show_id = p_show_id AND st.seat_id = ANY (v_row.seat_ids) AND st.holder_id = v_row.allocation_id) = cardinality(v_row.seat_ids)) THEN
                    UPDATE {schema}.allocations a SET state = 'booked'
                    WHERE a.show_id = p_show_id AND a.allocation_id = v_row.allocation_id;
                    IF v_seated THEN
                        UPDATE {schema}.seats st SET held_until = NULL, version = st.version + 1
                        WHERE st.show_id = p_show_id AND st.seat_id = ANY (v_row.seat_ids) AND st.holder_id = v_row.allocation_id;
                    ELSE
                        v_booked := v_booked + v_row.quantity;
                        v_changed := true;
                    END IF;
                    v_answers[i] := ROW(i, 1, v_row.allocation_id, v_row.user_id, v_row.kind, v_row.seat_ids, v_row.quantity, v_row.expires_at)::{schema}.batch_answer;
                ELSIF v_row.state IN ('held', 'expired') THEN
                    -- Expired by this clock, or its seats were taken over after it expired by another server's clock.
                    v_answers[i] := ROW(i, 4, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
                ELSE
                    v_answers[i] := ROW(i, 5, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
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
                v_answers[i] := ROW(i, 8, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
            ELSIF v_row.state = v_final THEN
                v_answers[i] := ROW(i, 8, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
            ELSIF v_op = 4 AND v_row.state IN ('held', 'expired') THEN
                v_answers[i] := ROW(i, 4, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
            ELSE
                v_answers[i] := ROW(i, 5, NULL, NULL, NULL, NULL, NULL, NULL)::{schema}.batch_answer;
            END IF;
        END LOOP;

        UPDATE {schema}.seats st
        SET holder_id = v_claimed_by[array_position(v_claimed, st.seat_id)],
            held_until = v_claimed_until[array_position(v_claimed, st.seat_id)],
            version = st.version + 1
        WHERE st.show_id = p_show_id AND st.seat_id = ANY (v_claimed);

        PERFORM set_config('enable_bitmapscan', 'on', true);

        INSERT INTO {schema}.allocations (show_id, allocation_id, request_id, fingerprint, user_id, kind, state, seat_ids, quantity, expires_at, created_at)
        SELECT p_show_id, a.allocation_id, p_request_ids[a.ordinal], p_fingerprints[a.ordinal], a.user_id, a.kind,
            CASE a.kind WHEN 'hold' THEN 'held' ELSE 'booked' END, a.seat_ids, a.quantity, a.expires_at, p_now
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
