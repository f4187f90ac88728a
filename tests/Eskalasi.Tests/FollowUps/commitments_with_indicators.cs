using System.Text.Json;
using Eskalasi.Tests.Oversight;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.FollowUps;

/// <summary>
/// docs/domain.md "Commitments": a follow-up may state its success indicator; its owner OPD reports progress; the office
/// that assigned it may extend its due date with a reason, each extension an event that moves the due-date check;
/// follow-ups extended more than once show in the Sekda queue and the audit; the minutes list each commitment.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class commitments_with_indicators(AppFixture app) : InARegion(app)
{
    private async Task<JsonElement> Get(string account, string url) =>
        await (await Region.Host.Scenario(s => { s.Get.Url(url); s.WithBearer(Region.Token(account)); })).ReadJson();

    /// <summary>An issue at Asisten II with a follow-up for PDAM due <paramref name="dueInDays"/> days from today.</summary>
    private async Task<(Guid Issue, Guid FollowUp)> ACommitment(int dueInDays = 14)
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue("pdam"));
        await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi." });
        var created = await Region.Post("asisten-2", $"/api/issues/{issue.Id}/follow-ups", new
        {
            ownerOpd = "pdam", description = "Ganti pipa transmisi yang pecah.", dueDate = Region.DueDate(dueInDays),
            indicator = "Aliran air ke tiga kelurahan normal kembali, diukur dari meteran induk.",
        }, 201);
        return (issue.Id, (await created.ReadJson()).GetProperty("id").GetGuid());
    }

    private async Task<JsonElement> FollowUp(Guid issue, Guid followUp) =>
        (await Get("asisten-2", $"/api/issues/{issue}")).GetProperty("followUps").EnumerateArray().Single(f => f.GetProperty("id").GetGuid() == followUp);

    private async Task Refused(string account, string url, object body, int status, string? rule = null, string? field = null)
    {
        var before = await Region.EventCount();
        var answer = await (await Region.Post(account, url, body, status)).ReadJson();
        if (rule is not null) answer.GetProperty("rule").GetString().ShouldBe(rule);
        if (field is not null) answer.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue($"names {field}: {answer}");
        (await Region.EventCount()).ShouldBe(before, "a refusal writes nothing");
    }

    [Fact]
    public async Task the_owner_reports_progress_against_the_indicator_and_nobody_else_may()
    {
        var (issue, followUp) = await ACommitment();
        var url = $"/api/issues/{issue}/follow-ups/{followUp}/progress";
        var shown = await FollowUp(issue, followUp);
        shown.GetProperty("indicator").GetString()!.ShouldStartWith("Aliran air");
        shown.GetProperty("assignedBy").GetString().ShouldBe("asisten-2");

        await Region.Post("opd/pdam", url, new { percent = 40, note = "Pipa pengganti sudah tiba di lokasi." }, 200);
        await Region.Post("opd/pdam", url, new { percent = 75, note = "Penyambungan selesai, uji tekanan besok." }, 200);
        shown = await FollowUp(issue, followUp);
        shown.GetProperty("percent").GetInt32().ShouldBe(75);
        shown.GetProperty("progress").EnumerateArray().Select(p => p.GetProperty("percent").GetInt32()).ShouldBe([40, 75]);
        shown.GetProperty("status").GetString().ShouldBe("open", "progress is not completion: that stays the owner's move");

        await Refused("opd/dinas-pupr", url, new { percent = 90, note = "Bukan milik kami." }, 403, "not-owner");
        await Refused("asisten-2", url, new { percent = 90, note = "Asisten tidak melapor." }, 403, "not-owner");
        await Refused("opd/pdam", url, new { percent = 120, note = "Lebih dari selesai." }, 400, field: "percent");
        await Refused("opd/pdam", url, new { percent = 50 }, 400, field: "note");
        await Refused("opd/pdam", url, new { percent = 50, note = "Foto terlampir.", attachmentIds = new[] { Guid.NewGuid() } }, 400, field: "attachmentIds[0]");
        await Refused("opd/pdam", $"/api/issues/{issue}/follow-ups/{Guid.NewGuid()}/progress", new { percent = 50, note = "x" }, 404);

        await Region.Post("opd/pdam", $"/api/issues/{issue}/follow-ups/{followUp}/complete", new { outcome = "Aliran normal." }, 200);
        await Refused("opd/pdam", url, new { percent = 100, note = "Sesudah selesai." }, 409, "follow-up-closed");
    }

    [Fact]
    public async Task the_assigning_office_extends_it_and_the_sekda_and_the_audit_see_a_commitment_that_keeps_slipping()
    {
        var (issue, followUp) = await ACommitment(dueInDays: 14);
        var (steady, steadyFollowUp) = await ACommitment(dueInDays: 14);
        var url = $"/api/issues/{issue}/follow-ups/{followUp}/extend";

        await Refused("sekda", url, new { dueDate = Region.DueDate(21), reason = "Sekda memperpanjang." }, 403, "not-assigner");
        await Refused("opd/pdam", url, new { dueDate = Region.DueDate(21), reason = "OPD memperpanjang sendiri." }, 403, "not-assigner");
        await Refused("asisten-2", url, new { dueDate = Region.DueDate(7), reason = "Lebih awal." }, 422, "extend.later");
        await Refused("asisten-2", url, new { dueDate = "besok", reason = "x" }, 400, field: "dueDate");
        await Refused("asisten-2", url, new { dueDate = Region.DueDate(21) }, 400, field: "reason");

        await Region.Post("asisten-2", url, new { dueDate = Region.DueDate(21), reason = "Pipa pengganti terlambat dikirim pabrik." }, 200);
        await Region.Post("asisten-2", $"/api/issues/{steady}/follow-ups/{steadyFollowUp}/extend",
            new { dueDate = Region.DueDate(21), reason = "Sekali saja." }, 200);
        (await Get("sekda", "/api/sekda/queue")).GetProperty("followUpsExtendedRepeatedly").EnumerateArray()
            .ShouldNotContain(f => f.GetProperty("followUpId").GetGuid() == followUp, "once is not yet a pattern");

        await Region.Post("asisten-2", url, new { dueDate = Region.DueDate(35), reason = "Anggaran perubahan belum disahkan." }, 200);
        var shown = await FollowUp(issue, followUp);
        shown.GetProperty("dueDate").GetString().ShouldBe(Region.DueDate(35));
        shown.GetProperty("extensions").EnumerateArray().Select(x => x.GetProperty("to").GetString()).ShouldBe([Region.DueDate(21), Region.DueDate(35)]);

        var queued = (await Get("sekda", "/api/sekda/queue")).GetProperty("followUpsExtendedRepeatedly").EnumerateArray()
            .Where(f => f.GetProperty("issueId").GetGuid() == issue || f.GetProperty("issueId").GetGuid() == steady).ToList();
        queued.Select(f => f.GetProperty("followUpId").GetGuid()).ShouldBe([followUp]);
        queued[0].GetProperty("extensions").GetArrayLength().ShouldBe(2);
        queued[0].GetProperty("indicator").GetString()!.ShouldStartWith("Aliran air");

        // Completed, it leaves the Sekda's queue (nothing left to chase) but stays in the audit.
        await Region.Post("opd/pdam", $"/api/issues/{issue}/follow-ups/{followUp}/complete", new { outcome = "Aliran normal." }, 200);
        (await Get("sekda", "/api/sekda/queue")).GetProperty("followUpsExtendedRepeatedly").EnumerateArray()
            .ShouldNotContain(f => f.GetProperty("followUpId").GetGuid() == followUp);
        (await Get("sekda", "/api/audit/follow-up-extensions")).GetProperty("items").EnumerateArray()
            .Single(f => f.GetProperty("followUpId").GetGuid() == followUp).GetProperty("status").GetString().ShouldBe("completed");
        (await Get("asisten-1", "/api/audit/follow-up-extensions")).GetProperty("items").EnumerateArray()
            .ShouldNotContain(f => f.GetProperty("followUpId").GetGuid() == followUp, "an Asisten reads what its own office assigned");
    }

    [Fact]
    public async Task the_due_date_check_moves_with_an_extension()
    {
        // Due three days ago: overdue at once. Extended to two days ago: overdue again, for the new date.
        var (issue, followUp) = await ACommitment(dueInDays: -3);
        async Task<List<string>> OverdueFor() => (await Get("asisten-2", $"/api/issues/{issue}/history")).EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == nameof(Eskalasi.Issues.FollowUpBecameOverdue))
            .Select(e => e.GetProperty("data").GetProperty("dueDate").GetString()!).ToList();
        (await Wait.Until(async () => (await OverdueFor()).Count == 1, TimeSpan.FromSeconds(15))).ShouldBeTrue();

        var url = $"/api/issues/{issue}/follow-ups/{followUp}/extend";
        await Region.Post("asisten-2", url, new { dueDate = Region.DueDate(-2), reason = "Salah hitung hari." }, 200);
        (await Wait.Until(async () => (await OverdueFor()).Count == 2, TimeSpan.FromSeconds(15))).ShouldBeTrue();
        (await OverdueFor()).ShouldBe([Region.DueDate(-3), Region.DueDate(-2)]);

        // Extended into the future: no longer overdue, and nothing marks it so before the new date.
        await Region.Post("asisten-2", url, new { dueDate = Region.DueDate(30), reason = "Menunggu anggaran perubahan." }, 200);
        (await FollowUp(issue, followUp)).GetProperty("overdue").GetBoolean().ShouldBeFalse();
        await Task.Delay(2000);
        (await OverdueFor()).Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_rakor_agrees_commitments_with_indicators_and_its_minutes_list_them()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue("pdam"));
        await Region.Move("opd/dinas-pupr", issue.Id, "escalate", new { justification = "Butuh koordinasi." });
        var meeting = await Region.HoldMeeting("asisten-2", issue.Id, new
        {
            outcome = "follow-up", agreement = "PDAM mengganti pipa, PUPR memperbaiki badan jalan.",
            followUps = new object[]
            {
                new { ownerOpd = "pdam", description = "Ganti pipa.", dueDate = Region.DueDate(14), indicator = "Tekanan air normal di tiga kelurahan." },
                new { ownerOpd = "dinas-pupr", description = "Perbaiki badan jalan.", dueDate = Region.DueDate(21) },
            },
        }, "dinas-pupr", "pdam");

        var minutes = await Get("asisten-2", $"/api/meetings/{meeting.Id}/minutes");
        var agreed = minutes.GetProperty("items")[0].GetProperty("followUps").EnumerateArray().ToList();
        agreed.Select(f => (f.GetProperty("ownerOpd").GetString(), f.GetProperty("dueDate").GetString())).ShouldBe(
            [("pdam", Region.DueDate(14)), ("dinas-pupr", Region.DueDate(21))]);
        agreed[0].GetProperty("indicator").GetString().ShouldBe("Tekanan air normal di tiga kelurahan.");
        agreed[1].TryGetProperty("indicator", out _).ShouldBeFalse();
        var html = await (await Region.Host.Scenario(s =>
        {
            s.Get.Url($"/api/meetings/{meeting.Id}/minutes");
            s.WithBearer(Region.Token("asisten-2"));
            s.WithRequestHeader("Accept", "text/html");
        })).ReadAsTextAsync();
        html.ShouldContain("Indikator keberhasilan: Tekanan air normal di tiga kelurahan.");
        (await Get("asisten-2", $"/api/issues/{issue.Id}")).GetProperty("followUps").EnumerateArray()
            .ShouldAllBe(f => f.GetProperty("meetingId").GetGuid() == meeting.Id);
    }
}
