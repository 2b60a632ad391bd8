-- SeatAllocation schema, version 7. {schema} is replaced by the configured schema name.
--
-- seats loses its deferred foreign key from (show_id, holder_id) to allocations; triggers on
-- allocations keep what the key kept (a seat's holder exists) by refusing to delete or truncate any
-- allocation, or to change its show_id or allocation_id.
--
-- Why, first: the key's check ran at every commit once per seat given to a holder (a look-up of the
-- allocation and a KEY SHARE lock on it), and a named-seat batch gives 64 seats or more. Measured on
-- the test settings (fsync off) on the busy 2-core machine, one pgbench client calling apply_batch
-- with 32 bookings of 2 named seats each on a 2,000,000-seat show, two databases side by side, five
-- alternating 5 s runs each: median 340 calls/s with the key, 419 without it (+23 %).
--
-- Second: the check is a plan of its own, which every connection made once and kept. On a new
-- database whose allocations table had been analyzed while empty, that plan read every allocation of
-- the show for each seat until autovacuum analyzed the table again: the same pgbench client on such a
-- database ran 53, 24, 19 and 15 calls/s in its first four 3 s windows, the check taking 0.315 ms a
-- seat (0.002 ms on a plan made on a filled table).
--
-- The key protected nothing the library can break: every writer gives a seat to an allocation in
-- the transaction that inserts it (apply_batch gives the seats and inserts the allocations in one
-- call, all or nothing; the optimistic strategy commits seats and allocation together, or neither), and
-- the library never deletes an allocation or changes its key: a released, expired or cancelled one
-- keeps its row with its new state. What is left is a hand-written DELETE, TRUNCATE or UPDATE of the
-- key, which the triggers below refuse. The verifier still reports a seat whose holder is missing
-- (OrphanedSeat).
--
-- An operator who really means to remove allocations disables the triggers (ALTER TABLE ... DISABLE
-- TRIGGER allocations_never_deleted, or allocations_never_truncated for a TRUNCATE), frees their
-- seats, deletes them, and enables them again.
--
-- apply_batch (migration 5) also turns sequential scans off, here so that a database already past
-- version 5 gets it too. A kept plan is made on the tables as they were then. Made on an allocations
-- table analyzed while empty (a new database, until autovacuum analyzes it again), the replay lookup
-- kept a sequential scan and read every allocation for each request from then on: without the key, the same
-- pgbench client on a new database ran 81, 39, 29 and 25 calls/s in its first four 3 s windows, the
-- lookup 19.9 ms a call. Every statement of apply_batch and of the functions it calls reads one
-- show's rows through an index that leads with show_id, so none needs a sequential scan; without them
-- the same calls ran 426, 430, 459 and 484 calls/s
-- (QueryPlanTests.Batches_read_only_their_requests_on_a_connection_that_planned_them_on_a_small_table).

ALTER TABLE {schema}.seats DROP CONSTRAINT seats_holder_exists;

CREATE FUNCTION {schema}.refuse_allocation_removal() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_message text := CASE TG_OP
        WHEN 'TRUNCATE' THEN format('cannot truncate %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME)
        WHEN 'DELETE' THEN format('cannot delete allocation %s of show "%s"', OLD.allocation_id, OLD.show_id)
        ELSE format('cannot change the key of allocation %s of show "%s" to %s of show "%s"', OLD.allocation_id, OLD.show_id, NEW.allocation_id, NEW.show_id) END;
BEGIN
    RAISE EXCEPTION '%: a SeatAllocation allocation is never removed or re-keyed, as seats rely on their holder existing', v_message
        USING ERRCODE = 'restrict_violation', SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, CONSTRAINT = TG_NAME,
              HINT = 'seats.holder_id has no foreign key (schema migration 7); trigger ' || TG_NAME || ' keeps every seat''s holder in place.';
END;
$$;

CREATE TRIGGER allocations_never_deleted
    BEFORE DELETE ON {schema}.allocations
    FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_allocation_removal();

CREATE TRIGGER allocations_never_rekeyed
    BEFORE UPDATE OF show_id, allocation_id ON {schema}.allocations
    FOR EACH ROW WHEN (OLD.show_id IS DISTINCT FROM NEW.show_id OR OLD.allocation_id IS DISTINCT FROM NEW.allocation_id)
    EXECUTE FUNCTION {schema}.refuse_allocation_removal();

CREATE TRIGGER allocations_never_truncated
    BEFORE TRUNCATE ON {schema}.allocations
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.refuse_allocation_removal();

ALTER FUNCTION {schema}.apply_batch SET enable_seqscan = off;
