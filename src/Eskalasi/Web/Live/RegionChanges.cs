using Eskalasi.Infrastructure;
using Marten;
using Marten.Services;

namespace Eskalasi.Web.Live;

/// <summary>
/// What open screens hear when something is written in their region: each commit of the document store that appended
/// events or changed documents (a move, a log, a rakor step, an inbox item marked read), told after it is committed.
/// Screens re-read their view then, so an Asisten's backlog shows an OPD's new issue without a reload.
/// Commits made by other nodes on the same database reach it through <see cref="NodeSignals"/> (a quarter second later).
/// </summary>
public sealed class RegionChanges
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<Action>> _listeners = new(StringComparer.Ordinal);

    /// <summary>Calls <paramref name="changed"/> after each commit in <paramref name="region"/>, until disposed.</summary>
    public IDisposable Subscribe(string region, Action changed)
    {
        lock (_gate)
        {
            if (!_listeners.TryGetValue(region, out var list)) _listeners[region] = list = [];
            list.Add(changed);
        }
        return new Subscription(() =>
        {
            lock (_gate)
            {
                if (_listeners.TryGetValue(region, out var list) && list.Remove(changed) && list.Count == 0) _listeners.Remove(region);
            }
        });
    }

    private NodeSignals? _nodes;
    private const string Signal = "changes";

    /// <summary>From now on this node's commits are told to the other nodes, and theirs to this node's screens.</summary>
    internal void AcrossNodes(NodeSignals nodes)
    {
        _nodes = nodes;
        nodes.On(Signal, Tell);
    }

    internal void Committed(string region)
    {
        _nodes?.Raise(Signal, region);
        Tell(region);
    }

    private void Tell(string region)
    {
        Action[] listeners;
        lock (_gate)
        {
            if (!_listeners.TryGetValue(region, out var list)) return;
            listeners = list.ToArray();
        }
        foreach (var listener in listeners) listener();
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;
        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }

    /// <summary>Marten tells this listener of every committed session; it passes the region on.</summary>
    internal sealed class Listener(RegionChanges changes) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            if (commit.GetEvents().Any() || commit.Inserted.Any() || commit.Updated.Any() || commit.Deleted.Any())
                changes.Committed(session.TenantId);
            return Task.CompletedTask;
        }
    }
}

public static class LiveConfiguration
{
    public static IServiceCollection AddLiveUpdates(this IServiceCollection services)
    {
        var changes = new RegionChanges();
        services.AddSingleton(changes);
        services.ConfigureStore(options => options.Listeners.Add(new RegionChanges.Listener(changes)));
        services.AddHostedService(sp => new AcrossNodes(changes, sp.GetRequiredService<NodeSignals>()));
        return services;
    }

    private sealed class AcrossNodes(RegionChanges changes, NodeSignals nodes) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            changes.AcrossNodes(nodes);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
