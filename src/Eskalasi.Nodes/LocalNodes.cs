using Npgsql;
using Eskalasi.DevDatabase;

namespace Eskalasi.Nodes;

/// <summary>One service process of the local cluster; a restarted node keeps its number and address.</summary>
public sealed class Node(int number, int port, ServiceProcess process, string id)
{
    public int Number { get; } = number;
    public int Port { get; } = port;
    public ServiceProcess Process { get; set; } = process;
    /// <summary>Wolverine's id of the process (it changes when the node is started again).</summary>
    public string Id { get; set; } = id;
    /// <summary>Every id this node has had, the current one included.</summary>
    public List<string> Ids { get; } = [id];
}

/// <summary>N service processes on one database, started at once (their start-up work takes turns in the database).</summary>
public sealed class LocalNodes : IAsyncDisposable
{
    /// <summary>A node that has not reported for this long is taken for dead and its timers are given to another.</summary>
    public const int StaleAfterSeconds = 10;

    private readonly string _root;
    private readonly string _connectionString;
    public string ConnectionString => _connectionString;
    private readonly Dictionary<string, string> _settings;
    public IReadOnlyList<Node> All { get; }
    public IReadOnlyList<string> Addresses => All.Select(n => n.Process.BaseUrl).ToList();

    private LocalNodes(string root, string connectionString, Dictionary<string, string> settings, IReadOnlyList<Node> nodes)
    {
        _root = root;
        _connectionString = connectionString;
        _settings = settings;
        All = nodes;
    }

    public static async Task<LocalNodes> StartAsync(string root, string connectionString, int count, int port, int demoHistory)
    {
        var settings = new Dictionary<string, string>
        {
            ["Eskalasi__Nodes__StaleAfterSeconds"] = StaleAfterSeconds.ToString(),
            ["Eskalasi__DemoHistory__IssuesPerRegion"] = demoHistory.ToString(),
            // The web application's static files come from the build output, as with `dotnet run`.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        };
        var nodes = await Task.WhenAll(Enumerable.Range(1, count).Select(async number =>
        {
            var process = await ServiceProcess.StartAsync(root, connectionString, settings, port + number);
            return new Node(number, port + number, process, await IdOf(process));
        }));
        return new LocalNodes(root, connectionString, settings, nodes);
    }

    private static async Task<string> IdOf(ServiceProcess process) =>
        (await process.Http.GetAsync("/health")).Headers.GetValues("Eskalasi-Node").Single();

    /// <summary>Starts a stopped node again on its address.</summary>
    public async Task RestartAsync(Node node)
    {
        await node.Process.DisposeAsync();
        node.Process = await ServiceProcess.StartAsync(_root, _connectionString, _settings, node.Port);
        node.Id = await IdOf(node.Process);
        node.Ids.Add(node.Id);
    }

    /// <summary>The node that holds Wolverine's durability agent now (it fires the timers), if one is assigned.</summary>
    public async Task<Node?> TimerNodeAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select node_id::text from eskalasi_wolverine.wolverine_node_assignments where id like 'wolverinedb:%' limit 1", connection);
        var id = await command.ExecuteScalarAsync() as string;
        return All.FirstOrDefault(n => n.Id == id);
    }

    /// <summary>Prints when a node stops and when the timers (and leadership) move to another node.</summary>
    public async Task WatchAsync(Action<string> print, CancellationToken ct)
    {
        var told = new Dictionary<string, string>();
        var stopped = new HashSet<string>();
        while (!ct.IsCancellationRequested)
        {
            foreach (var node in All)
                if (node.Process.HasExited && stopped.Add(node.Id))
                    print($"{Now} node {node.Number} (pid {node.Process.Pid}) has stopped{(node.Process.Errors is { Length: > 0 } errors ? ":\n" + errors : "")}");
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand(
                    "select id, node_id::text from eskalasi_wolverine.wolverine_node_assignments", connection);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var (agent, holder) = (reader.GetString(0), reader.GetString(1));
                    if (told.TryGetValue(agent, out var before) && before == holder) continue;
                    told[agent] = holder;
                    var what = agent.StartsWith("wolverinedb:") ? "timers and message recovery (durability agent)" : agent.StartsWith("wolverine://leader") ? "leadership" : agent;
                    // A node of an earlier run that Wolverine has not yet found dead is not worth a line.
                    if (All.FirstOrDefault(n => n.Id == holder) is { } node) print($"{Now} {what}: node {node.Number}");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                print($"{Now} could not read Wolverine's node tables: {e.Message}");
            }
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
    }

    private static string Now => DateTime.Now.ToString("HH:mm:ss");

    public async ValueTask DisposeAsync()
    {
        // Asked to stop (SIGTERM), each node leaves Wolverine's node table itself; one that does not within 15 s is killed.
        await Task.WhenAll(All.Select(async node =>
        {
            if (!node.Process.HasExited) await node.Process.TerminateAsync().WaitAsync(TimeSpan.FromSeconds(15)).ContinueWith(_ => { });
            await node.Process.DisposeAsync();
        }));
    }
}
