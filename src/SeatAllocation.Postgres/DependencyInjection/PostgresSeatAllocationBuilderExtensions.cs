using Npgsql;
using SeatAllocation;
using SeatAllocation.Postgres;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the PostgreSQL strategies to <see cref="SeatAllocationBuilder"/>.</summary>
public static class PostgresSeatAllocationBuilderExtensions
{
    /// <summary>Stores allocations in PostgreSQL; choose the strategy on the returned builder.</summary>
    /// <param name="builder">The builder from <c>services.AddSeatAllocation()</c>.</param>
    /// <param name="dataSource">
    /// The database, or <see langword="null"/> to resolve an <see cref="NpgsqlDataSource"/> from the
    /// container (keyed by the builder's service key first, then unkeyed).
    /// </param>
    /// <returns>A builder to choose pessimistic locking or optimistic concurrency.</returns>
    /// <example>
    /// <code>
    /// services.AddSeatAllocation()
    ///     .UsePostgres(NpgsqlDataSource.Create(connectionString))
    ///     .UsePessimisticLocking(o => o.LockTimeout = TimeSpan.FromSeconds(1));
    /// </code>
    /// </example>
    public static PostgresSeatAllocationBuilder UsePostgres(this SeatAllocationBuilder builder, NpgsqlDataSource? dataSource = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return new PostgresSeatAllocationBuilder(builder, dataSource);
    }
}
