-- SeatAllocation schema, version 1. {schema} is replaced by the configured schema name.
-- Every table leads with show_id: each statement filters by it, so the tables can be distributed
-- by show (Citus) and every allocation stays a single-shard transaction.

CREATE TABLE {schema}.shows (
    show_id    text        PRIMARY KEY,
    seated     boolean     NOT NULL,
    capacity   integer     NOT NULL CHECK (capacity > 0),
    -- General admission only: units in holds (expired ones included until reclaimed) and bookings.
    allocated  integer     NOT NULL DEFAULT 0,
    booked     integer     NOT NULL DEFAULT 0,
    -- Bumped by every change to the counters; the optimistic strategy compares it.
    version    bigint      NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- Invariant 1 for general admission: never more held + booked than the capacity.
    CONSTRAINT shows_allocated_within_capacity CHECK (allocated BETWEEN 0 AND capacity),
    CONSTRAINT shows_booked_within_allocated CHECK (booked BETWEEN 0 AND allocated)
);

CREATE TABLE {schema}.allocations (
    show_id       text        NOT NULL REFERENCES {schema}.shows (show_id),
    allocation_id uuid        NOT NULL,
    request_id    text        NOT NULL,
    fingerprint   text        NOT NULL,
    user_id       text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('hold', 'booking')),
    state         text        NOT NULL CHECK (state IN ('held', 'booked', 'released', 'expired', 'cancelled')),
    seat_ids      text[]      NOT NULL,
    quantity      integer     NOT NULL CHECK (quantity > 0),
    expires_at    timestamptz,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (show_id, allocation_id),
    -- Invariant 3: one request id yields at most one allocation per show, whatever races.
    CONSTRAINT allocations_request_once UNIQUE (show_id, request_id),
    CONSTRAINT allocations_hold_expires CHECK (kind = 'booking' OR expires_at IS NOT NULL)
);

CREATE TABLE {schema}.seats (
    show_id    text        NOT NULL REFERENCES {schema}.shows (show_id),
    seat_id    text        NOT NULL,
    -- Invariant 1 for reserved seating: a seat has one holder column, so it can never belong to two
    -- holds or bookings at once. A hold whose held_until has passed counts as free.
    holder_id  uuid,
    held_until timestamptz,
    version    bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (show_id, seat_id),
    CONSTRAINT seats_hold_has_holder CHECK (held_until IS NULL OR holder_id IS NOT NULL),
    CONSTRAINT seats_holder_exists FOREIGN KEY (show_id, holder_id)
        REFERENCES {schema}.allocations (show_id, allocation_id) DEFERRABLE INITIALLY DEFERRED
);

-- Expired holds of one show, reclaimed before general-admission capacity is taken.
CREATE INDEX allocations_held_by_show_expiry ON {schema}.allocations (show_id, expires_at) WHERE state = 'held';

-- Expired holds of every show, for the sweeper.
CREATE INDEX allocations_held_by_expiry ON {schema}.allocations (expires_at) WHERE state = 'held';
