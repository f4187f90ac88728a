using Eskalasi.Issues;
using Marten;

namespace Eskalasi.Analytics;

/// <summary>One stay of an issue at a holder: from its arrival to the move that took it away (or <c>until</c>).</summary>
public sealed record Stay(Guid IssueId, string Number, string Category, IssueLevel Level, string Holder, DateTimeOffset From,
    DateTimeOffset? To, bool Overdue, bool Settled)
{
    public double Days(DateTimeOffset until) => ((To ?? until) - From).TotalDays;
}

public sealed record IssuePath(Guid IssueId, string Number, IReadOnlyList<string> Path, int Returns, int Transfers);

/// <summary>
/// DOMAIN.md §5 "Where problems get stuck": a real replay of the region's events up to <c>until</c> — every
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

    public static async Task<HistoryReplay> RunAsync(IQuerySession session, DateTimeOffset until, CancellationToken ct)
    {
        var replay = new HistoryReplay(until);
        var events = session.Events.QueryAllRawEvents()
            .Where(e => e.Timestamp <= until)
            .OrderBy(e => e.Sequence)
            .ToAsyncEnumerable(ct);
        await foreach (var e in events)
        {
            if (e.Data is IIssueEvent data && data.At <= until) replay.Apply(e.StreamId, data);
        }
        return replay;
    }

    public void Apply(Guid issueId, IIssueEvent e)
    {
        EventsReplayed++;
        if (e is IssueLogged logged)
        {
            var fresh = new IssueTrack(issueId, logged.Number, logged.Category, logged.At);
            fresh.Start(logged.ReportingOpd);
            _issues[issueId] = fresh;
            return;
        }
        if (!_issues.TryGetValue(issueId, out var track)) return;
        switch (e)
        {
            case IssueEscalated x: track.MoveTo(x.ToLevel, x.ToHolder, x.At, "naik"); break;
            case IssueEmergencyRaised x: track.MoveTo(IssueLevel.Sekda, x.ToHolder, x.At, "darurat"); break;
            case IssueTransferred x: track.MoveTo(IssueLevel.Asisten, x.ToOffice, x.At, "pindah"); track.Transfers++; break;
            case IssueReturned x: track.MoveTo(x.ToLevel, x.ToHolder, x.At, "kembali"); track.Returns++; break;
            case DecisionMade x: track.MoveTo(x.ToLevel, x.ToHolder, x.At, "disposisi"); break;
            case IssueReopened x: track.Reopen(x.ToLevel, x.ToHolder, x.At); break;
            case IssueResolved x: track.Close(x.At, settled: true); break;
            case IssueWithdrawn x: track.Close(x.At, settled: false); break;
            case IssueMarkedDuplicate x: track.Close(x.At, settled: false); break;
            case IssueBecameOverdue x when x.ArrivedAt == track.Current?.From: track.MarkOverdue(); break;
        }
    }

    public sealed class IssueTrack(Guid id, string number, string category, DateTimeOffset loggedAt)
    {
        private readonly List<Stay> _stays = [new Stay(id, number, category, IssueLevel.Opd, "", loggedAt, null, false, false)];
        private readonly List<string> _path = [];

        public Guid Id => id;
        public string Number => number;
        public bool Open { get; private set; } = true;
        public int Returns { get; set; }
        public int Transfers { get; set; }
        public IReadOnlyList<Stay> Stays => _stays;
        public IReadOnlyList<string> Path => _path;
        public Stay? Current => Open ? _stays[^1] : null;

        internal void Start(string holder) { _stays[0] = _stays[0] with { Holder = holder }; _path.Add(holder); }

        internal void MoveTo(IssueLevel level, string holder, DateTimeOffset at, string how)
        {
            EndCurrent(at, settled: false);
            _stays.Add(new Stay(id, number, category, level, holder, at, null, false, false));
            _path.Add($"{how}:{holder}");
        }

        internal void Reopen(IssueLevel level, string holder, DateTimeOffset at)
        {
            Open = true;
            _stays.Add(new Stay(id, number, category, level, holder, at, null, false, false));
            _path.Add($"dibuka-lagi:{holder}");
        }

        internal void Close(DateTimeOffset at, bool settled)
        {
            EndCurrent(at, settled);
            Open = false;
        }

        internal void MarkOverdue() => _stays[^1] = _stays[^1] with { Overdue = true };

        private void EndCurrent(DateTimeOffset at, bool settled)
        {
            if (_stays[^1].To is null) _stays[^1] = _stays[^1] with { To = at, Settled = settled };
        }
    }
}
