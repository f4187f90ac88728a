using System.Text;
using Alba;
using Eskalasi.Identity;
using Eskalasi.Identity.Directory;
using Eskalasi.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Eskalasi.Tests.Security;

/// <summary>
/// Every endpoint of the API (read from the service's own endpoint list, so a new one cannot be forgotten) × every role
/// × own office / other office / other region, each cell's expected answer written down once below. A region A holds an
/// issue raised to its Asisten II, a follow-up owned by the reporting OPD, a rakor of Asisten II and an inbox item; a
/// region B has the same people. "Pass" means the caller got past authentication and authorization (any answer but
/// 401/403/404, never a 500) — the body is empty, so most passes are 400s and nothing is written; "Deny" is 403;
/// "Hidden" is 404. Another region's resource is always 404, and no answer to region B names region A's resources.
/// </summary>
[Collection(NonDemoAppCollection.Name)]
public class the_authorization_matrix(NonDemoAppFixture app, ITestOutputHelper output)
{
    private enum Expect { Pass, Deny, Hidden }

    private const string Officer = "officer", Asisten = "asisten", Sekda = "sekda", Bupati = "bupati", Analyst = "analyst", Admin = "admin";
    private static readonly string[] AllRoles = [Officer, Asisten, Sekda, Bupati, Analyst, Admin];

    /// <summary>One row: what each role gets on its own office's resource, and (officer, Asisten) on another office's.</summary>
    private sealed record Row(Func<string, Expect> Own, Func<string, Expect> Other);

    private static Row Same(Func<string, Expect> rule) => new(rule, rule);
    private static Func<string, Expect> Only(params string[] roles) => role => roles.Contains(role) ? Expect.Pass : Expect.Deny;
    private static readonly Func<string, Expect> Everyone = _ => Expect.Pass;

    /// <summary>
    /// An issue-scoped endpoint: an officer of an uninvolved OPD does not see the issue (404); <paramref name="own"/> is
    /// what each role gets as the issue's own office (the reporting OPD, the holding Asisten), <paramref name="other"/>
    /// for the Asisten that does not hold it.
    /// </summary>
    private static Row OnIssue(Func<string, Expect> own, Expect asistenOther) =>
        new(own, role => role == Officer ? Expect.Hidden : role == Asisten ? asistenOther : own(role));

    private static readonly Dictionary<string, Row> Matrix = new()
    {
        ["GET /api/org"] = Same(Everyone),
        ["GET /api/issues"] = Same(Everyone),
        ["POST /api/issues"] = Same(Only(Officer)),
        ["GET /api/issues/{id}"] = OnIssue(Everyone, Expect.Pass),
        ["GET /api/issues/{id}/history"] = OnIssue(Everyone, Expect.Pass),
        // Moves on an issue held by Asisten II (docs/domain.md "Moves").
        ["POST /api/issues/{id}/escalate"] = OnIssue(Only(Asisten), Expect.Deny),
        ["POST /api/issues/{id}/emergency-escalate"] = OnIssue(_ => Expect.Deny, Expect.Deny),
        ["POST /api/issues/{id}/transfer"] = OnIssue(Only(Asisten), Expect.Deny),
        ["POST /api/issues/{id}/return"] = OnIssue(Only(Asisten), Expect.Deny),
        // The head's move; at another level it is a 409, after the fields (docs/domain.md "Order of checks").
        ["POST /api/issues/{id}/decide"] = OnIssue(Only(Bupati), Expect.Deny),
        ["POST /api/issues/{id}/resolve"] = OnIssue(Only(Asisten), Expect.Deny),
        ["POST /api/issues/{id}/reopen"] = OnIssue(Only(Officer), Expect.Deny),
        ["POST /api/issues/{id}/withdraw"] = OnIssue(Only(Officer), Expect.Deny),
        ["POST /api/issues/{id}/mark-duplicate"] = OnIssue(Only(Asisten, Sekda), Expect.Deny),
        ["POST /api/issues/{id}/follow-ups"] = OnIssue(Only(Asisten), Expect.Deny),
        ["POST /api/issues/{id}/follow-ups/{followUpId}/complete"] = OnIssue(Only(Officer), Expect.Deny),
        // The follow-up is Dinas PUPR's, assigned by Asisten II: its owner reports progress, its assigner extends it.
        ["POST /api/issues/{id}/follow-ups/{followUpId}/progress"] = OnIssue(Only(Officer), Expect.Deny),
        ["POST /api/issues/{id}/follow-ups/{followUpId}/extend"] = OnIssue(Only(Asisten), Expect.Deny),
        ["POST /api/issues/{id}/notes"] = OnIssue(Only(Officer, Asisten, Sekda, Bupati), Expect.Pass),
        ["POST /api/issues/{id}/attachments"] = OnIssue(Only(Officer, Asisten, Sekda, Bupati), Expect.Pass),
        ["GET /api/issues/{id}/attachments/{attachmentId}"] = OnIssue(Everyone, Expect.Pass),
        // The rakor of Asisten II, to which the reporting OPD is invited.
        ["GET /api/meetings"] = Same(Everyone),
        ["POST /api/meetings"] = Same(Only(Asisten, Sekda, Bupati)),
        ["GET /api/meetings/{id}"] = OnIssue(Everyone, Expect.Pass),
        ["GET /api/meetings/{id}/minutes"] = OnIssue(Everyone, Expect.Pass),
        ["PUT /api/meetings/{id}/agenda"] = OnIssue(Only(Asisten), Expect.Deny),
        ["POST /api/meetings/{id}/start"] = OnIssue(Only(Asisten), Expect.Deny),
        ["POST /api/meetings/{id}/attendance"] = OnIssue(Only(Asisten), Expect.Deny),
        ["POST /api/meetings/{id}/items/{issueId}/outcome"] = OnIssue(Only(Asisten), Expect.Deny),
        ["POST /api/meetings/{id}/conclude"] = OnIssue(Only(Asisten), Expect.Deny),
        ["POST /api/meetings/{id}/materials"] = OnIssue(Only(Asisten), Expect.Deny),
        ["GET /api/meetings/{id}/materials/{attachmentId}"] = OnIssue(Everyone, Expect.Pass),
        // Recurring rakor of one's own office: Asisten II's series is stopped by Asisten II only.
        ["POST /api/meeting-series"] = Same(Only(Asisten, Sekda)),
        ["GET /api/meeting-series"] = Same(Only(Asisten, Sekda, Bupati, Analyst, Admin)),
        ["DELETE /api/meeting-series/{id}"] = new(Only(Asisten), _ => Expect.Deny),
        // Views.
        ["GET /api/backlogs/asisten/{office}"] = new(Only(Asisten, Sekda, Bupati, Analyst, Admin), Only(Sekda, Bupati, Analyst, Admin)),
        ["GET /api/backlogs/opd/{opd}"] = new(Everyone, Only(Asisten, Sekda, Bupati, Analyst, Admin)),
        ["GET /api/sekda/queue"] = Same(Only(Sekda, Bupati, Analyst, Admin)),
        ["GET /api/audit/escalations"] = Same(Only(Asisten, Sekda, Bupati, Analyst)),
        ["GET /api/audit/escalation-rates"] = Same(Only(Asisten, Sekda, Bupati, Analyst)),
        ["GET /api/audit/follow-up-extensions"] = Same(Only(Asisten, Sekda, Bupati, Analyst)),
        ["GET /api/analytics/stuck"] = Same(Only(Sekda, Bupati, Analyst)),
        ["GET /api/analytics/ping-pong"] = Same(Only(Sekda, Bupati, Analyst)),
        ["GET /api/analytics/settlement"] = Same(Only(Sekda, Bupati, Analyst)),
        ["GET /api/inbox"] = Same(Everyone),
        // Asisten II's inbox item: nobody else's.
        ["POST /api/inbox/{id}/read"] = new(role => role == Asisten ? Expect.Pass : Expect.Hidden, _ => Expect.Hidden),
        // The region's admin.
        ["GET /api/accounts"] = Same(Only(Admin)),
        ["POST /api/accounts"] = Same(Only(Admin)),
        ["POST /api/accounts/{user}/deactivate"] = Same(Only(Admin)),
        ["POST /api/accounts/{user}/password-reset"] = Same(Only(Admin)),
        ["POST /api/accounts/{user}/acting"] = Same(Only(Admin)),
        ["GET /api/accounts/changes"] = Same(Only(Admin, Sekda)),
        ["GET /api/org/changes"] = Same(Only(Admin, Sekda)),
        ["POST /api/org/opds"] = Same(Only(Admin)),
        ["PUT /api/org/opds/{code}"] = Same(Only(Admin)),
        ["PUT /api/org/dwell-targets"] = Same(Only(Admin)),
        ["PUT /api/org/holidays"] = Same(Only(Admin)),
    };

    /// <summary>People of a region: own office (reporting OPD, holding Asisten) and another office for the two roles that have one.</summary>
    private static readonly (string Role, string Scope, string User, NewAccount Account)[] People =
    [
        (Officer, "own", "pupr", new NewAccount("pupr", "Petugas PUPR", Roles.OpdOfficer, Opd: "dinas-pupr")),
        (Officer, "other", "sosial", new NewAccount("sosial", "Petugas Dinsos", Roles.OpdOfficer, Opd: "dinas-sosial")),
        (Asisten, "own", "as2", new NewAccount("as2", "Asisten II", Roles.Asisten, Office: "asisten-2")),
        (Asisten, "other", "as1", new NewAccount("as1", "Asisten I", Roles.Asisten, Office: "asisten-1")),
        (Sekda, "own", "sekda", new NewAccount("sekda", "Sekda", Roles.Sekda, Office: "sekda")),
        (Bupati, "own", "walikota", new NewAccount("walikota", "Wali Kota", Roles.Bupati, Office: "head")),
        (Analyst, "own", "analis", new NewAccount("analis", "Analis", Roles.Analyst)),
        (Admin, "own", "admin", new NewAccount("admin", "Admin", Roles.Admin)),
    ];

    [Fact]
    public async Task no_role_reaches_what_it_may_not_and_no_region_sees_another()
    {
        var endpoints = ApiEndpoints();
        endpoints.Except(Matrix.Keys).ShouldBeEmpty("endpoints without a row in the matrix: write down who may use them");
        Matrix.Keys.Except(endpoints).ShouldBeEmpty("rows for endpoints that no longer exist");

        var a = await app.NewRegionAsync();
        var b = await app.NewRegionAsync();
        var tokensA = await SignInAllAsync(a.Code);
        var tokensB = await SignInAllAsync(b.Code);
        await app.AddAccountAsync(a.Code, new NewAccount("target", "Akun sasaran", Roles.Analyst));
        await app.AddAccountAsync(b.Code, new NewAccount("target-b", "Akun sasaran B", Roles.Analyst));
        var resources = await ResourcesOfRegionAAsync(tokensA);

        var cells = 0;
        var leaks = new List<string>();
        foreach (var endpoint in endpoints.Order())
        {
            var (method, pattern) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
            var url = Fill(pattern, resources);
            foreach (var (role, scope, user, _) in People)
            {
                var expected = scope == "own" ? Matrix[endpoint].Own(role) : Matrix[endpoint].Other(role);
                var status = await SendAsync(method, url, tokensA[user]);
                cells++;
                if (!Meets(expected, status.Status)) leaks.Add($"{endpoint} as {role} ({scope} office): expected {expected}, got {status.Status}");
            }
            foreach (var (role, _, user, _) in People.Where(p => p.Scope == "own"))
            {
                var answer = await SendAsync(method, url, tokensB[user]);
                cells++;
                // A resource named by an id is region A's: 404. One named by a code ({office}, {opd}, {code}, {user}) is the
                // caller's own region's of that name, answered as such.
                var hasId = new[] { "{id}", "{issueId}", "{followUpId}", "{attachmentId}" }.Any(pattern.Contains);
                if (hasId && answer.Status != 404) leaks.Add($"{endpoint} as {role} of another region: expected 404, got {answer.Status}");
                if (answer.Status >= 500) leaks.Add($"{endpoint} as {role} of another region: {answer.Status}");
                // Naming what the caller itself sent (the id in the address) tells it nothing.
                if (resources.Markers.FirstOrDefault(m => answer.Body.Contains(m) && !url.Contains(m)) is { } marker)
                    leaks.Add($"{endpoint} as {role} of another region names region A's {marker}");
            }
        }

        var summary = $"authorization matrix {endpoints.Count} endpoints × {AllRoles.Length} roles × own office/other office/other region = {cells} cells, {leaks.Count} leaks";
        output.WriteLine(summary);
        SecuritySummary.Record("matrix", summary);
        leaks.ShouldBeEmpty();
    }

    private static bool Meets(Expect expected, int status) => expected switch
    {
        Expect.Pass => status is not (401 or 403 or 404) && status < 500,
        Expect.Deny => status == 403,
        _ => status == 404,
    };

    private List<string> ApiEndpoints() =>
        app.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.TrimStart('/').StartsWith("api/") && !raw.Contains("{**"))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Distinct()
            .ToList();

    private async Task<Dictionary<string, string>> SignInAllAsync(string region)
    {
        var tokens = new Dictionary<string, string>();
        foreach (var (_, _, user, account) in People)
            tokens[user] = await app.TokenAsync($"{region}/{user}", await app.AddAccountAsync(region, account));
        return tokens;
    }

    private sealed record Resources(Guid Issue, Guid FollowUp, Guid Meeting, Guid InboxItem, string Region, string IssueTitle, Guid Attachment,
        Guid Material, Guid Series)
    {
        public IEnumerable<string> Markers => [Issue.ToString(), FollowUp.ToString(), Meeting.ToString(), InboxItem.ToString(), Region, IssueTitle,
            Attachment.ToString(), Material.ToString(), Series.ToString()];
    }

    private async Task<Resources> ResourcesOfRegionAAsync(Dictionary<string, string> tokens)
    {
        var title = "Jembatan Batang Agam retak " + Guid.NewGuid().ToString("N")[..6];
        var logged = await Json("POST", "/api/issues", tokens["pupr"], 201, TestRegion.AValidIssue() with { Title = title });
        var issue = Guid.Parse(logged.GetProperty("id").GetString()!);
        await Json("POST", $"/api/issues/{issue}/escalate", tokens["pupr"], 200, new { justification = "Butuh koordinasi PDAM dan Perkim." });
        var followUp = await Json("POST", $"/api/issues/{issue}/follow-ups", tokens["as2"], 201,
            new { ownerOpd = "dinas-pupr", description = "Survei kerusakan bersama PDAM", dueDate = DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd") });
        var meeting = await Json("POST", "/api/meetings", tokens["as2"], 201,
            new { scheduledAt = DateTimeOffset.UtcNow.AddDays(2).ToString("O"), place = "Ruang Randang", invitedOpds = new[] { "dinas-pupr" } });
        var inbox = await Json("GET", "/api/inbox", tokens["as2"], 200, null);
        var item = inbox.ValueKind == System.Text.Json.JsonValueKind.Array ? inbox[0] : inbox.GetProperty("items")[0];
        var organisation = await Json("GET", "/api/org", tokens["pupr"], 200, null);
        using var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens["pupr"]);
        using var form = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()), "file", "surat.pdf" } };
        var attached = await client.PostAsync($"/api/issues/{issue}/attachments", form);
        attached.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        var attachment = System.Text.Json.JsonDocument.Parse(await attached.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens["as2"]);
        using var material = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()), "file", "undangan.pdf" } };
        var added = await client.PostAsync($"/api/meetings/{meeting.GetProperty("id").GetString()}/materials", material);
        added.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        var materialId = System.Text.Json.JsonDocument.Parse(await added.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        return new Resources(issue, Guid.Parse(followUp.GetProperty("id").GetString()!), Guid.Parse(meeting.GetProperty("id").GetString()!),
            Guid.Parse(item.GetProperty("id").GetString()!), organisation.GetProperty("code").GetString()!, title, attachment, materialId,
            Guid.Parse((await Json("POST", "/api/meeting-series", tokens["as2"], 201, new
            {
                office = "asisten-2", every = "month", dayOfMonth = 28, time = "09:00", place = "Ruang Randang", invitedOpds = new[] { "dinas-pupr" },
            })).GetProperty("id").GetString()!));
    }

    private static string Fill(string pattern, Resources r) => pattern
        .Replace("{id}", pattern.StartsWith("/api/meetings") ? r.Meeting.ToString() : pattern.StartsWith("/api/inbox") ? r.InboxItem.ToString()
            : pattern.StartsWith("/api/meeting-series") ? r.Series.ToString() : r.Issue.ToString())
        .Replace("{followUpId}", r.FollowUp.ToString())
        .Replace("{issueId}", r.Issue.ToString())
        .Replace("{attachmentId}", (pattern.StartsWith("/api/meetings") ? r.Material : r.Attachment).ToString())
        .Replace("{office}", "asisten-2")
        .Replace("{opd}", "dinas-pupr")
        .Replace("{code}", "dinas-pupr")
        .Replace("{user}", "target");

    private async Task<(int Status, string Body)> SendAsync(string method, string url, string token)
    {
        var result = await app.Host.Scenario(s =>
        {
            switch (method)
            {
                case "GET": s.Get.Url(url); break;
                case "PUT": s.Put.Json(new { }).ToUrl(url); break;
                case "DELETE": s.Delete.Url(url); break;
                default: s.Post.Json(new { }).ToUrl(url); break;
            }
            s.WithBearer(token);
            s.IgnoreStatusCode();
        });
        return (result.Context.Response.StatusCode, await result.ReadAsTextAsync());
    }

    private async Task<System.Text.Json.JsonElement> Json(string method, string url, string token, int status, object? body)
    {
        var result = await app.Host.Scenario(s =>
        {
            if (method == "GET") s.Get.Url(url); else s.Post.Json(body!).ToUrl(url);
            s.WithBearer(token);
            s.StatusCodeShouldBe(status);
        });
        return await result.ReadJson();
    }
}
