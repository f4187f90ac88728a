using JasperFx;
using JasperFx.Events;
using JasperFx.MultiTenancy;
using Marten;
using Weasel.Core;
using Wolverine;
using Wolverine.Marten;
using Eskalasi.DevDatabase;

namespace Eskalasi.Infrastructure;

/// <summary>Marten (documents and event streams, one tenant per region) and Wolverine on the same PostgreSQL.</summary>
public static class Persistence
{
    public const string Schema = "eskalasi";
    public const string WolverineSchema = "eskalasi_wolverine";
    public const string DatabasePerRegionSetting = "Eskalasi:DatabasePerRegion";

    public static WebApplicationBuilder AddPersistence(this WebApplicationBuilder builder)
    {
        var connectionString = Tuned(ResolveConnectionString(builder));
        // Wolverine's stored messages (timers among them) live in their own schema; tests may give a host another one.
        var wolverineSchema = builder.Configuration["Eskalasi:WolverineSchema"] ?? WolverineSchema;

        // docs/scale.md "A database per region": by default every region lives in one database (conjoined tenancy);
        // with Eskalasi:DatabasePerRegion the configured database becomes the master — it lists each region's own
        // database in a table Marten reads at run time, and holds Wolverine's nodes and the deployment's keys.
        var perRegion = builder.Configuration.GetValue<bool>(DatabasePerRegionSetting);

        builder.Services.AddMarten(sp =>
            {
                var opts = new StoreOptions();
                if (perRegion)
                    opts.MultiTenantedDatabasesWithMasterDatabaseTable(master =>
                    {
                        master.ConnectionString = connectionString;
                        master.SchemaName = RegionDatabases.MasterSchema;
                        master.ApplicationName = "Eskalasi";
                    });
                else
                    opts.Connection(connectionString);
                return Configured(opts, sp);
            })
            // Sessions that write keep an identity map: a move's inline projections then reuse the snapshot and the view
            // the move has just read, instead of reading them again inside SaveChanges (docs/performance.md).
            .UseIdentitySessions()
            .ApplyAllDatabaseChangesOnStartup()
            .IntegrateWithWolverine(w =>
            {
                w.MessageStorageSchemaName = wolverineSchema;
                // Nodes, leadership and untenanted messages in the master database; a region's timers in its own.
                if (perRegion) w.MainDatabaseConnectionString = connectionString;
            });
        builder.Services.AddDeploymentStore(connectionString);
        builder.Services.AddSingleton<RegionDatabases>();
        builder.Services.AddSingleton<RegionMove>();

        builder.Host.UseWolverine(opts =>
        {
            opts.Policies.AutoApplyTransactions();
            opts.Policies.UseDurableLocalQueues();
            // How often each database is asked for timers that are due: twice a second by default (a timer fires within
            // half a second of its time). With a database per region every region's database is asked (docs/scale.md):
            // hundreds of regions want seconds here — dwell targets are days, a few seconds late is nothing.
            opts.Durability.ScheduledJobPollingTime =
                TimeSpan.FromMilliseconds(builder.Configuration.GetValue("Eskalasi:Timers:PollingMilliseconds", 500));
            // Several nodes (docs/scale.md): Wolverine elects a leader through the database, which hands the durability
            // agents (scheduled timers, recovery of messages a dead node had claimed) to the live nodes. A node that has
            // not reported for this long is taken for dead and its work given to another; Wolverine's default is a minute.
            if (builder.Configuration.GetValue<double?>("Eskalasi:Nodes:StaleAfterSeconds") is { } stale)
            {
                opts.Durability.StaleNodeTimeout = TimeSpan.FromSeconds(stale);
                opts.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(Math.Max(1, stale / 4));
                opts.Durability.NodeReassignmentPollingTime = TimeSpan.FromSeconds(Math.Max(1, stale / 4));
            }
            opts.ApplicationAssembly = typeof(Persistence).Assembly;
        });

        builder.Services.AddSingleton(new DatabaseConnection(connectionString));
        return builder;
    }

    /// <summary>Everything of the store but where its data lives (one database, or a master and one per region).</summary>
    public static StoreOptions Configured(StoreOptions opts, IServiceProvider sp)
    {
        opts.DatabaseSchemaName = Schema;
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

        // docs/domain.md "Regions and their organisation": one region = one tenant. Nothing of one region is visible from another.
        opts.Events.TenancyStyle = TenancyStyle.Conjoined;
        opts.Policies.AllDocumentsAreMultiTenanted();

        // Event timestamps follow the injected clock, so tests control time.
        opts.Events.TimeProvider = sp.GetRequiredService<TimeProvider>();
        opts.Events.MetadataConfig.HeadersEnabled = false;

        foreach (var configure in sp.GetServices<IConfigureStore>()) configure.Configure(opts);
        return opts;
    }

    /// <summary>
    /// Marten opens a pooled connection for each command it runs. By default Npgsql resets a connection it takes
    /// back (<c>DISCARD ALL</c>), which throws away the server's prepared statements: every move then parsed and
    /// planned its half-dozen statements afresh. Eskalasi keeps no session state on a connection, so it keeps them,
    /// and lets Npgsql prepare the statements it sees repeated. A setting given in the connection string wins.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase)) builder.NoResetOnClose = true;
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 50;
        return builder.ConnectionString;
    }

    /// <summary>
    /// <c>ConnectionStrings:Marten</c> when configured; otherwise a local cluster of our own (LocalPostgres),
    /// which is stopped when the service stops.
    /// </summary>
    private static string ResolveConnectionString(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString("Marten");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;

        var root = RepositoryPaths.FindRoot(builder.Environment.ContentRootPath)
                   ?? builder.Environment.ContentRootPath;
        // Demo data and a real region's data never share a cluster: .pgdata/demo and .pgdata/local.
        var name = builder.Configuration.GetValue<bool>("Eskalasi:DemoMode") ? "demo" : "local";
        Console.WriteLine($"No ConnectionStrings:Marten configured: starting a local PostgreSQL under .pgdata/{name} ...");
        var cluster = LocalPostgres.Start(root, name, throwaway: false);
        Console.WriteLine($"Local PostgreSQL ready on port {cluster.Port} (data: {cluster.DataDirectory}).");
        builder.Services.AddSingleton(cluster);
        // Also when the process ends without a host stop (a command such as `projections list`).
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        builder.Services.AddHostedService<LocalPostgresStopper>();
        return cluster.ConnectionString;
    }

    private sealed class LocalPostgresStopper(LocalPostgres cluster, IHostApplicationLifetime lifetime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStopped.Register(cluster.Stop);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>The configured database: the only one, or (a database per region) the master.</summary>
public sealed record DatabaseConnection(string ConnectionString)
{
    /// <summary>
    /// For a connection that holds a session's advisory lock: never pooled, so the lock ends with the connection and is
    /// never handed, still held, to the next user of a pool.
    /// </summary>
    public string Unpooled => new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;
}

/// <summary>Each area adds its documents and projections to Marten through one of these.</summary>
public interface IConfigureStore
{
    void Configure(StoreOptions options);
}

public static class StoreConfigurationExtensions
{
    /// <summary>An area's part of the document store: its documents, indexes and projections.</summary>
    public static IServiceCollection ConfigureStore(this IServiceCollection services, Action<StoreOptions> configure) =>
        services.AddSingleton<IConfigureStore>(new StorePart(configure));

    private sealed class StorePart(Action<StoreOptions> configure) : IConfigureStore
    {
        public void Configure(StoreOptions options) => configure(options);
    }
}
