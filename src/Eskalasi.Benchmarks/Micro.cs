using BenchmarkDotNet.Attributes;
using Eskalasi.Analytics;
using Eskalasi.History;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Issues.Escalating;
using Eskalasi.Issues.Moves;
using Eskalasi.Organisation;

namespace Eskalasi.Benchmarks;

/// <summary>Micro-parts measured with BenchmarkDotNet: the pure decision of the rule and the replay fold.</summary>
[MemoryDiagnoser]
public class MicroBenchmarks
{
    private Issue _issue = null!;
    private MoveContext _context = null!;
    private GeneratedHistory _history = null!;
    private readonly EscalateIssue _command = new("anggaran-apbd", "Butuh pergeseran anggaran APBD untuk pipa baru.");

    [GlobalSetup]
    public void Setup()
    {
        var region = OrganisationSeeder.ReadSeed(Path.Combine(RepositoryPaths.FindRoot()!, "seeds", "kota-payakumbuh.json"));
        _history = HistoryGenerator.Generate(region, new GeneratorOptions(2000, 730, 1, DateTimeOffset.UtcNow));
        var now = DateTimeOffset.UtcNow;
        var actor = new Actor("kota-payakumbuh/asisten-2", Roles.Asisten, "asisten-2");
        _issue = Issue.Create(new IssueLogged(Guid.NewGuid(), "PYK-2026-00001", region.Id, "t", "d", "infrastruktur", new Location("x"),
                Urgency.Tinggi, "dinas-pupr", [], now, actor, now))
            .Then(new IssueEscalated(Guid.Empty, IssueLevel.Opd, "dinas-pupr", IssueLevel.Asisten, "asisten-2", null, "j", 0, false, actor, now))
            .Then(new IssueDiscussedInMeeting(Guid.Empty, Guid.NewGuid(), "asisten-2", MeetingOutcome.Escalate, null, actor, now));
        _context = new MoveContext(actor, region, now);
    }

    [Benchmark(Description = "assistant-first rule: Escalate.Decide")]
    public Decision Decide() => Escalate.Decide(_command, _issue, _context);

    [Benchmark(Description = "replay fold of a 2,000-issue history")]
    public int Replay()
    {
        var replay = HistoryReplay.Empty(DateTimeOffset.UtcNow);
        foreach (var stream in _history.Streams.Where(s => !s.IsMeeting))
            foreach (var (e, _) in stream.Events) replay.Apply(stream.Id, (IIssueEvent)e);
        return (int)replay.EventsReplayed;
    }
}
