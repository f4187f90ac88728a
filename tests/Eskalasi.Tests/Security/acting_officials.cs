using System.Text.Json;
using Alba;
using Eskalasi.Identity;
using Eskalasi.Identity.Directory;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Security;

/// <summary>
/// docs/domain.md "Acting officials": the admin lets an account act for an office for a period (Plt/Plh/Pj); while it
/// holds, that person makes the office's moves and every event records both the person and the office acted for.
/// </summary>
[Collection(NonDemoAppCollection.Name)]
public sealed class acting_officials(NonDemoAppFixture app) : IAsyncLifetime
{
    private TestRegion region = null!;
    private string adminToken = "", rina = "", officer = "";

    public async Task InitializeAsync()
    {
        region = await app.NewRegionAsync();
        adminToken = await app.TokenAsync($"{region.Code}/admin", await app.AddAccountAsync(region.Code, new NewAccount("admin", "Admin Daerah", Roles.Admin)));
        rina = await app.TokenAsync($"{region.Code}/rina",
            await app.AddAccountAsync(region.Code, new NewAccount("rina", "Rina Handayani", Roles.Asisten, Office: "asisten-1")));
        officer = await app.TokenAsync($"{region.Code}/budi",
            await app.AddAccountAsync(region.Code, new NewAccount("budi", "Budi Santoso", Roles.OpdOfficer, Opd: "dinas-pupr")));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<IScenarioResult> Send(string token, string method, string url, object? body, int status) => await app.Host.Scenario(s =>
    {
        if (method == "GET") s.Get.Url(url);
        else if (body is null) s.Post.Url(url);
        else s.Post.Json(body).ToUrl(url);
        s.WithBearer(token);
        s.StatusCodeShouldBe(status);
    });

    private Task<IScenarioResult> Grant(object body, int status) => Send(adminToken, "POST", "/api/accounts/rina/acting", body, status);

    [Fact]
    public async Task an_acting_asisten_makes_the_offices_moves_and_the_record_keeps_both_person_and_office()
    {
        var issue = (await (await Send(officer, "POST", "/api/issues", TestRegion.AValidIssue(), 201)).ReadJson()).GetProperty("id").GetGuid();
        await Send(officer, "POST", $"/api/issues/{issue}/escalate", new { justification = "Butuh koordinasi PDAM dan Perkim." }, 200);
        // Asisten II's issue: not Rina's (Asisten I) to send back.
        await Send(rina, "POST", $"/api/issues/{issue}/return", new { instruction = "Lengkapi data lapangan." }, 403);

        var granted = await (await Grant(new { office = "asisten-2", from = region.DueDate(0), to = region.DueDate(7) }, 201)).ReadJson();
        granted.GetProperty("acting")[0].GetProperty("office").GetString().ShouldBe("asisten-2");

        // The same token, the next request: she is Asisten II's Plt.
        await Send(rina, "POST", $"/api/issues/{issue}/return", new { instruction = "Lengkapi data lapangan." }, 200);
        var history = await (await Send(rina, "GET", $"/api/issues/{issue}/history", null, 200)).ReadJson();
        var actor = history.EnumerateArray().Last().GetProperty("actor");
        (actor.GetProperty("user").GetString(), actor.GetProperty("office").GetString(), actor.GetProperty("actingFor").GetString())
            .ShouldBe(($"{region.Code}/rina", "asisten-2", "asisten-2"));
        await Send(rina, "GET", "/api/backlogs/asisten/asisten-2", null, 200);
        await Send(rina, "GET", "/api/backlogs/asisten/asisten-1", null, 403); // one office at a time: for the period she is Asisten II's

        var changes = await (await Send(adminToken, "GET", "/api/accounts/changes", null, 200)).ReadJson();
        changes.EnumerateArray().ShouldContain(c => c.GetProperty("change").GetString() == "acting"
            && c.GetProperty("user").GetString() == $"{region.Code}/rina" && c.GetProperty("office").GetString() == "asisten-2");
    }

    [Fact]
    public async Task a_grant_that_has_not_begun_changes_nothing_yet()
    {
        await Grant(new { office = "sekda", from = region.DueDate(3), to = region.DueDate(10) }, 201);
        await Send(rina, "GET", "/api/backlogs/asisten/asisten-1", null, 200);
        await Send(rina, "GET", "/api/sekda/queue", null, 403);
    }

    [Fact]
    public async Task refusals_name_the_field_or_rule_and_write_nothing()
    {
        var before = await region.EventCount();
        (await (await Grant(new { office = "asisten-9", from = region.DueDate(0), to = region.DueDate(7) }, 400)).ReadJson())
            .GetProperty("errors").TryGetProperty("office", out _).ShouldBeTrue();
        (await (await Grant(new { office = "asisten-2", from = region.DueDate(7), to = region.DueDate(0) }, 400)).ReadJson())
            .GetProperty("errors").TryGetProperty("to", out _).ShouldBeTrue();
        (await (await Grant(new { office = "asisten-2", from = "kemarin", to = region.DueDate(3) }, 400)).ReadJson())
            .GetProperty("errors").TryGetProperty("from", out _).ShouldBeTrue();
        await Send(rina, "POST", "/api/accounts/rina/acting", new { office = "asisten-2", from = region.DueDate(0), to = region.DueDate(7) }, 403);
        await Send(adminToken, "POST", "/api/accounts/nobody/acting", new { office = "asisten-2", from = region.DueDate(0), to = region.DueDate(7) }, 404);
        (await region.EventCount()).ShouldBe(before);

        await Grant(new { office = "asisten-2", from = region.DueDate(20), to = region.DueDate(30) }, 201);
        var after = await region.EventCount();
        (await (await Grant(new { office = "asisten-3", from = region.DueDate(25), to = region.DueDate(40) }, 409)).ReadJson())
            .GetProperty("rule").GetString().ShouldBe("acting-overlap");
        (await region.EventCount()).ShouldBe(after);
    }
}
