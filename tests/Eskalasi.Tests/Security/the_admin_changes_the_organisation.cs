using Alba;
using Eskalasi.Identity;
using Eskalasi.Identity.Directory;
using Eskalasi.Organisation;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Security;

/// <summary>docs/domain.md "can be changed later": the region's admin adds and renames OPDs and sets dwell targets.</summary>
[Collection(NonDemoAppCollection.Name)]
public sealed class the_admin_changes_the_organisation(NonDemoAppFixture app) : IAsyncLifetime
{
    private TestRegion region = null!;
    private string admin = "";
    private string officer = "";

    public async Task InitializeAsync()
    {
        region = await app.NewRegionAsync();
        admin = await app.TokenAsync($"{region.Code}/admin", await app.AddAccountAsync(region.Code, new NewAccount("admin", "Admin", Roles.Admin)));
        officer = await app.TokenAsync($"{region.Code}/pupr",
            await app.AddAccountAsync(region.Code, new NewAccount("pupr", "Petugas PUPR", Roles.OpdOfficer, Opd: "dinas-pupr")));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<IScenarioResult> Send(string token, string method, string url, object body, int status) => app.Host.Scenario(s =>
    {
        if (method == "PUT") s.Put.Json(body).ToUrl(url); else s.Post.Json(body).ToUrl(url);
        s.WithBearer(token);
        s.StatusCodeShouldBe(status);
    });

    private async Task<System.Text.Json.JsonElement> Organisation() =>
        await (await app.Host.Scenario(s => { s.Get.Url("/api/org"); s.WithBearer(officer); })).ReadJson();

    [Fact]
    public async Task a_new_opd_can_be_named_in_a_log_at_once_and_a_rename_keeps_its_code()
    {
        await Send(admin, "POST", "/api/org/opds", new { code = "dinas-kominfo", name = "Dinas Komunikasi dan Informatika", kind = "dinas", coordinator = "asisten-3" }, 201);
        var opd = (await Organisation()).GetProperty("opds").EnumerateArray().Single(o => o.GetProperty("code").GetString() == "dinas-kominfo");
        opd.GetProperty("coordinator").GetString().ShouldBe("asisten-3");

        var logged = await app.Host.Scenario(s =>
        {
            s.Post.Json(TestRegion.AValidIssue("dinas-kominfo")).ToUrl("/api/issues");
            s.WithBearer(officer);
            s.StatusCodeShouldBe(201);
        });
        var issueId = (await logged.ReadJson()).GetProperty("id").GetString();

        await Send(admin, "PUT", "/api/org/opds/dinas-kominfo", new { name = "Dinas Kominfo dan Persandian", coordinator = "asisten-1" }, 200);
        var renamed = (await Organisation()).GetProperty("opds").EnumerateArray().Single(o => o.GetProperty("code").GetString() == "dinas-kominfo");
        renamed.GetProperty("name").GetString().ShouldBe("Dinas Kominfo dan Persandian");
        renamed.GetProperty("coordinator").GetString().ShouldBe("asisten-1");

        var changes = await (await app.Host.Scenario(s => { s.Get.Url("/api/org/changes"); s.WithBearer(admin); })).ReadJson();
        changes.EnumerateArray().Select(c => c.GetProperty("change").GetString()).ShouldBe(["opd-changed", "opd-added"]);
        changes[0].GetProperty("by").GetString().ShouldBe($"{region.Code}/admin");

        // History keeps the code it was written with.
        var issue = await (await app.Host.Scenario(s => { s.Get.Url($"/api/issues/{issueId}"); s.WithBearer(officer); })).ReadJson();
        issue.GetProperty("relatedOpds").EnumerateArray().Select(o => o.GetString()).ShouldContain("dinas-kominfo");
    }

    [Fact]
    public async Task dwell_targets_change_for_the_region()
    {
        await Send(admin, "PUT", "/api/org/dwell-targets", new { opd = 5, asisten = 10, sekda = 6, bupati = 4, darurat = 0.5 }, 200);
        var targets = (await Organisation()).GetProperty("dwellTargets");
        targets.GetProperty("asisten").GetDouble().ShouldBe(10);
        targets.GetProperty("darurat").GetDouble().ShouldBe(0.5);
    }

    [Fact]
    public async Task refusals_name_the_field_or_rule_and_change_nothing()
    {
        var before = await region.EventCount();
        var organisationBefore = (await Organisation()).GetRawText();

        await Send(officer, "POST", "/api/org/opds", new { code = "x-opd", name = "X", kind = "dinas", coordinator = "asisten-1" }, 403);
        (await (await Send(admin, "POST", "/api/org/opds", new { code = "dinas-pupr", name = "Lagi", kind = "dinas", coordinator = "asisten-1" }, 409))
            .ReadJson()).Rule().ShouldBe("opd-exists");
        var invalid = await (await Send(admin, "POST", "/api/org/opds", new { code = "Bad Code", name = "", kind = "pabrik", coordinator = "sekda" }, 400)).ReadJson();
        foreach (var field in new[] { "code", "name", "kind", "coordinator" })
            invalid.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(field);
        await Send(admin, "PUT", "/api/org/opds/tidak-ada", new { name = "X" }, 404);
        await Send(admin, "PUT", "/api/org/dwell-targets", new { opd = 0, asisten = 10, sekda = 6, bupati = 4 }, 400);

        (await region.EventCount()).ShouldBe(before);
        (await Organisation()).GetRawText().ShouldBe(organisationBefore);
    }
}
