using Eskalasi.Identity;
using Eskalasi.Issues;
using Eskalasi.Issues.Deciding;
using Eskalasi.Issues.Escalating;
using Eskalasi.Issues.FollowUps;
using Eskalasi.Issues.Logging;
using Eskalasi.Issues.Moves;
using Eskalasi.Issues.Overdue;
using Eskalasi.Issues.Resolving;
using Eskalasi.Issues.Returning;
using Eskalasi.Issues.Transferring;
using Eskalasi.Issues.Withdrawing;
using Eskalasi.Meetings;
using Eskalasi.Meetings.Running;
using Eskalasi.Organisation;

namespace Eskalasi.History;

public sealed record GeneratorOptions(int IssuesPerRegion, int Days, int Seed, DateTimeOffset End, IReadOnlyDictionary<int, int>? StartSequences = null);

/// <summary>One generated stream: its events in order, each with the time it happened.</summary>
public sealed record GeneratedStream(Guid Id, bool IsMeeting, List<(object Event, DateTimeOffset At)> Events);

public sealed record GeneratedHistory(
    RegionOrganisation Region, IReadOnlyList<GeneratedStream> Streams, IReadOnlyDictionary<int, int> LastSequenceByYear, IReadOnlyList<Issue> OpenIssues)
{
    public int EventCount => Streams.Sum(s => s.Events.Count);
}

/// <summary>
/// Writes a plausible history of a region by simulating it through the real decisions of docs/domain.md "Moves" — the same
/// pure <c>Decide</c> functions the endpoints use — so every generated stream is one the rules allow. Some offices and
/// categories are made visibly slower (Asisten III meets fortnightly and defers more; perizinan and anggaran wait
/// longer) so that the analytics have something to find. Deterministic for a given seed.
/// </summary>
public sealed class HistoryGenerator
{
    private static readonly Dictionary<string, double> SlowCategories = new() { ["perizinan"] = 2.5, ["anggaran"] = 1.8 };
    private static readonly string[] AsistenReasons = AssistantFirstRule.ReasonCodes;
    private static readonly string[] HeadReasons = HeadEscalationRule.ReasonCodes;

    private readonly RegionOrganisation _region;
    private readonly GeneratorOptions _options;
    private readonly Random _random;
    private readonly PriorityQueue<Action, DateTimeOffset> _agenda = new();
    private readonly Dictionary<Guid, Issue> _issues = new();
    private readonly Dictionary<Guid, string> _categories = new();
    private readonly Dictionary<Guid, GeneratedStream> _streams = new();
    private readonly Dictionary<int, int> _sequences = new();
    private DateTimeOffset _now;

    private HistoryGenerator(RegionOrganisation region, GeneratorOptions options)
    {
        _region = region;
        _options = options;
        _random = new Random(options.Seed ^ StableHash(region.Id));
        foreach (var (year, last) in options.StartSequences ?? new Dictionary<int, int>()) _sequences[year] = last;
    }

    public static GeneratedHistory Generate(RegionOrganisation region, GeneratorOptions options) =>
        new HistoryGenerator(region, options).Run();

    private GeneratedHistory Run()
    {
        var start = _options.End - TimeSpan.FromDays(_options.Days);
        for (var i = 0; i < _options.IssuesPerRegion; i++)
        {
            var at = start + TimeSpan.FromSeconds(_random.NextDouble() * _options.Days * 86400);
            At(at, () => Log());
        }
        foreach (var office in AsistenOffices)
            At(start + TimeSpan.FromHours(24 * _random.Next(0, 7) + 9), () => Rakor(office));

        while (_agenda.TryDequeue(out var step, out var at))
        {
            if (at > _options.End) break;
            _now = at;
            step();
        }
        return new GeneratedHistory(_region, _streams.Values.ToList(), _sequences,
            _issues.Values.Where(i => i.Status == IssueStatus.Open).ToList());
    }

    private IEnumerable<string> AsistenOffices => _region.Offices.Where(o => o.Kind == OfficeKinds.Asisten).Select(o => o.Code);

    private double OfficeSlowness(string office) => office == AsistenOffices.Last() ? 2.0 : office == AsistenOffices.First() ? 1.0 : 0.8;

    // --- the simulated life of an issue -------------------------------------------------------------------------

    private void Log()
    {
        var opd = Pick(_region.Opds);
        var category = Pick(_region.Categories);
        var urgency = Roll(0.05) ? "darurat" : Roll(0.25) ? "tinggi" : "biasa";
        var related = _region.Opds.Where(o => o.Code != opd.Code).OrderBy(_ => _random.Next()).Take(_random.Next(0, 3)).Select(o => o.Code).ToList();
        var command = new LogIssue($"{Titles[_random.Next(Titles.Length)]} ({category})", "Masalah lapangan yang perlu koordinasi lintas OPD.",
            category, new LocationInput($"Kecamatan di {_region.Name}", null, null), urgency, related, _now.AddHours(-_random.Next(1, 48)).ToString("O"));
        if (LogIssueEndpoint.Check(command, _region, opd.Code, _now).Any) return;

        var year = IssueNumbers.YearOf(_now, _region.FindZone());
        var sequence = _sequences[year] = _sequences.GetValueOrDefault(year) + 1;
        var id = Guid.CreateVersion7(_now);
        var logged = new IssueLogged(id, IssueNumbers.Format(_region.NumberPrefix, year, sequence), _region.Id, command.Title!, command.Description!,
            category, new Location(command.Location!.Text!), Enum.Parse<Urgency>(urgency, true), opd.Code, related,
            DateTimeOffset.Parse(command.ObservedAt!).ToUniversalTime(), Officer(opd.Code), _now, opd.Coordinator);
        _issues[id] = Issue.Create(logged);
        _categories[id] = category;
        Write(id, false, logged);
        Arrived(_issues[id]);
    }

    /// <summary>Whoever holds the issue now acts after a while; an Asisten acts in its rakor.</summary>
    private void Arrived(Issue issue)
    {
        var target = TimeSpan.FromDays(DwellTimers.TargetDays(_region.DwellTargets, issue.Level, issue.Urgency));
        var arrival = issue.ArrivedAt;
        At(arrival + target, () => MarkOverdueIfStillThere(issue.Id, arrival, target.TotalDays));

        var slow = SlowCategories.GetValueOrDefault(_categories[issue.Id], 1.0) * (issue.Urgency == Urgency.Darurat ? 0.2 : 1.0);
        switch (issue.Level)
        {
            case IssueLevel.Opd: At(_now + Days(4 * slow), () => OpdActs(issue.Id, arrival)); break;
            case IssueLevel.Sekda: At(_now + Days(4 * slow), () => SekdaActs(issue.Id, arrival)); break;
            case IssueLevel.Bupati: At(_now + Days(5 * slow), () => HeadActs(issue.Id, arrival)); break;
            // Asisten: the office's next rakor takes it up.
        }
    }

    private void OpdActs(Guid id, DateTimeOffset arrival)
    {
        if (!StillThere(id, arrival, out var issue)) return;
        var officer = Context(Officer(issue.Holder));
        if (Roll(0.22)) Apply(id, Resolve.Decide(new ResolveIssue("Diselesaikan oleh OPD sendiri."), issue, officer));
        else if (Roll(0.05) && Withdraw.IsStillWithItsReporter(issue)) Apply(id, Withdraw.Decide(new WithdrawIssue("Ternyata bukan masalah."), issue, officer));
        else if (issue.Urgency == Urgency.Darurat && Roll(0.5))
            Apply(id, EmergencyEscalate.Decide(new EmergencyEscalateIssue("Darurat: perlu keputusan segera."), issue, officer));
        else Apply(id, Escalate.Decide(new EscalateIssue(null, "Perlu koordinasi dengan OPD lain."), issue, officer));
    }

    private void Rakor(string office)
    {
        At(_now + Days(7 * OfficeSlowness(office), jitter: false), () => Rakor(office));
        var held = _issues.Values.Where(i => i.Status == IssueStatus.Open && i.Level == IssueLevel.Asisten && i.Holder == office)
            .OrderByDescending(i => i.Urgency).ThenBy(i => i.ArrivedAt).ToList(); // every held issue is on the agenda
        if (held.Count == 0) return;

        var chair = Context(new Actor($"{_region.Id}/{office}", Roles.Asisten, office));
        var meetingId = Guid.CreateVersion7(_now);
        var invited = held.SelectMany(i => i.RelatedOpds.Append(i.ReportingOpd)).Distinct().ToList();
        var scheduled = new MeetingScheduled(meetingId, office, _now, "Ruang rapat Setda", invited,
            held.Select(i => new AgendaEntry(i.Id, i.Number, "")).ToList(), chair.Actor, _now - TimeSpan.FromDays(2));
        var meeting = Meeting.Create(scheduled);
        Write(meetingId, true, scheduled, _now - TimeSpan.FromDays(2));
        var started = new MeetingStarted(meetingId, chair.Actor, _now);
        meeting = meeting.Apply(started);
        Write(meetingId, true, started);
        foreach (var opd in invited)
        {
            var attendance = new AttendanceRecorded(meetingId, opd, !Roll(0.1), null, chair.Actor, _now);
            meeting = meeting.Apply(attendance);
            Write(meetingId, true, attendance);
        }

        foreach (var issue in held)
        {
            var deferMore = OfficeSlowness(office);
            var roll = _random.NextDouble();
            RecordOutcome outcome = roll < 0.38 / deferMore ? new RecordOutcome("resolved", "Disepakati dalam rakor.", null)
                : roll < 0.6 / deferMore ? new RecordOutcome("follow-up", null,
                    [new FollowUpTerms(Pick(issue.RelatedOpds.Append(issue.ReportingOpd).ToList()), "Tindak lanjut hasil rakor.",
                        DateOnly.FromDateTime(_now.AddDays(14).UtcDateTime).ToString("yyyy-MM-dd"))])
                : roll < 0.88 ? new RecordOutcome("deferred", null, null)
                : new RecordOutcome("escalate", null, null);
            var decision = RecordOutcomeEndpoint.Decide(outcome, meeting, _issues[issue.Id], issue.Id, chair with { Now = _now.AddMinutes(5) });
            if (decision.Refused is not null) continue;
            foreach (var e in decision.MeetingEvents) { meeting = meeting.Apply((MeetingItemOutcomeRecorded)e); Write(meetingId, true, e, e.At); }
            Apply(issue.Id, new Decision(decision.IssueEvents[issue.Id], null), arrive: false);

            var after = _issues[issue.Id];
            if (outcome.Outcome == "escalate")
                At(_now + Days(1), () => AsistenEscalates(issue.Id, after.ArrivedAt));
            else if (outcome.Outcome == "follow-up")
                At(_now + Days(10), () => FollowUpDone(issue.Id, after.ArrivedAt));
            else if (outcome.Outcome == "deferred" && Roll(0.08))
                At(_now + Days(1), () => Transfers(issue.Id, after.ArrivedAt));
        }
        var concluded = ConcludeMeetingEndpoint.Decide(meeting, _issues, chair with { Now = _now.AddHours(2) });
        foreach (var e in concluded.MeetingEvents) Write(meetingId, true, e, e.At);
        foreach (var (issueId, events) in concluded.IssueEvents)
        {
            _issues[issueId] = events.Aggregate(_issues[issueId], (s, e) => s.Then(e));
            foreach (var e in events) Write(issueId, false, e, _now.AddHours(2));
        }
    }

    private void AsistenEscalates(Guid id, DateTimeOffset arrival)
    {
        if (!StillThere(id, arrival, out var issue)) return;
        var asisten = Context(new Actor($"{_region.Id}/{issue.Holder}", Roles.Asisten, issue.Holder));
        Apply(id, Escalate.Decide(new EscalateIssue(Pick(AsistenReasons), "Tidak dapat diselesaikan di tingkat Asisten setelah rakor."), issue, asisten));
    }

    private void Transfers(Guid id, DateTimeOffset arrival)
    {
        if (!StillThere(id, arrival, out var issue)) return;
        var other = AsistenOffices.Where(o => o != issue.Holder).ToList();
        var asisten = Context(new Actor($"{_region.Id}/{issue.Holder}", Roles.Asisten, issue.Holder));
        Apply(id, Transfer.Decide(new TransferIssue(Pick(other), "Lebih tepat ditangani Asisten lain."), issue, asisten));
    }

    private void FollowUpDone(Guid id, DateTimeOffset arrival)
    {
        if (!StillThere(id, arrival, out var issue)) return;
        foreach (var followUp in issue.OpenFollowUps.ToList())
            Apply(id, CompleteFollowUp.Decide(followUp.Id, new CompleteFollowUpOfIssue("Sudah dilaksanakan."), _issues[id], Context(Officer(followUp.OwnerOpd))), arrive: false);
        var asisten = Context(new Actor($"{_region.Id}/{issue.Holder}", Roles.Asisten, issue.Holder));
        At(_now + Days(2), () =>
        {
            if (StillThere(id, arrival, out var now)) Apply(id, Resolve.Decide(new ResolveIssue("Tindak lanjut selesai."), now, asisten with { Now = _now }));
        });
    }

    private void SekdaActs(Guid id, DateTimeOffset arrival)
    {
        if (!StillThere(id, arrival, out var issue)) return;
        var sekda = Context(new Actor($"{_region.Id}/sekda", Roles.Sekda, OfficeCodes.Sekda));
        var roll = _random.NextDouble();
        if (roll < 0.4) Apply(id, Resolve.Decide(new ResolveIssue("Diselesaikan Sekda."), issue, sekda));
        else if (roll < 0.75) Apply(id, Return.Decide(new ReturnIssue("Selesaikan dahulu di tingkat bawah."), issue, sekda));
        else Apply(id, Escalate.Decide(new EscalateIssue(Pick(HeadReasons), "Memerlukan keputusan kepala daerah karena kewenangan."), issue, sekda));
    }

    private void HeadActs(Guid id, DateTimeOffset arrival)
    {
        if (!StillThere(id, arrival, out var issue)) return;
        var head = Context(new Actor($"{_region.Id}/head", Roles.Bupati, OfficeCodes.Head));
        var roll = _random.NextDouble();
        var command = roll < 0.6 ? new DecideIssue("asisten", Pick(AsistenOffices.ToList()), "Tuntaskan sesuai arahan.")
            : roll < 0.8 ? new DecideIssue("opd", issue.ReportingOpd, "OPD pelapor laksanakan.")
            : new DecideIssue("sekda", null, "Sekda koordinasikan.");
        Apply(id, DecideEndpoint.Decide(command, issue, head));
    }

    private void MarkOverdueIfStillThere(Guid id, DateTimeOffset arrival, double targetDays)
    {
        if (!StillThere(id, arrival, out var issue) || issue.OverdueSinceArrivalAt == arrival) return;
        var overdue = new IssueBecameOverdue(id, issue.Level, issue.Holder, arrival, targetDays, DwellTimers.LevelAbove(issue, _region),
            DwellTimers.System, _now);
        _issues[id] = issue.Then(overdue);
        Write(id, false, overdue);
    }

    // --- plumbing ---------------------------------------------------------------------------------------------------

    private void Apply(Guid id, Decision decision, bool arrive = true)
    {
        if (decision.Refused is not null) return; // the rules said no: nothing is written, as in the service
        var before = _issues[id];
        var after = decision.Events.Aggregate(before, (s, e) => s.Then(e));
        _issues[id] = after;
        foreach (var e in decision.Events) Write(id, false, e, e.At);
        if (arrive && after.Status == IssueStatus.Open && after.ArrivedAt != before.ArrivedAt) Arrived(after);
    }

    private bool StillThere(Guid id, DateTimeOffset arrival, out Issue issue)
    {
        issue = _issues[id];
        return issue.Status == IssueStatus.Open && issue.ArrivedAt == arrival;
    }

    private void Write(Guid stream, bool meeting, object e, DateTimeOffset? at = null)
    {
        if (!_streams.TryGetValue(stream, out var s)) _streams[stream] = s = new GeneratedStream(stream, meeting, []);
        s.Events.Add((e, at ?? _now));
    }

    private void At(DateTimeOffset at, Action step) => _agenda.Enqueue(step, at);

    private TimeSpan Days(double mean, bool jitter = true) =>
        TimeSpan.FromDays(jitter ? -mean * Math.Log(1 - _random.NextDouble()) : mean);

    private bool Roll(double chance) => _random.NextDouble() < chance;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private MoveContext Context(Actor actor) => new(actor, _region, _now);

    private Actor Officer(string opd) => new($"{_region.Id}/opd/{opd}", Roles.OpdOfficer, opd);

    private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked(h * 31 + c));

    private static readonly string[] Titles =
    [
        "Jalan kabupaten rusak berat", "Pipa air bersih bocor", "Drainase tersumbat saat hujan", "Izin usaha tertahan",
        "Atap sekolah bocor", "Puskesmas kekurangan tenaga", "Lampu jalan padam", "Tumpukan sampah di pasar",
        "Bantuan sosial belum tersalurkan", "Longsor menutup jalan desa", "Jembatan desa retak", "Anggaran kegiatan belum cair",
    ];
}
