namespace Eskalasi.Infrastructure;

/// <summary>
/// Whether a failed write lost a race: another move appended to the same stream first (Marten's optimistic
/// concurrency), or the same first-time document (an idempotency reply) was stored by a concurrent request.
/// Told by the exception's type, never by its name or message.
/// </summary>
public static class Concurrency
{
    public static bool IsConflict(Exception e) => e switch
    {
        // Marten throws JasperFx's type, also for a stream whose expected version was passed (EventStreamUnexpectedMaxEventIdException).
        JasperFx.ConcurrencyException => true,
        JasperFx.DocumentAlreadyExistsException => true,
        // Marten's own: a document updated underneath, a stream locked by another writer, a snapshot written twice.
        Marten.Exceptions.ConcurrentUpdateException or Marten.Exceptions.StreamLockedException or Marten.Exceptions.SnapshotRaceException => true,
        Marten.Exceptions.ExistingStreamIdCollisionException => true,
        // Quick append's own check: a stream started (or appended at an expected version) that already moved on.
        Npgsql.PostgresException { SqlState: "MT003" } => true,
        AggregateException { InnerExceptions: var inner } => inner.Any(IsConflict),
        { InnerException: { } inner } => IsConflict(inner),
        _ => false,
    };
}
