-- SeatAllocation schema, version 3. {schema} is replaced by the configured schema name.
--
-- What apply_batch, the function that decides a batch of requests for one show in one round trip,
-- needs before it exists: the type it answers with, and the index its plans made obsolete gone. The
-- function itself, with batch_replays, is defined once, in migration 5, after every table, column
-- and function it reads; its header there describes the requests, outcomes, phases and lock order.
--
-- The index of every show's holds by expiry alone (migration 1) goes: apply_batch runs on generic
-- plans (migration 5), and for "this show's expired holds" the generic plan preferred it to the index
-- of the show's own holds, as expiry order follows the table's order, so every general-admission
-- batch read every show's held allocations: 30 ms a batch with 50,000 holds in other shows
-- (QueryPlanTests.General_admission_batch_reads_only_its_show_s_holds…). The sweeper finds shows
-- with expired holds through allocations_held_by_show_expiry instead.
DROP INDEX {schema}.allocations_held_by_expiry;

-- One answer per request of a batch: its ordinal, an outcome code (see apply_batch, migration 5), and
-- the allocation it concerns. Migration 5 adds whether a best-available allocation's seats are together.
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
