using System.Text.Json;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Backlogs;

/// <summary>
/// docs/domain.md "Early sight": an Asisten watches every open issue at Opd level in the OPDs it coordinates from the
/// moment it is logged, and a new tinggi or darurat one there reaches its inbox; watching is not holding.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class early_sight_for_the_asisten(AppFixture app) : InARegion(app)
{
    private async Task<JsonElement> Get(string account, string url) =>
        await (await Region.Host.Scenario(s => { s.Get.Url(url); s.WithBearer(Region.Token(account)); })).ReadJson();

    private static List<Guid> Ids(JsonElement list) => list.EnumerateArray().Select(i => i.GetProperty("issueId").GetGuid()).ToList();

    [Fact]
    public async Task the_coordinating_asisten_watches_new_opd_issues_at_once_and_is_told_of_urgent_ones()
    {
        // PDAM and Dinas PUPR are coordinated by Asisten II.
        var ordinary = await Region.LogIssueAs("opd/pdam", TestRegion.AValidIssue("dinas-pupr") with { Urgency = "biasa" });
        var urgent = await Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue("pdam") with { Urgency = "darurat" });

        var backlog = await Get("asisten-2", "/api/backlogs/asisten/asisten-2");
        var watching = backlog.GetProperty("watching");
        Ids(watching).ShouldBe([urgent.Id, ordinary.Id], "both at once, the most urgent first, though neither is overdue");
        var first = watching[0];
        first.GetProperty("holder").GetString().ShouldBe("dinas-pupr");
        first.GetProperty("urgency").GetString().ShouldBe("darurat");
        first.GetProperty("overdue").GetBoolean().ShouldBeFalse();
        first.GetProperty("ageDays").GetInt32().ShouldBe(0);
        Ids(backlog.GetProperty("items")).ShouldNotContain(urgent.Id, "watched, not held");
        Ids((await Get("asisten-1", "/api/backlogs/asisten/asisten-1")).GetProperty("watching")).ShouldBeEmpty();
        (await Get("opd/dinas-pupr", $"/api/issues/{urgent.Id}")).GetProperty("holder").GetString().ShouldBe("dinas-pupr");

        // Only the darurat one reached the inbox; nobody else's.
        var inbox = (await Get("asisten-2", "/api/inbox?pageSize=100")).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("kind").GetString() == "urgent-logged").ToList();
        inbox.Select(i => i.GetProperty("issueId").GetGuid()).ShouldBe([urgent.Id]);
        inbox[0].GetProperty("text").GetString()!.ShouldContain("darurat");
        (await Get("asisten-1", "/api/inbox?pageSize=100")).GetProperty("items").EnumerateArray()
            .ShouldNotContain(i => i.GetProperty("kind").GetString() == "urgent-logged");

        // Once escalated it is the Asisten's to hold: no longer watched, in the queue.
        await Region.Move("opd/dinas-pupr", urgent.Id, "escalate", new { justification = "Butuh koordinasi." });
        backlog = await Get("asisten-2", "/api/backlogs/asisten/asisten-2");
        Ids(backlog.GetProperty("watching")).ShouldBe([ordinary.Id]);
        Ids(backlog.GetProperty("items")).ShouldContain(urgent.Id);
    }
}
