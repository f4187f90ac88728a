using System.Net.Http.Headers;
using Alba;
using Eskalasi.Identity;
using System.Text.Json;
using Eskalasi.Issues;
using Eskalasi.Meetings;
using Eskalasi.Organisation;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Eskalasi.Tests.Support;

/// <summary>A region of one test class, with scenario helpers that read like the domain.</summary>
public sealed class TestRegion(AppFixture app, RegionOrganisation organisation)
{
    public RegionOrganisation Organisation => organisation;
    public string Code => organisation.Id;
    public IAlbaHost Host => app.Host;

    /// <summary>A signed-in user by the account name of docs/api.md, without the region: "opd/dinas-pupr", "asisten-2", "analyst".</summary>
    public string Token(string account)
    {
        var user = DemoAccounts.For(organisation).Single(a => a.User == $"{Code}/{account}");
        return app.TokenFor(user);
    }

    public static LogIssueBody AValidIssue(params string[] relatedOpds) => new(
        "Pipa induk PDAM pecah di Jalan Sudirman",
        "Pipa transmisi 300 mm pecah; badan jalan amblas dan aliran air ke tiga kelurahan terhenti.",
        "infrastruktur",
        new LocationBody("Kelurahan Koto Nan Ampek, Payakumbuh Barat", -0.2263, 100.6301),
        "tinggi",
        relatedOpds.Length == 0 ? ["pdam", "dinas-perkim"] : relatedOpds,
        "2026-11-24T07:30:00+07:00");

    public async Task<IssueDetails> LogIssueAs(string account, LogIssueBody? body = null)
    {
        var result = await Host.Scenario(s =>
        {
            s.Post.Json(body ?? AValidIssue()).ToUrl("/api/issues");
            s.WithBearer(Token(account));
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<IssueDetails>())!;
    }

    public async Task<IScenarioResult> Post(string account, string url, object? body, int status,
        Action<Scenario>? extra = null) =>
        await Host.Scenario(s =>
        {
            if (body is null) s.Post.Url(url); else s.Post.Json(body).ToUrl(url);
            s.WithBearer(Token(account));
            extra?.Invoke(s);
            s.StatusCodeShouldBe(status);
        });

    /// <summary>A move on an issue that must succeed; the issue as it stands after it.</summary>
    public async Task<IssueDetails> Move(string account, Guid issueId, string move, object body)
    {
        var result = await Post(account, $"/api/issues/{issueId}/{move}", body, 200);
        return (await result.ReadAsJsonAsync<IssueDetails>())!;
    }

    /// <summary>A move that must be refused with this status (and rule, when given); proves nothing was written.</summary>
    public async Task<JsonElement> Refused(string account, Guid issueId, string move, object body, int status, string? rule = null)
    {
        var before = await EventCount();
        var result = await Post(account, $"/api/issues/{issueId}/{move}", body, status);
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
        var problem = await result.ReadJson();
        if (rule is not null) problem.Rule().ShouldBe(rule);
        (await EventCount()).ShouldBe(before, $"a refused {move} must write nothing");
        return problem;
    }

    public async Task<IssueDetails> Issue(Guid issueId, string account = "analyst")
    {
        var result = await Host.Scenario(s =>
        {
            s.Get.Url($"/api/issues/{issueId}");
            s.WithBearer(Token(account));
        });
        return (await result.ReadAsJsonAsync<IssueDetails>())!;
    }

    public async Task<List<JsonElement>> History(Guid issueId, string account = "analyst")
    {
        var result = await Host.Scenario(s =>
        {
            s.Get.Url($"/api/issues/{issueId}/history");
            s.WithBearer(Token(account));
        });
        return (await result.ReadJson()).EnumerateArray().ToList();
    }

    public async Task<Meeting> ScheduleMeeting(string account, params string[] invited)
    {
        var result = await Post(account, "/api/meetings",
            new { scheduledAt = DateTimeOffset.UtcNow.AddDays(1).ToString("O"), place = "Ruang Randang Lt. 2 Balaikota", invitedOpds = invited }, 201);
        return (await result.ReadAsJsonAsync<Meeting>())!;
    }

    public async Task<Meeting> MeetingAction(string account, Guid meetingId, string action, object? body = null)
    {
        var result = await Post(account, $"/api/meetings/{meetingId}/{action}", body, 200);
        return (await result.ReadAsJsonAsync<Meeting>())!;
    }

    /// <summary>A whole rakor of an office: scheduled, started, one outcome for the issue, concluded.</summary>
    public async Task<Meeting> HoldMeeting(string account, Guid issueId, object outcome, params string[] invited)
    {
        var meeting = await ScheduleMeeting(account, invited.Length == 0 ? ["dinas-pupr"] : invited);
        meeting.Agenda.Select(a => a.IssueId).ShouldContain(issueId);
        await MeetingAction(account, meeting.Id, "start");
        await MeetingAction(account, meeting.Id, $"items/{issueId}/outcome", outcome);
        return await MeetingAction(account, meeting.Id, "conclude");
    }

    /// <summary>A due date some days ahead of the domain's clock, as a follow-up form sends it.</summary>
    public string DueDate(int days = 30) => organisation.Today(app.Clock.GetUtcNow()).AddDays(days).ToString("yyyy-MM-dd");

    public const string LongJustification = "Butuh pergeseran anggaran APBD untuk penggantian pipa transmisi 300 mm.";

    /// <summary>
    /// How many events this region has, in all its streams: proof that a refusal wrote nothing. Marten's tombstones
    /// (placeholders it writes for the sequence numbers of a transaction that failed) are not the region's events.
    /// </summary>
    public async Task<int> EventCount()
    {
        await using var session = Host.Services.GetRequiredService<IDocumentStore>().QuerySession(Code);
        return await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName != "tombstone").CountAsync();
    }
}

public sealed record LocationBody(string? Text, double? Lat = null, double? Lon = null);

public sealed record LogIssueBody(
    string? Title, string? Description, string? Category, LocationBody? Location, string? Urgency,
    IReadOnlyList<string>? RelatedOpds, string? ObservedAt);

public static class ScenarioExtensions
{
    public static void WithBearer(this Scenario scenario, string token) =>
        scenario.WithRequestHeader("Authorization", new AuthenticationHeaderValue("Bearer", token).ToString());
}
