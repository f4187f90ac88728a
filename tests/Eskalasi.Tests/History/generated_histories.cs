using System.Text.Json;
using Eskalasi.History;
using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Organisation;
using Eskalasi.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Eskalasi.Tests.History;

[Collection(AppCollection.Name)]
public sealed class generated_histories(AppFixture app)
{
    private static readonly DateTimeOffset End = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly System.Text.RegularExpressions.Regex Guids = new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private RegionOrganisation Seed(string code) => OrganisationSeeder.ReadSeed(Path.Combine(
        RepositoryPaths.SeedsDirectory(app.Host.Services.GetRequiredService<IConfiguration>(), AppContext.BaseDirectory), code + ".json"));

    [Fact]
    public void the_same_seed_gives_the_same_history()
    {
        var a = HistoryGenerator.Generate(Seed("kab-buleleng"), new GeneratorOptions(150, 365, 11, End));
        var b = HistoryGenerator.Generate(Seed("kab-buleleng"), new GeneratorOptions(150, 365, 11, End));
        a.EventCount.ShouldBe(b.EventCount);
        // The same events, field by field (ids aside: a generated stream's ids are fresh each run).
        static List<string> Described(GeneratedHistory h) => h.Streams.SelectMany(s => s.Events.Select(e =>
            $"{e.Event.GetType().Name} {e.At:O} " + Guids.Replace(JsonSerializer.Serialize(e.Event, e.Event.GetType()), "<id>"))).ToList();
        Described(a).ShouldBe(Described(b));
        Described(a).ShouldNotBe(Described(HistoryGenerator.Generate(Seed("kab-buleleng"), new GeneratorOptions(150, 365, 12, End))));
    }

    [Theory]
    [InlineData("kota-payakumbuh")]
    [InlineData("kab-lampung-tengah")]
    public void every_generated_issue_stream_is_one_the_rules_allow(string code)
    {
        var region = Seed(code);
        var history = HistoryGenerator.Generate(region, new GeneratorOptions(400, 730, 5, End));
        var issues = history.Streams.Where(s => !s.IsMeeting).ToList();
        issues.Count.ShouldBe(400);
        history.Streams.Count(s => s.IsMeeting).ShouldBeGreaterThan(20, "meetings are part of the history");

        foreach (var stream in issues)
        {
            var events = stream.Events.Select(e => (IIssueEvent)e.Event).ToList();
            events[0].ShouldBeOfType<IssueLogged>();
            events.Select(e => e.At).ShouldBeInOrder(SortDirection.Ascending, $"events of {stream.Id} are in time order");
            RulesHeld(events, region).ShouldBeNull();
        }
        history.OpenIssues.Count.ShouldBeLessThan(400);
    }

    /// <summary>An independent check of docs/domain.md "Moves" over one stream: no skipped level, the assistant-first rule, nothing after closing.</summary>
    private static string? RulesHeld(IReadOnlyList<IIssueEvent> events, RegionOrganisation region)
    {
        var logged = (IssueLogged)events[0];
        var level = IssueLevel.Opd;
        string holder = logged.ReportingOpd;
        var closed = false;
        var everRaised = false;
        var usefulMeetingHere = false;
        foreach (var e in events.Skip(1))
        {
            if (closed && e is not (IssueReopened or NoteAdded)) return $"{e.GetType().Name} after closing";
            switch (e)
            {
                case IssueEscalated x:
                    if (x.FromHolder != holder) return "an escalation not from the holder";
                    if (level == IssueLevel.Opd && x.ToHolder != region.FindOpd(holder)!.Coordinator) return "a raise past the OPD's coordinator";
                    if (level != IssueLevel.Opd && (int)x.ToLevel != (int)level + 1) return $"escalation {level}->{x.ToLevel} skips a level";
                    if (level == IssueLevel.Asisten && !usefulMeetingHere && !(x.MeetingWaived && logged.Urgency == Urgency.Darurat))
                        return "an Asisten escalated without a meeting";
                    if (level == IssueLevel.Asisten && (x.Justification.Length < 30 || x.ReasonCode is null)) return "reason or justification missing";
                    (level, holder, usefulMeetingHere) = (x.ToLevel, x.ToHolder, false);
                    break;
                case IssueEmergencyRaised x:
                    if (level != IssueLevel.Opd || logged.Urgency != Urgency.Darurat) return "an emergency raise of a non-darurat issue";
                    (level, holder, usefulMeetingHere) = (IssueLevel.Sekda, x.ToHolder, false);
                    break;
                case IssueTransferred x: (level, holder, usefulMeetingHere) = (IssueLevel.Asisten, x.ToOffice, false); break;
                case IssueReturned x:
                    if (x.ToLevel >= level) return "a return that does not go down";
                    (level, holder, usefulMeetingHere) = (x.ToLevel, x.ToHolder, false);
                    break;
                case DecisionMade x:
                    if (level != IssueLevel.Bupati) return "a disposisi below the head";
                    (level, holder, usefulMeetingHere) = (x.ToLevel, x.ToHolder, false);
                    break;
                case IssueDiscussedInMeeting x:
                    if (x.Office != holder) return "an outcome from a meeting of an office that did not hold it";
                    if (x.Outcome != MeetingOutcome.Deferred) usefulMeetingHere = true;
                    break;
                case IssueWithdrawn when everRaised || holder != logged.ReportingOpd: return "withdrawn after raising";
                case IssueResolved or IssueWithdrawn or IssueMarkedDuplicate: closed = true; break;
            }
            if (region.FindOffice(holder) is null && region.FindOpd(holder) is null) return $"unknown holder {holder}";
            if (level != IssueLevel.Opd) everRaised = true;
        }
        return null;
    }

    [Fact]
    public async Task the_replay_of_a_generated_history_matches_an_independent_count()
    {
        var region = await app.NewRegionAsync("kab-banyuwangi");
        var history = HistoryGenerator.Generate(region.Organisation, new GeneratorOptions(120, 200, 3, app.Clock.GetUtcNow()));
        await app.Host.Services.GetRequiredService<HistoryWriter>().WriteAsync(history, null, CancellationToken.None);

        // Independently: fold each stream with the decision aggregate; a stay ends whenever the holder changes or it closes.
        var until = app.Clock.GetUtcNow();
        var stays = new List<(IssueLevel Level, double Days, bool Settled)>();
        foreach (var stream in history.Streams.Where(s => !s.IsMeeting))
        {
            var events = stream.Events.Select(e => (IIssueEvent)e.Event).ToList();
            var state = Issue.Create((IssueLogged)events[0]);
            foreach (var e in events.Skip(1))
            {
                var next = state.Then(e);
                if (state.Status == IssueStatus.Open && (next.ArrivedAt != state.ArrivedAt || next.Status != IssueStatus.Open))
                    stays.Add((state.Level, (e.At - state.ArrivedAt).TotalDays, next.Status == IssueStatus.Resolved));
                state = next;
            }
            if (state.Status == IssueStatus.Open) stays.Add((state.Level, (until - state.ArrivedAt).TotalDays, false));
        }

        var result = await region.Host.Scenario(s =>
        {
            s.Get.Url($"/api/analytics/stuck?groupBy=level&until={Uri.EscapeDataString(until.ToString("O"))}");
            s.WithBearer(region.Token("analyst"));
        });
        var groups = (await result.ReadJson()).GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
        foreach (var byLevel in stays.GroupBy(s => s.Level))
        {
            var group = groups[byLevel.Key.ToString().ToLowerInvariant()];
            group.GetProperty("settledHere").GetInt32().ShouldBe(byLevel.Count(s => s.Settled));
            var days = byLevel.Select(s => s.Days).Order().ToList();
            group.GetProperty("medianDays").GetDouble().ShouldBe(Math.Round(days[(int)Math.Ceiling(0.5 * days.Count) - 1], 2), 0.011);
        }
        groups.Count.ShouldBe(stays.Select(s => s.Level).Distinct().Count());
    }
}
