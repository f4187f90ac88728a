using Marten;
using Marten.Storage;
using Npgsql;

namespace Eskalasi.Infrastructure;

/// <summary>
/// Where each region's data lives (docs/scale.md "A database per region"). By default every region shares the
/// configured database and this class has nothing to do. With <c>Eskalasi:DatabasePerRegion</c>, Marten's master-table
/// tenancy reads each region's connection string from <c>eskalasi_regions.mt_tenant_databases</c> in the master database
/// at run time; a new region gets a database of its own here — made on the master's server unless one is given — with
/// the store's schema and the append-only events, before anything of it is written. No restart, no other region touched.
/// </summary>
public sealed class RegionDatabases(IDocumentStore store, DatabaseConnection master, IServiceProvider services, ILogger<RegionDatabases> logger)
{
    public const string MasterSchema = "eskalasi_regions";

    /// <summary>The advisory lock (on the master) under which regions get their databases, one at a time across nodes.</summary>
    private const long ProvisionLock = 73204119;

    private MasterTableTenancy? Tenancy => store.Options.Tenancy as MasterTableTenancy;

    public bool PerRegion => Tenancy is not null;

    /// <summary>
    /// Makes sure a region has a database before its first write: in the per-region layout a new region gets one (made
    /// on the master's server as <see cref="DatabaseNameFor"/> when <paramref name="connectionString"/> is not given).
    /// </summary>
    /// <returns>true when a database was registered for the region now.</returns>
    public async Task<bool> EnsureAsync(string region, string? connectionString = null, CancellationToken ct = default)
    {
        if (Tenancy is not { } tenancy) return false;
        await using var connection = new NpgsqlConnection(master.Unpooled); // the lock is the session's
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, $"select pg_advisory_lock({ProvisionLock})", ct);
        try
        {
            if (await RegisteredConnectionAsync(connection, region, ct) is not null) return false;
            connectionString ??= await NewDatabaseAsync(connection, region, ct);
            await PrepareAsync(connectionString, ct);
            await tenancy.AddTenantAsync(region, connectionString);
            await MessageStorageAsync(region);
            logger.LogInformation("Region {Region} has its own database {Database}", region,
                new NpgsqlConnectionStringBuilder(connectionString).Database);
            return true;
        }
        finally
        {
            await ExecuteAsync(connection, $"select pg_advisory_unlock({ProvisionLock})", CancellationToken.None);
        }
    }

    /// <summary>A database for a region on the master's server (<see cref="DatabaseNameFor"/>), made unless it exists.</summary>
    public async Task<string> NewDatabaseAsync(string region, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(master.ConnectionString);
        await connection.OpenAsync(ct);
        return await NewDatabaseAsync(connection, region, ct);
    }

    private async Task<string> NewDatabaseAsync(NpgsqlConnection connection, string region, CancellationToken ct)
    {
        var name = DatabaseNameFor(connection.Database, region);
        await using (var exists = new NpgsqlCommand("select count(*) from pg_database where datname = @name", connection))
        {
            exists.Parameters.AddWithValue("name", name);
            if ((long)(await exists.ExecuteScalarAsync(ct))! == 0)
                await ExecuteAsync(connection, $"create database \"{name}\"", ct);
        }
        return RegionConnection(master.ConnectionString, name);
    }

    /// <summary>Takes a region's row out of the master table (a move that did not compare equal).</summary>
    public async Task ForgetAsync(string region)
    {
        if (Tenancy is { } tenancy) await tenancy.RemoveTenantAsync(region);
    }

    /// <summary>
    /// Wolverine keeps a region's timers and outbox in the region's database. Its tables there are made by Wolverine the
    /// first time this process asks for the region's message store — done when a region is made and when a node first
    /// reads a region (RegionDirectory), before any move of that node writes to them. Nothing in the shared layout.
    /// </summary>
    public async Task MessageStorageAsync(string region)
    {
        if (PerRegion && services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>().Storage is
                Wolverine.Persistence.Durability.MultiTenantedMessageStore messages)
            await messages.GetDatabaseAsync(region);
    }

    /// <summary>
    /// Gives a database the store's tables and the append-only events, as a region's database must have before it is
    /// listed in the master table (so no node ever writes to a database without them).
    /// </summary>
    public async Task PrepareAsync(string connectionString, CancellationToken ct)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var database = new MartenDatabase((StoreOptions)store.Options, source, "eskalasi-prepare");
        await database.ApplyAllConfiguredChangesToDatabaseAsync(ct: ct);
        await using var connection = await source.OpenConnectionAsync(ct);
        await AppendOnlyEvents.InstallAsync(connection, ct);
    }

    /// <summary>The connection string the master table holds for a region (per-region layout), or null.</summary>
    public Task<string?> RegisteredConnectionAsync(string region, CancellationToken ct) =>
        PerRegion ? RegisteredConnectionAsync(master.ConnectionString, region, ct) : Task.FromResult<string?>(null);

    /// <summary>The connection string the master table of <paramref name="masterConnectionString"/> holds for a region, or null.</summary>
    public static async Task<string?> RegisteredConnectionAsync(string masterConnectionString, string region, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(masterConnectionString);
        await connection.OpenAsync(ct);
        return await RegisteredConnectionAsync(connection, region, ct);
    }

    private static async Task<string?> RegisteredConnectionAsync(NpgsqlConnection master, string region, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select connection_string from {MasterSchema}.mt_tenant_databases where tenant_id = @region", master);
        command.Parameters.AddWithValue("region", region);
        try
        {
            return await command.ExecuteScalarAsync(ct) as string;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null; // the master table is made at the first start; nothing is registered before it
        }
    }

    /// <summary>Every database holding regions: the one shared database, or each region's own.</summary>
    public async Task<IReadOnlyList<IMartenDatabase>> AllAsync() => PerRegion
        ? await store.Storage.AllDatabases()
        : [store.Storage.Database];

    /// <summary>
    /// A query over every region at once (e.g. an e-mail address in any region's directory): one session over the shared
    /// database, or one per region's database. Each session may use <c>AnyTenant()</c> within its database.
    /// </summary>
    public async Task<List<T>> AcrossRegionsAsync<T>(Func<IQuerySession, Task<IReadOnlyList<T>>> query, CancellationToken ct)
    {
        if (!PerRegion)
        {
            await using var shared = store.QuerySession();
            return [.. await query(shared)];
        }
        var all = new List<T>();
        foreach (var database in await store.Storage.AllDatabases())
        {
            ct.ThrowIfCancellationRequested();
            // In this layout a database holds the one region it was registered for.
            await using var session = store.QuerySession(database.TenantIds.First());
            all.AddRange(await query(session));
        }
        return all;
    }

    /// <summary>
    /// The connection string of a region's database on the master's server. A node may serve hundreds of regions, each
    /// with a connection pool of its own: idle connections are closed after 10 s (Npgsql keeps them 5 minutes by default),
    /// so the server's connection limit is spent on regions at work, not on every region ever touched.
    /// </summary>
    public static string RegionConnection(string masterConnectionString, string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(masterConnectionString) { Database = database };
        if (!masterConnectionString.Contains("Idle Lifetime", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConnectionIdleLifetime = 10;
            builder.ConnectionPruningInterval = 5;
        }
        return builder.ConnectionString;
    }

    /// <summary>A region's database name on the master's server: the master's name and the region code, at most 63 bytes.</summary>
    public static string DatabaseNameFor(string masterDatabase, string region)
    {
        var code = new string(region.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var name = $"{masterDatabase}_{code}";
        if (name.Length <= 63) return name;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(region)))[..8];
        return $"{name[..54]}_{hash}";
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }
}
