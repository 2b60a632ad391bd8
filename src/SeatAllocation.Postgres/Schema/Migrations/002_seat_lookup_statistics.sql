-- SeatAllocation schema, version 2. {schema} is replaced by the configured schema name.
--
-- Statements on named seats find them with show_id = @show_id AND seat_id = ANY (@seat_ids). When
-- the column statistics of seats.show_id predate a show (it was created after the last ANALYZE,
-- which is every show put on sale right after it is created), the planner estimates that show at
-- one row. It then prefers scanning the show's whole key range, filtering seat ids, over one index
-- descent per seat, and every request reads every seat of the show: a fresh 50,000-seat show served
-- 60 bookings/s instead of 3,000. Without statistics for the column the planner assumes a show is a
-- fixed share of the table, so per-seat lookups stay the cheaper plan whatever autovacuum has seen.
-- (QueryPlanTests.Named_seat_statements_read_only_those_seats_on_a_show_the_statistics_have_not_seen)
ALTER TABLE {schema}.seats ALTER COLUMN show_id SET STATISTICS 0;

-- ANALYZE leaves statistics it no longer collects in place, so a database analyzed before this
-- migration would keep the old ones. Changing the column to its own type removes them, as only a
-- superuser could otherwise; it rewrites neither the table nor its indexes.
ALTER TABLE {schema}.seats ALTER COLUMN show_id TYPE text;
