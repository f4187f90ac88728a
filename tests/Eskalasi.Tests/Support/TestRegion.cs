using System.Net.Http.Headers;
using Alba;
using Eskalasi.Identity;
using Eskalasi.Issues;
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

    /// <summary>A signed-in user by the account name of API.md, without the region: "opd/dinas-pupr", "asisten-2", "analyst".</summary>
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

    /// <summary>How many events this region has, in all its streams: proof that a refusal wrote nothing.</summary>
    public async Task<int> EventCount()
    {
        await using var session = Host.Services.GetRequiredService<IDocumentStore>().QuerySession(Code);
        return await session.Events.QueryAllRawEvents().CountAsync();
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
