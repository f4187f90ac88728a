using Alba;
using Eskalasi.Identity;
using Eskalasi.Identity.Directory;
using Eskalasi.Identity.Provider;
using Eskalasi.Infrastructure;
using Eskalasi.Organisation;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Eskalasi.DevDatabase;

namespace Eskalasi.Tests.Support;

/// <summary>
/// One real host (Alba) over one real PostgreSQL for the whole collection. When no
/// <c>ConnectionStrings__Marten</c> is set, a throwaway local cluster is made and removed afterwards.
/// Tests are isolated by data: each test class works in a region (tenant) of its own.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    private static readonly object ClusterLock = new();
    private static LocalPostgres? _cluster;
    private static int _users;

    public IAlbaHost Host { get; private set; } = null!;
    /// <summary>The domain's clock: it moves on 1 ms at each reading, as a real one would, and tests may advance it.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    protected virtual bool DemoMode => true;

    /// <summary>
    /// The switch of the database layout (docs/scale.md): false = every region in the one shared database; true = the
    /// fixture gets a master database of its own on the same server and each region a database of its own.
    /// </summary>
    public virtual bool DatabasePerRegion => false;

    /// <summary>More services of this fixture's host.</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    /// <summary>More settings of this fixture's host (configuration keys with ':').</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>The configured database: the shared one, or (a database per region) the master.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>What another host on <see cref="ConnectionString"/> must be told to use the same database layout.</summary>
    public IReadOnlyDictionary<string, string> LayoutSettings => DatabasePerRegion
        ? new Dictionary<string, string> { [Persistence.DatabasePerRegionSetting] = "true" }
        : new Dictionary<string, string>();

    /// <summary>The database a region's events, documents and timers are in.</summary>
    public async Task<string> DatabaseOfAsync(string region) => DatabasePerRegion
        ? await Host.Services.GetRequiredService<RegionDatabases>().RegisteredConnectionAsync(region, CancellationToken.None)
          ?? throw new InvalidOperationException($"Region {region} has no database")
        : ConnectionString;

    public async Task InitializeAsync()
    {
        ConnectionString = SharedDatabase();
        if (DatabasePerRegion) ConnectionString = await NewDatabaseAsync(ConnectionString, "eskalasi_master_" + Guid.NewGuid().ToString("N")[..8]);
        var settings = new Dictionary<string, string>(Settings);
        foreach (var (key, value) in LayoutSettings) settings[key] = value;
        Host = await StartHostAsync(ConnectionString, DemoMode, Clock, settings: settings, services: ConfigureServices);
    }

    /// <summary>A host of the real service on this database; <paramref name="wolverineSchema"/> keeps its timers apart.</summary>
    public static async Task<IAlbaHost> StartHostAsync(string connectionString, bool demoMode, TimeProvider clock, string? wolverineSchema = null,
        IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        JasperFxEnvironment.AutoStartHost = true;
        var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:Marten", connectionString);
            builder.UseSetting("Eskalasi:DemoMode", demoMode ? "true" : "false");
            builder.UseSetting("Eskalasi:DemoHistory:IssuesPerRegion", "0"); // tests make the histories they need
            if (wolverineSchema is not null) builder.UseSetting("Eskalasi:WolverineSchema", wolverineSchema);
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
            builder.ConfigureServices(s =>
            {
                s.AddSingleton(clock);
                services?.Invoke(s);
            });
        });
        await host.Services.GetRequiredService<StartupState>().WhenReady.WaitAsync(TimeSpan.FromMinutes(1));
        return host;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        ReleaseDatabase();
    }

    /// <summary>A new, empty database on the server of <paramref name="connectionString"/>; its connection string.</summary>
    public static async Task<string> NewDatabaseAsync(string connectionString, string name)
    {
        await using (var connection = new Npgsql.NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"create database \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString;
    }

    /// <summary>One user fewer of the shared database; the last one stops the throwaway cluster.</summary>
    public static void ReleaseDatabase()
    {
        lock (ClusterLock)
        {
            if (--_users == 0)
            {
                _cluster?.Stop();
                _cluster = null;
            }
        }
    }

    /// <summary>The configured database, or one throwaway cluster shared by every fixture of this test run.</summary>
    public static string SharedDatabase()
    {
        lock (ClusterLock)
        {
            _users++;
            var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Marten");
            if (!string.IsNullOrWhiteSpace(configured)) return configured;
            _cluster ??= LocalPostgres.Start(
                RepositoryPaths.FindRoot() ?? Path.GetTempPath(), $"test-{Guid.NewGuid():N}", throwaway: true);
            return _cluster.ConnectionString;
        }
    }

    /// <summary>A fresh region (tenant) copied from a seed region, seen by no other test; made through another host if given.</summary>
    public async Task<TestRegion> NewRegionAsync(string seed = "kota-payakumbuh", DwellTargets? dwell = null, IAlbaHost? through = null)
    {
        var seeds = RepositoryPaths.SeedsDirectory(Host.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(), AppContext.BaseDirectory);
        var template = OrganisationSeeder.ReadSeed(Path.Combine(seeds, seed + ".json"));
        // Calendar days unless a test asks otherwise: a timing test must not depend on the weekday it runs on (the seeds
        // count working days; working_days tests set that unit themselves).
        var region = template with
        {
            Id = $"t-{Guid.NewGuid():N}"[..14] + "-" + seed,
            DwellTargets = dwell ?? template.DwellTargets with { Unit = Eskalasi.Organisation.WorkingDays.CalendarUnit },
        };
        await (through ?? Host).Services.GetRequiredService<OrganisationSeeder>().LoadAsync(region);
        return new TestRegion(this, region);
    }

    public string TokenFor(Account account) => Host.Services.GetRequiredService<TokenIssuer>().Issue(account);
}

/// <summary>
/// The service as a Pemda runs it: no demo sign-in, accounts of the directory, tokens from the built-in provider (its
/// password grant switched on, as scripts would; the per-address sign-in limit raised for a whole test run).
/// </summary>
public class NonDemoAppFixture : AppFixture
{
    public const int SignInRequestsPerMinute = 300;

    protected override bool DemoMode => false;

    /// <summary>Every log event of this host, as written (message, properties, exception).</summary>
    public LogCapture Logs { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<Serilog.Core.ILogEventSink>(Logs);

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Eskalasi:Auth:AllowPasswordGrant"] = "true",
        ["Eskalasi:Auth:SignInRequestsPerMinute"] = SignInRequestsPerMinute.ToString(),
    };

    /// <summary>An account of the directory made as the operator's command makes it; its password.</summary>
    public async Task<string> AddAccountAsync(string region, NewAccount account)
    {
        var password = account.Password ?? "Uji-" + Guid.NewGuid().ToString("N")[..12] + "9";
        var (_, refusal) = await Host.Services.GetRequiredService<AccountDirectory>()
            .CreateAsync(region, account with { Password = password }, new Actor("operator", Roles.Admin, null), CancellationToken.None);
        refusal.ShouldBeNull(refusal?.Detail);
        return password;
    }

    /// <summary>The token endpoint's answer to a password grant of eskalasi-cli.</summary>
    public Task<IScenarioResult> PasswordGrantAsync(string user, string password, int status = 200, string clientId = AuthSettings.CliClientId,
        string? address = null) =>
        Host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["client_id"] = clientId, ["username"] = user, ["password"] = password,
            }).ToUrl("/connect/token");
            if (address is not null) s.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address));
            s.StatusCodeShouldBe(status);
        });

    public async Task<string> TokenAsync(string user, string password)
    {
        var result = await PasswordGrantAsync(user, password);
        return (await result.ReadJson()).GetProperty("access_token").GetString()!;
    }
}

public sealed class LogCapture : Serilog.Core.ILogEventSink
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public void Emit(Serilog.Events.LogEvent e) =>
        _lines.Enqueue($"{e.Level} {e.RenderMessage()} {string.Join(" ", e.Properties.Select(p => $"{p.Key}={p.Value}"))} {e.Exception}");
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}

/// <summary>The same host as <see cref="AppFixture"/>, each region in a database of its own.</summary>
public sealed class PerRegionAppFixture : AppFixture
{
    public override bool DatabasePerRegion => true;
}

/// <summary>The same host as <see cref="NonDemoAppFixture"/>, each region in a database of its own.</summary>
public sealed class PerRegionNonDemoAppFixture : NonDemoAppFixture
{
    public override bool DatabasePerRegion => true;
}

[CollectionDefinition(Name)]
public sealed class PerRegionAppCollection : ICollectionFixture<PerRegionAppFixture>
{
    public const string Name = "app, a database per region";
}

/// <summary>
/// A database-per-region host of its own, for a test that starts another host on its master: a starting or stopping
/// node touches every region database the master lists (Wolverine's tables and the ownership of its envelopes), and the
/// master of <see cref="PerRegionAppCollection"/> lists a region per test that ran before.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OwnPerRegionAppCollection : ICollectionFixture<PerRegionAppFixture>
{
    public const string Name = "app of its own, a database per region";
}

[CollectionDefinition(Name)]
public sealed class PerRegionNonDemoAppCollection : ICollectionFixture<PerRegionNonDemoAppFixture>
{
    public const string Name = "app outside demo mode, a database per region";
}

[CollectionDefinition(Name)]
public sealed class NonDemoAppCollection : ICollectionFixture<NonDemoAppFixture>
{
    public const string Name = "app outside demo mode";
}
