namespace SeatAllocation.Benchmarks.Baselines;

/// <summary>
/// The raw group-commit limit: pgbench scripts in which one statement records a whole batch of
/// allocations, the way a batched strategy decides many requests in one round trip. It is the
/// ceiling a group-commit strategy can approach on this server, so every scenario is also shown as
/// a fraction of it. Each script writes to scratch tables of its own, shaped like the library's
/// (a uuid allocation id, a unique text request id, a counter row or seat rows holding the id).
/// <para>
/// One pgbench client runs each script, statement after statement, because a group-commit queue
/// has one batch of a show in flight at a time. Many clients would measure a lock queue instead:
/// 64 clients each sending 64 allocations for one counter row ran 33–190 statements/s on the 2-core
/// machine on 2026-12-04, one client 450–840.
/// </para>
/// </summary>
internal static class GroupCommitLimit
{
    /// <summary>Allocations one statement records.</summary>
    public const int BatchSize = 64;

    /// <summary>Baseline names, as the ratio columns use them.</summary>
    public const string GeneralAdmission = "GA group-commit limit";

    public const string NamedSeats = "named-seat group-commit limit";

    /// <summary>pgbench clients: one statement in flight at a time, as one show's queue sends them.</summary>
    public const int Clients = 1;

    /// <summary>Seats each named-seat request takes.</summary>
    public const int SeatsPerRequest = 2;

    private const int SeatCount = 100_000;

    /// <summary>Creates (or re-creates) the scratch tables, empty but for the counter row and the free seats.</summary>
    public static readonly string SetupSql = $"""
        CREATE SCHEMA IF NOT EXISTS bench_baseline;
        DROP TABLE IF EXISTS bench_baseline.ga_counter, bench_baseline.ga_allocations, bench_baseline.named_seats, bench_baseline.seat_allocations;
        CREATE TABLE bench_baseline.ga_counter (
            id int PRIMARY KEY, capacity bigint NOT NULL, allocated bigint NOT NULL CHECK (allocated BETWEEN 0 AND capacity));
        INSERT INTO bench_baseline.ga_counter VALUES (1, 9000000000000000000, 0);
        CREATE TABLE bench_baseline.ga_allocations (
            allocation_id uuid PRIMARY KEY, request_id text NOT NULL UNIQUE, quantity int NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE bench_baseline.named_seats (id int PRIMARY KEY, holder_id uuid);
        INSERT INTO bench_baseline.named_seats SELECT g, NULL FROM generate_series(1, {SeatCount}) g;
        CREATE TABLE bench_baseline.seat_allocations (
            allocation_id uuid PRIMARY KEY, request_id text NOT NULL UNIQUE, seat_ids int[] NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
        """;

    /// <summary>
    /// Drops the scratch tables once measured: hundreds of thousands of fresh rows would otherwise
    /// wake autovacuum in the middle of the race that follows.
    /// </summary>
    public const string CleanupSql = "DROP TABLE IF EXISTS bench_baseline.ga_counter, bench_baseline.ga_allocations, bench_baseline.named_seats, bench_baseline.seat_allocations";

    /// <summary>The scratch tables to <c>VACUUM ANALYZE</c> after <see cref="SetupSql"/>.</summary>
    public static IReadOnlyList<string> Tables { get; } = ["bench_baseline.ga_counter", "bench_baseline.named_seats"];

    /// <summary>
    /// General admission: one statement checks the capacity of one hot counter row, adds the batch
    /// to it and inserts one allocation row per request; when the check fails nothing is inserted.
    /// </summary>
    public static readonly string GeneralAdmissionSql = $"""
        WITH counted AS (
            UPDATE bench_baseline.ga_counter SET allocated = allocated + {BatchSize}
            WHERE id = 1 AND allocated + {BatchSize} <= capacity
            RETURNING id
        ), requests AS (
            SELECT gen_random_uuid() AS allocation_id FROM counted CROSS JOIN generate_series(1, {BatchSize})
        )
        INSERT INTO bench_baseline.ga_allocations (allocation_id, request_id, quantity)
        SELECT allocation_id, allocation_id::text, 1 FROM requests;
        """;

    /// <summary>
    /// Named seats: one statement picks 64 × 2 distinct random seats of 100,000, pairs
    /// them into requests, locks the seat rows in seat order (so concurrent batches cannot deadlock),
    /// gives each seat to its request's allocation and inserts the allocations. There is no
    /// availability check, so the seats never run out: this is the cost of the writes.
    /// </summary>
    public static readonly string NamedSeatsSql = $"""
        WITH picked AS MATERIALIZED (
            SELECT seat_id, (row_number() OVER () + 1) / {SeatsPerRequest} AS request_no
            FROM (SELECT DISTINCT 1 + floor(random() * {SeatCount})::int AS seat_id
                  FROM generate_series(1, {BatchSize * SeatsPerRequest * 5 / 4}) LIMIT {BatchSize * SeatsPerRequest}) s
        ), requests AS MATERIALIZED (
            SELECT request_no, gen_random_uuid() AS allocation_id, array_agg(seat_id) AS seat_ids
            FROM picked GROUP BY request_no
        ), locked AS MATERIALIZED (
            SELECT s.id, q.allocation_id
            FROM bench_baseline.named_seats s
            JOIN picked p ON p.seat_id = s.id
            JOIN requests q ON q.request_no = p.request_no
            ORDER BY s.id
            FOR UPDATE OF s
        ), taken AS (
            UPDATE bench_baseline.named_seats s SET holder_id = l.allocation_id FROM locked l WHERE s.id = l.id
        )
        INSERT INTO bench_baseline.seat_allocations (allocation_id, request_id, seat_ids)
        SELECT allocation_id, allocation_id::text, seat_ids FROM requests;
        """;

    /// <summary>The two scripts, reported in allocations per second (statements/s × <see cref="BatchSize"/>).</summary>
    public static IReadOnlyList<PgBenchScript> Scripts { get; } =
    [
        new(
            GeneralAdmission,
            $"one client, one statement per transaction: checks capacity on one hot counter row, adds {BatchSize} to it and inserts {BatchSize} allocation rows; allocations/s = statements/s × {BatchSize}",
            GeneralAdmissionSql,
            BatchSize,
            Clients),
        new(
            NamedSeats,
            $"one client, one statement per transaction: {BatchSize} requests × {SeatsPerRequest} random seats of 100,000 ({BatchSize * SeatsPerRequest} seat rows locked in seat order and given to their request) and {BatchSize} allocation rows inserted, no availability check; allocations/s = statements/s × {BatchSize}",
            NamedSeatsSql,
            BatchSize,
            Clients),
    ];
}
