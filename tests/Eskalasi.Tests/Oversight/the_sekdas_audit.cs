using System.Text.Json;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Oversight;

[Collection(AppCollection.Name)]
public class the_sekdas_audit(AppFixture app) : InARegion(app)
{
    private async Task<JsonElement> Get(string account, string url, int status = 200)
    {
        var result = await Region.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithBearer(Region.Token(account));
            s.StatusCodeShouldBe(status);
        });
        return await result.ReadJson();
    }

    /// <summary>The escalation story up to the head, plus an emergency raise of a darurat issue.</summary>
    private async Task<(Guid Escalated, Guid Emergency)> TheChainStories()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr");
        await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi lintas OPD." });
        await Region.HoldMeeting("asisten-2", issue.Id, new { outcome = "escalate" });
        await Region.Move("asisten-2", issue.Id, "escalate", new { reasonCode = "anggaran-apbd", justification = TestRegion.LongJustification });
        await Region.Move("sekda", issue.Id, "escalate", new { reasonCode = "anggaran-apbd", justification = TestRegion.LongJustification });

        var flood = await Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue() with { Urgency = "darurat", Category = "kebencanaan" });
        await Region.Move("opd/dinas-pupr", flood.Id, "emergency-escalate", new { justification = "Banjir bandang memutus jalan." });
        return (issue.Id, flood.Id);
    }

    [Fact]
    public async Task the_audit_lists_every_move_with_its_reason_meetings_and_emergency_flag()
    {
        var (escalated, emergency) = await TheChainStories();
        var items = (await Get("sekda", "/api/audit/escalations")).GetProperty("items").EnumerateArray().ToList();

        // Newest first.
        items.Select(i => (i.GetProperty("move").GetString(), i.GetProperty("fromHolder").GetString(), i.GetProperty("toHolder").GetString()))
            .ShouldBe([("emergency-escalate", "dinas-pupr", "sekda"), ("escalate", "sekda", "head"), ("escalate", "asisten-2", "sekda"),
                       ("escalate", "dinas-pupr", "asisten-2")]);
        var toSekda = items[2];
        toSekda.GetProperty("issueId").GetGuid().ShouldBe(escalated);
        toSekda.GetProperty("reasonCode").GetString().ShouldBe("anggaran-apbd");
        toSekda.GetProperty("meetingsBefore").GetInt32().ShouldBe(1);
        toSekda.GetProperty("emergency").GetBoolean().ShouldBeFalse();
        toSekda.GetProperty("actor").GetProperty("user").GetString().ShouldBe($"{Region.Code}/asisten-2");
        items[0].GetProperty("issueId").GetGuid().ShouldBe(emergency);
        items[0].GetProperty("emergency").GetBoolean().ShouldBeTrue();
        items[0].GetProperty("number").GetString()!.ShouldStartWith("PYK-");
    }

    [Fact]
    public async Task the_audit_is_paged_and_filtered_and_drops_nothing_unseen()
    {
        await TheChainStories();
        var all = (await Get("sekda", "/api/audit/escalations")).GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("issueId").GetGuid(), i.GetProperty("at").GetDateTimeOffset())).ToList();
        all.Count.ShouldBe(4);

        var first = await Get("sekda", "/api/audit/escalations?pageSize=3");
        (first.GetProperty("total").GetInt64(), first.GetProperty("page").GetInt32(), first.GetProperty("items").GetArrayLength()).ShouldBe((4L, 1, 3));
        var second = await Get("sekda", "/api/audit/escalations?pageSize=3&page=2");
        second.GetProperty("items").GetArrayLength().ShouldBe(1);
        second.GetProperty("items")[0].GetProperty("at").GetDateTimeOffset().ShouldBe(all[3].Item2);

        // office: rows from or to that office; from/to: a time window (from inclusive, to exclusive).
        var ofSekdaLevel = await Get("sekda", "/api/audit/escalations?office=head");
        ofSekdaLevel.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("toHolder").GetString()).ShouldBe(["head"]);
        var since = Uri.EscapeDataString(all[1].Item2.ToString("O"));
        var window = await Get("sekda", $"/api/audit/escalations?from={since}");
        window.GetProperty("total").GetInt64().ShouldBe(2);
        var before = await Get("sekda", $"/api/audit/escalations?to={since}");
        before.GetProperty("total").GetInt64().ShouldBe(2);
        await Get("sekda", "/api/audit/escalations?pageSize=0", 400);
    }

    [Fact]
    public async Task an_asisten_reads_only_the_rows_of_its_office_and_an_opd_officer_none()
    {
        await TheChainStories();
        var rows = (await Get("asisten-2", "/api/audit/escalations")).GetProperty("items").EnumerateArray().ToList();
        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(r => r.GetProperty("fromHolder").GetString() == "asisten-2" || r.GetProperty("toHolder").GetString() == "asisten-2");
        (await Get("asisten-1", "/api/audit/escalations")).GetProperty("items").GetArrayLength().ShouldBe(0);
        await Get("opd/dinas-pupr", "/api/audit/escalations", 403);
        await Get("sekda", "/api/audit/escalations?from=kemarin", 400);
    }

    [Fact]
    public async Task the_rates_list_every_asisten_office_with_zeros()
    {
        await TheChainStories();
        var settled = await Region.LogIssueAs("opd/pdam", TestRegion.AValidIssue("dinas-pupr"));
        await Region.Move("opd/pdam", settled.Id, "escalate", new { justification = "Butuh koordinasi." });
        await Region.Move("asisten-2", settled.Id, "resolve", new { resolution = "Selesai di rakor." });
        // One more escalated by Asisten II and sent back to it by the Sekda.
        var bounced = await Region.LogIssueAs("opd/dinas-pupr");
        await Region.Move("opd/dinas-pupr", bounced.Id, "escalate", new { justification = "Butuh koordinasi." });
        await Region.HoldMeeting("asisten-2", bounced.Id, new { outcome = "escalate" });
        await Region.Move("asisten-2", bounced.Id, "escalate", new { reasonCode = "regulasi", justification = TestRegion.LongJustification });
        await Region.Move("sekda", bounced.Id, "return", new { instruction = "Selesaikan dulu di rakor Asisten II dengan Dishub." });

        var month = TimeZoneInfo.ConvertTime(App.Clock.GetUtcNow(), Region.Organisation.FindZone()).ToString("yyyy-MM");
        var rates = (await Get("sekda", "/api/audit/escalation-rates")).GetProperty("items").EnumerateArray()
            .Where(r => r.GetProperty("month").GetString() == month).ToList();
        rates.Select(r => r.GetProperty("office").GetString()).ShouldBe(["asisten-1", "asisten-2", "asisten-3"]);
        var a2 = rates[1];
        (a2.GetProperty("received").GetInt32(), a2.GetProperty("resolvedHere").GetInt32(), a2.GetProperty("escalated").GetInt32(),
            a2.GetProperty("returnedTo").GetInt32()).ShouldBe((3, 1, 2, 1));
        rates[0].GetProperty("received").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task the_sekda_queue_holds_sekda_and_head_issues_oldest_first_with_the_escalation_that_brought_them()
    {
        var (escalated, emergency) = await TheChainStories();
        var items = (await Get("sekda", "/api/sekda/queue")).GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("issueId").GetGuid()).ShouldBe([escalated, emergency]);
        items[0].GetProperty("level").GetString().ShouldBe("bupati");
        items[0].GetProperty("reasonCode").GetString().ShouldBe("anggaran-apbd");
        items[1].GetProperty("emergencySkip").GetBoolean().ShouldBeTrue();
        await Get("asisten-2", "/api/sekda/queue", 403);
    }
}
