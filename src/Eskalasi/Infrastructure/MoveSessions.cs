using Marten;
using Wolverine;
using Wolverine.Marten.Publishing;
using Wolverine.Runtime;

namespace Eskalasi.Infrastructure;

/// <summary>
/// The sessions moves write in: outboxed (the timers a move starts commit with its events) and with an identity
/// map, so the inline projections reuse the documents the move has just read (the snapshot and view)
/// instead of reading them again inside <c>SaveChanges</c>. Every other session stays lightweight.
/// </summary>
public sealed class MoveSessions(IDocumentStore store, IWolverineRuntime runtime)
{
    private readonly OutboxedSessionFactory _factory = new(new IdentityMapSessions(store), runtime, store);

    public IDocumentSession OpenSession(IMessageBus bus) => _factory.OpenSession(bus);

    private sealed class IdentityMapSessions(IDocumentStore store) : SessionFactoryBase(store)
    {
        public override Marten.Services.SessionOptions BuildOptions() => new() { Tracking = DocumentTracking.IdentityOnly };
    }
}
