-- SeatAllocation schema, version 6. {schema} is replaced by the configured schema name.
--
-- allocations.show_id loses its foreign key to shows; triggers on shows keep what the key kept (every
-- allocation's show exists) by refusing to delete, truncate or rename any show.
--
-- Why: on a hot show the insert is most of an apply_batch call, and the key ran the referential-
-- integrity trigger once per inserted row: a look-up of the show's row and a KEY SHARE lock on it,
-- which the batch already holds FOR NO KEY UPDATE. Measured on the test settings (fsync off) on a
-- busy 2-core machine, a schema with the key and one without side by side in one database: an
-- apply_batch call of 64 general-admission holds took 8 to 17 % less time without it, median 15 %,
-- in ten pgbench runs of one client whose script called both in turn (e.g. 4.29 against 3.62 ms);
-- inserting 64 such allocations alone, 1.72 against 1.30 ms (EXPLAIN ANALYZE with TIMING OFF,
-- median of 140 each, alternating). The key protected nothing the library can break: every writer
-- finds the show before it inserts (apply_batch answers "not found" when it is missing; the
-- optimistic strategy commits an allocation only with the update of its show's row or seats), and
-- the library never deletes a show or changes its id. What is left is a hand-written DELETE,
-- TRUNCATE or UPDATE of show_id, which the triggers below refuse whether or not the show has
-- allocations yet: a check for "no allocations" would race with a batch that found the show just
-- before, since inserting no longer locks the show's row. seats.show_id keeps its key: seats are
-- written once, when the show is created.
--
-- An operator who really means to remove a show disables the triggers (ALTER TABLE ... DISABLE
-- TRIGGER shows_never_deleted), deletes the show's seat_places, seats and allocations, then the
-- show, and enables them again.
--
-- Migrations 3 and 5 still say FOR NO KEY UPDATE "does not block the foreign-key checks of inserts":
-- still true for seats, and no longer needed for allocations.

ALTER TABLE {schema}.allocations DROP CONSTRAINT allocations_show_id_fkey;

CREATE FUNCTION {schema}.refuse_show_removal() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_message text := CASE TG_OP
        WHEN 'TRUNCATE' THEN format('cannot truncate %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME)
        WHEN 'DELETE' THEN format('cannot delete show "%s"', OLD.show_id)
        ELSE format('cannot change the id of show "%s" to "%s"', OLD.show_id, NEW.show_id) END;
BEGIN
    RAISE EXCEPTION '%: a SeatAllocation show is never removed or renamed, as allocations rely on their show existing', v_message
        USING ERRCODE = 'restrict_violation', SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, CONSTRAINT = TG_NAME,
              HINT = 'allocations.show_id has no foreign key (schema migration 6); trigger ' || TG_NAME || ' keeps every allocation''s show in place.';
END;
$$;

CREATE TRIGGER shows_never_deleted
    BEFORE DELETE ON {schema}.shows
    FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_show_removal();

CREATE TRIGGER shows_never_renamed
    BEFORE UPDATE OF show_id ON {schema}.shows
    FOR EACH ROW WHEN (OLD.show_id IS DISTINCT FROM NEW.show_id) EXECUTE FUNCTION {schema}.refuse_show_removal();

CREATE TRIGGER shows_never_truncated
    BEFORE TRUNCATE ON {schema}.shows
    FOR EACH STATEMENT EXECUTE FUNCTION {schema}.refuse_show_removal();
