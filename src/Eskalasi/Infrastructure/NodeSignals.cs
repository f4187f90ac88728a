using System.Collections.Concurrent;
using Npgsql;

namespace Eskalasi.Infrastructure;

/// <summary>
/// docs/scale.md "Several nodes on one database": short signals from one node to the others through PostgreSQL's
/// LISTEN/NOTIFY, for what a node keeps in memory — a region's organisation it has cached, the live screens it serves.
/// A signal is a kind and a region ("organisation", "kota-payakumbuh"); what it means stays with whoever subscribes.
/// Signals are hints, never data: a node that misses one (its listening connection was down) still reads the truth
/// from the database within the minute its caches last, and its screens at their next re-read.
/// Signals of one kind and region raised within a quarter second go out as one, so a busy region costs one
/// notification per quarter second however many moves it makes.
/// </summary>
public sealed class NodeSignals(DatabaseConnection database, ILogger<NodeSignals> logger) : BackgroundService
{
    public const string Channel = "eskalasi_nodes";
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(250);

    /// <summary>This process among the nodes (its own signals come back to it and are ignored).</summary>
    public string Node { get; } = Guid.NewGuid().ToString("N")[..12];

    private readonly ConcurrentDictionary<(string Kind, string Region), byte> _pending = new();
    private readonly ConcurrentDictionary<string, Action<string>> _handlers = new();
    private readonly SemaphoreSlim _raised = new(0);

    /// <summary>Whether the listening connection is up (the tests wait for it before they count on signals).</summary>
    public bool Listening { get; private set; }

    /// <summary>Calls <paramref name="handler"/> with the region of every signal of <paramref name="kind"/> another node raises.</summary>
    public void On(string kind, Action<string> handler) => _handlers[kind] = handler;

    /// <summary>Tells the other nodes, shortly after, that <paramref name="region"/> changed in the way <paramref name="kind"/> names.</summary>
    public void Raise(string kind, string region)
    {
        if (_pending.TryAdd((kind, region), 0)) _raised.Release();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SendAsync(stoppingToken), ListenAsync(stoppingToken));

    private async Task SendAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await _raised.WaitAsync(ct);
                await Task.Delay(Coalesce, ct);
                while (_raised.CurrentCount > 0) await _raised.WaitAsync(ct); // first: a raise after this is sent now or next time
                var batch = _pending.Keys.ToList();
                foreach (var key in batch) _pending.TryRemove(key, out _);
                if (batch.Count == 0) continue;
                await using var connection = new NpgsqlConnection(database.ConnectionString);
                await connection.OpenAsync(ct);
                foreach (var (kind, region) in batch)
                {
                    await using var notify = new NpgsqlCommand("select pg_notify(@channel, @payload)", connection);
                    notify.Parameters.AddWithValue("channel", Channel);
                    notify.Parameters.AddWithValue("payload", $"{Node}|{kind}|{region}");
                    await notify.ExecuteNonQueryAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            catch (Exception e)
            {
                logger.LogWarning("Could not signal the other nodes ({Error}); they read the change within a minute", e.Message);
            }
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        // Its own unpooled connection, kept open: notifications arrive on the session that listens.
        var unpooled = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(unpooled);
                connection.Notification += (_, e) => Received(e.Payload);
                await connection.OpenAsync(ct);
                await using (var listen = new NpgsqlCommand($"listen {Channel}", connection)) await listen.ExecuteNonQueryAsync(ct);
                Listening = true;
                while (!ct.IsCancellationRequested) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            catch (Exception e)
            {
                Listening = false;
                logger.LogWarning("Not listening to the other nodes ({Error}); trying again in 5 s", e.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(5), ct); } catch (OperationCanceledException) { }
            }
        }
        Listening = false;
    }

    private void Received(string payload)
    {
        var parts = payload.Split('|', 3);
        if (parts.Length != 3 || parts[0] == Node || !_handlers.TryGetValue(parts[1], out var handler)) return;
        try
        {
            handler(parts[2]);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A signal {Kind} for {Region} from another node failed", parts[1], parts[2]);
        }
    }
}
