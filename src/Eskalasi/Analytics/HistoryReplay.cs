using Eskalasi.Issues;
using Marten;
using Npgsql;

namespace Eskalasi.Analytics;

/// <summary>One stay of an issue at a holder: from its arrival to the move that took it away (or <c>until</c>).</summary>
public sealed record Stay(Guid IssueId, string Number, string Category, IssueLevel Level, string Holder, DateTimeOffset From,
    DateTimeOffset? To, bool Overdue, bool Settled, DateTimeOffset? OverdueAt = null)
{
    public double Days(DateTimeOffset until) => ((To ?? until) - From).TotalDays;
}

public sealed record IssuePath(Guid IssueId, string Number, IReadOnlyList<string> Path, int Returns, int Transfers);

/// <summary>
/// docs/domain.md "Views" (Where problems get stuck): a real replay of the region's events up to <c>until</c> — every
/// event appended later is ignored, so the answer for a past <c>until</c> never changes.
/// </summary>
public sealed class HistoryReplay
{
    private readonly Dictionary<Guid, IssueTrack> _issues = new();
    public long EventsReplayed { get; private set; }
    public DateTimeOffset Until { get; }

    private HistoryReplay(DateTimeOffset until) => Until = until;

    public IEnumerable<Stay> Stays => _issues.Values.SelectMany(t => t.Stays);
    public IEnumerable<IssueTrack> Issues => _issues.Values;

    /// <summary>A replay fed by hand (benchmarks, tests); <see cref="RunAsync"/> feeds it from the event store.</summary>
    public static HistoryReplay Empty(DateTimeOffset until) => new(until);

    /// <summary>
    /// Replays the region's events up to <paramref name="until"/>, in the order they were appended. Only the events
    /// that change where an issue is, whether it is open, or whether its stay went overdue are read (notes, meetings
    /// and follow-ups — about half of a region's events — change none of it), and of those only the fields the
    /// replay uses, taken from Marten's event table in SQL: deserialising every whole event was what made a replay
    /// of a large region slow (docs/performance.md).
    /// </summary>
    public static async Task<HistoryReplay> RunAsync(IQuerySession session, DateTimeOffset until, CancellationToken ct)
    {
        var replay = new HistoryReplay(until);
        // The names Marten stores the event types under (its own mapping, not a copy of its naming rule).
        var known = session.DocumentStore.Options.Events.AllKnownEventTypes()
            .Where(t => KindsByType.ContainsKey(t.EventType))
            .ToArray();
        if (known.Length != KindsByType.Count)
            throw new InvalidOperationException("Marten does not know every issue event type; see IssuesConfiguration.");
        var names = known.Select(t => t.EventTypeName).ToArray();
        var kinds = known.Select(t => KindsByType[t.EventType]).ToArray();
        // The event's kind comes back as its place in the list of names (no type name to read and look up per row).
        var sql = $"""
            select stream_id, array_position($3, type::text) - 1, (data->>'at')::timestamptz, data->>'toLevel',
                   coalesce(data->>'toHolder', data->>'toOffice', data->>'reportingOpd'),
                   data->>'number', data->>'category', (data->>'arrivedAt')::timestamptz
            from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events
            where tenant_id = $1 and timestamp <= $2 and type = any($3) and is_archived = false
            order by seq_id
            """;
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // A region is a fifth of the event table or less: read it through the (tenant, stream, version) key rather
        // than scanning every region's events. PostgreSQL's default cost of a random read (4, for spinning disks)
        // makes it choose the full scan; on SSD or cached tables 1.1 is the usual setting.
        await using (var cost = new NpgsqlCommand("set local random_page_cost = 1.1", connection, transaction))
            await cost.ExecuteNonQueryAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection, transaction)
        {
            Parameters = { new() { Value = session.TenantId }, new() { Value = until.UtcDateTime }, new() { Value = names } },
        };
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var at = new DateTimeOffset(reader.GetDateTime(2));
            if (at > until) continue;
            var kind = kinds[reader.GetInt32(1)];
            replay.Apply(new Step(reader.GetGuid(0), kind, at, LevelOf(kind, reader.IsDBNull(3) ? null : reader.GetString(3)),
                reader.IsDBNull(4) ? "" : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : new DateTimeOffset(reader.GetDateTime(7))));
        }
        return replay;
    }

    private static IssueLevel LevelOf(StepKind kind, string? toLevel) => kind switch
    {
        StepKind.Logged => IssueLevel.Opd,
        StepKind.Emergency => IssueLevel.Sekda,
        StepKind.Transferred => IssueLevel.Asisten,
        _ => toLevel is null ? default : Enum.Parse<IssueLevel>(toLevel, ignoreCase: true),
    };

    public enum StepKind { Logged, Escalated, Emergency, Transferred, Returned, Decided, Reopened, Resolved, Withdrawn, Duplicate, Overdue }

    /// <summary>What the replay needs of one event: where it sends the issue, when, and for a new issue its number and category.</summary>
    public readonly record struct Step(Guid IssueId, StepKind Kind, DateTimeOffset At, IssueLevel Level, string Holder,
        string? Number = null, string? Category = null, DateTimeOffset? ArrivedAt = null);

    private static readonly Dictionary<Type, StepKind> KindsByType = new()
    {
        [typeof(IssueLogged)] = StepKind.Logged, [typeof(IssueEscalated)] = StepKind.Escalated,
        [typeof(IssueEmergencyRaised)] = StepKind.Emergency, [typeof(IssueTransferred)] = StepKind.Transferred,
        [typeof(IssueReturned)] = StepKind.Returned, [typeof(DecisionMade)] = StepKind.Decided, [typeof(IssueReopened)] = StepKind.Reopened,
        [typeof(IssueResolved)] = StepKind.Resolved, [typeof(IssueWithdrawn)] = StepKind.Withdrawn,
        [typeof(IssueMarkedDuplicate)] = StepKind.Duplicate, [typeof(IssueBecameOverdue)] = StepKind.Overdue,
    };

    /// <summary>One event fed by hand (tests, the micro-benchmark): the same step the SQL reader makes of it.</summary>
    public void Apply(Guid issueId, IIssueEvent e)
    {
        Step? step = e switch
        {
            IssueLogged x => new Step(issueId, StepKind.Logged, x.At, IssueLevel.Opd, x.ReportingOpd, x.Number, x.Category),
            IssueEscalated x => new Step(issueId, StepKind.Escalated, x.At, x.ToLevel, x.ToHolder),
            IssueEmergencyRaised x => new Step(issueId, StepKind.Emergency, x.At, IssueLevel.Sekda, x.ToHolder),
            IssueTransferred x => new Step(issueId, StepKind.Transferred, x.At, IssueLevel.Asisten, x.ToOffice),
            IssueReturned x => new Step(issueId, StepKind.Returned, x.At, x.ToLevel, x.ToHolder),
            DecisionMade x => new Step(issueId, StepKind.Decided, x.At, x.ToLevel, x.ToHolder),
            IssueReopened x => new Step(issueId, StepKind.Reopened, x.At, x.ToLevel, x.ToHolder),
            IssueResolved x => new Step(issueId, StepKind.Resolved, x.At, default, ""),
            IssueWithdrawn x => new Step(issueId, StepKind.Withdrawn, x.At, default, ""),
            IssueMarkedDuplicate x => new Step(issueId, StepKind.Duplicate, x.At, default, ""),
            IssueBecameOverdue x => new Step(issueId, StepKind.Overdue, x.At, default, "", ArrivedAt: x.ArrivedAt),
            _ => null,
        };
        if (step is { } known) Apply(known);
    }

    public void Apply(Step e)
    {
        EventsReplayed++;
        if (e.Kind == StepKind.Logged)
        {
            var fresh = new IssueTrack(e.IssueId, e.Number ?? "", e.Category ?? "", e.At);
            fresh.Start(e.Holder);
            _issues[e.IssueId] = fresh;
            return;
        }
        if (!_issues.TryGetValue(e.IssueId, out var track)) return;
        switch (e.Kind)
        {
            case StepKind.Escalated: track.MoveTo(e.Level, e.Holder, e.At, "naik"); break;
            case StepKind.Emergency: track.MoveTo(e.Level, e.Holder, e.At, "darurat"); break;
            case StepKind.Transferred: track.MoveTo(e.Level, e.Holder, e.At, "pindah"); track.Transfers++; break;
            case StepKind.Returned: track.MoveTo(e.Level, e.Holder, e.At, "kembali"); track.Returns++; break;
            case StepKind.Decided: track.MoveTo(e.Level, e.Holder, e.At, "disposisi"); break;
            case StepKind.Reopened: track.Reopen(e.Level, e.Holder, e.At); break;
            case StepKind.Resolved: track.Close(e.At, settled: true); break;
            case StepKind.Withdrawn: track.Close(e.At, settled: false); break;
            case StepKind.Duplicate: track.Close(e.At, settled: false); break;
            case StepKind.Overdue when e.ArrivedAt == track.Current?.From: track.MarkOverdue(e.At); break;
        }
    }

    public sealed class IssueTrack(Guid id, string number, string category, DateTimeOffset loggedAt)
    {
        private readonly List<Stay> _stays = [new Stay(id, number, category, IssueLevel.Opd, "", loggedAt, null, false, false)];
        private readonly List<(string? How, string Holder)> _path = [];

        public Guid Id => id;
        public string Number => number;
        public bool Open { get; private set; } = true;
        public int Returns { get; set; }
        public int Transfers { get; set; }
        public IReadOnlyList<Stay> Stays => _stays;
        /// <summary>The holders the issue passed, each after the move that took it there (only the ping-pong report reads it).</summary>
        public IReadOnlyList<string> Path => _path.Select(p => p.How is null ? p.Holder : $"{p.How}:{p.Holder}").ToList();
        public Stay? Current => Open ? _stays[^1] : null;

        internal void Start(string holder) { _stays[0] = _stays[0] with { Holder = holder }; _path.Add((null, holder)); }

        internal void MoveTo(IssueLevel level, string holder, DateTimeOffset at, string how)
        {
            EndCurrent(at, settled: false);
            _stays.Add(new Stay(id, number, category, level, holder, at, null, false, false));
            _path.Add((how, holder));
        }

        internal void Reopen(IssueLevel level, string holder, DateTimeOffset at)
        {
            Open = true;
            _stays.Add(new Stay(id, number, category, level, holder, at, null, false, false));
            _path.Add(("dibuka-lagi", holder));
        }

        internal void Close(DateTimeOffset at, bool settled)
        {
            EndCurrent(at, settled);
            Open = false;
        }

        internal void MarkOverdue(DateTimeOffset at)
        {
            if (!_stays[^1].Overdue) _stays[^1] = _stays[^1] with { Overdue = true, OverdueAt = at };
        }

        /// <summary>How the issue came to its stay <paramref name="index"/> (null: logged there).</summary>
        public string? ArrivedBy(int index) => _path[index].How;

        private void EndCurrent(DateTimeOffset at, bool settled)
        {
            if (_stays[^1].To is null) _stays[^1] = _stays[^1] with { To = at, Settled = settled };
        }
    }
}
