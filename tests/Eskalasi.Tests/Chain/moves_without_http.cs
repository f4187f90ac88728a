using System.Text.Json;
using Eskalasi.Identity;
using Eskalasi.Infrastructure;
using Eskalasi.Issues;
using Eskalasi.Issues.Escalating;
using Eskalasi.Issues.Logging;
using Eskalasi.Issues.Moves;
using Eskalasi.Issues.Notes;
using Eskalasi.Meetings;
using Eskalasi.Meetings.Running;
using Eskalasi.Meetings.Scheduling;
using Eskalasi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Eskalasi.Tests.Chain;

/// <summary>
/// The moves as messages: a caller without HTTP (the web application, a script) sends them through Wolverine's bus
/// and gets the same answers and the same refusals the API gives.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class moves_without_http(AppFixture app) : InARegion(app)
{
    private Actor As(string account) => DemoAccounts.For(Region.Organisation).Single(a => a.User == $"{Region.Code}/{account}") is var a
        ? new Actor(a.User, a.Role, a.Office)
        : throw new InvalidOperationException();

    private async Task<MoveResult> Send(object message)
    {
        using var scope = Region.Host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMessageBus>().MoveAsync(Region.Code, message);
    }

    private async Task<T> Invoke<T>(object message)
    {
        using var scope = Region.Host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        return await bus.InvokeForTenantAsync<T>(Region.Code, message);
    }

    /// <summary>The issue as JSON with every time in UTC (the API writes times with the region's offset).</summary>
    private static string Comparable(IssueDetails issue) => JsonSerializer.Serialize(issue, new JsonSerializerOptions { Converters = { new InUtc() } });

    private sealed class InUtc : System.Text.Json.Serialization.JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options) => reader.GetDateTimeOffset();
        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime());
    }

    private LogIssue AnIssue() => new("Jembatan gantung putus", "Jembatan penghubung dua kelurahan putus setelah banjir.",
        "infrastruktur", new LocationInput("Kelurahan Tiakar", null, null), "tinggi", ["dinas-perkim"], App.Clock.GetUtcNow().ToString("O"))
    {
        By = As("opd/dinas-pupr"),
    };

    [Fact]
    public async Task an_issue_logged_and_raised_through_the_bus_is_the_issue_the_api_shows()
    {
        var logged = await Send(AnIssue());
        logged.Refused.ShouldBeNull();
        logged.Issue!.Number.ShouldStartWith("PYK-");
        logged.Version.ShouldBe(1);

        var raised = await Send(new EscalateIssue(null, "Butuh koordinasi dengan Perkim.").On(logged.Issue.Id, As("opd/dinas-pupr")));
        raised.Refused.ShouldBeNull();
        (raised.Issue!.Level, raised.Issue.Holder, raised.Version).ShouldBe((IssueLevel.Asisten, "asisten-2", 2L));

        var overHttp = await Region.Issue(logged.Issue.Id);
        Comparable(overHttp).ShouldBe(Comparable(raised.Issue));
    }

    [Fact]
    public async Task the_bus_gives_the_same_refusals_in_the_same_order_and_writes_nothing()
    {
        var issue = (await Send(AnIssue())).Issue!;
        var raised = (await Send(new EscalateIssue(null, "Butuh koordinasi.").On(issue.Id, As("opd/dinas-pupr")))).Issue!;
        var before = await Region.EventCount();

        // The assistant-first rule, as over HTTP.
        (await Send(new EscalateIssue("regulasi", TestRegion.LongJustification).On(raised.Id, As("asisten-2")))).Refused!
            .Rule.ShouldBe("assistant-first.meeting");
        // A stale version the caller saw: 412 before the rule's 422; a field error: 400 before the stale version.
        (await Send(new EscalateIssue("regulasi", TestRegion.LongJustification).On(raised.Id, As("asisten-2"), expectedVersion: 1))).Refused!
            .Status.ShouldBe(412);
        (await Send(new AddNoteToIssue("").On(raised.Id, As("asisten-2"), expectedVersion: 1))).Refused!.Status.ShouldBe(400);
        // Someone who may not see it, and no one at all: 404.
        (await Send(new AddNoteToIssue("Catatan.").On(raised.Id, As("opd/bkpsdm")))).Refused!.Status.ShouldBe(404);
        (await Send(new AddNoteToIssue("Catatan.") { IssueId = raised.Id })).Refused!.Status.ShouldBe(404);
        (await Send(new AddNoteToIssue("Catatan.").On(Guid.Empty, As("asisten-2")))).Refused!.Status.ShouldBe(404);
        // Only an officer of an OPD logs.
        (await Send(AnIssue() with { By = As("asisten-2") })).Refused!.Rule.ShouldBe("role");
        (await Send(AnIssue() with { Urgency = "sangat" })).Refused!.Errors!.Keys.ShouldBe(["urgency"]);

        (await Region.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task a_rakor_held_through_the_bus_opens_the_way_to_the_sekda()
    {
        var issue = (await Send(AnIssue())).Issue!;
        await Send(new EscalateIssue(null, "Butuh koordinasi.").On(issue.Id, As("opd/dinas-pupr")));
        var asisten = As("asisten-2");

        var scheduled = await Invoke<MeetingResult>(new ScheduleMeeting(App.Clock.GetUtcNow().AddDays(1).ToString("O"), "Ruang rapat Asisten II",
            ["dinas-pupr", "dinas-perkim"]) { By = asisten });
        var meeting = scheduled.Meeting!;
        meeting.Agenda.Select(a => a.IssueId).ShouldContain(issue.Id);
        (await Invoke<MeetingResult>(new StartMeeting().On(meeting.Id, As("asisten-1")))).Refused!.Rule.ShouldBe("not-holder");
        (await Invoke<MeetingResult>(new StartMeeting().On(meeting.Id, asisten))).Meeting!.Status.ShouldBe(MeetingStatus.Started);
        (await Invoke<MeetingResult>(new RecordOutcome("escalate", "Perlu anggaran provinsi.", null) { IssueId = issue.Id }.On(meeting.Id, asisten)))
            .Refused.ShouldBeNull();
        (await Invoke<MeetingResult>(new ConcludeMeeting().On(meeting.Id, asisten))).Meeting!.Status.ShouldBe(MeetingStatus.Concluded);

        var escalated = await Send(new EscalateIssue("pihak-eksternal", TestRegion.LongJustification).On(issue.Id, asisten));
        escalated.Refused.ShouldBeNull();
        escalated.Issue!.Level.ShouldBe(IssueLevel.Sekda);
    }
}
