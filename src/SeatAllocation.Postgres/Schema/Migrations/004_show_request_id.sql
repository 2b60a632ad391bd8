-- SeatAllocation schema, version 4. {schema} is replaced by the configured schema name.
--
-- The idempotency key a show was created under (ShowDefinition.WithRequestId) and the fingerprint of
-- that creation (a SHA-256 of the show id and its seats or capacity), so that repeating the creation
-- is recognised as a replay by every process and after any restart. Shows created without a key, and
-- every show created before this version, have neither.
--
-- The key is unique across shows, not per show as an allocation's is: the show id is part of what it
-- identifies. It is the one unique key that does not lead with show_id: a deployment that distributes
-- the tables by show (Citus) would keep it in a table of its own rather than on the distributed one.
ALTER TABLE {schema}.shows
    ADD COLUMN request_id  text,
    ADD COLUMN fingerprint text,
    ADD CONSTRAINT shows_request_has_fingerprint CHECK ((request_id IS NULL) = (fingerprint IS NULL)),
    -- Invariant 3 for shows: one request id creates at most one show, whatever races. NULLs are
    -- distinct, so any number of shows can be created without a key.
    ADD CONSTRAINT shows_request_once UNIQUE (request_id);
