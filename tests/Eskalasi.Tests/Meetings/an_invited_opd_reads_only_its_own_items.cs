using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Meetings;

/// <summary>
/// An OPD invited to a rakor reads the agenda items of the issues it may see, and only a count of the others: the
/// meeting, the list of meetings and the minutes (JSON and the printable page) alike.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class an_invited_opd_reads_only_its_own_items(AppFixture app) : InARegion(app)
{
    [Fact]
    public async Task the_others_are_a_count_not_their_numbers_titles_or_agreements()
    {
        var pdamsOwn = await Region.LogIssueAs("opd/dinas-pupr", TestRegion.AValidIssue("pdam"));
        await Region.Move("opd/dinas-pupr", pdamsOwn.Id, "escalate", new { justification = "Butuh koordinasi dengan PDAM." });
        var notPdams = await Region.LogIssueAs("opd/dinas-perhubungan", TestRegion.AValidIssue("dinas-perkim") with
        {
            Title = "Lampu lalu lintas simpang Ampangan mati",
        });
        await Region.Move("opd/dinas-perhubungan", notPdams.Id, "escalate", new { justification = "Butuh anggaran perbaikan." });

        var meeting = await Region.ScheduleMeeting("asisten-2", "pdam", "dinas-perhubungan");
        meeting.Agenda.Count.ShouldBe(2);
        await Region.MeetingAction("asisten-2", meeting.Id, "start");
        await Region.MeetingAction("asisten-2", meeting.Id, $"items/{notPdams.Id}/outcome",
            new { outcome = "resolved", agreement = "Dishub mengganti kontroler lampu minggu ini." });
        await Region.MeetingAction("asisten-2", meeting.Id, "conclude");

        async Task<string> Read(string account, string url, string? accept = null) => await (await Region.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithBearer(Region.Token(account));
            if (accept is not null) s.WithRequestHeader("Accept", accept);
        })).ReadAsTextAsync();

        var forPdam = new[]
        {
            await Read("opd/pdam", $"/api/meetings/{meeting.Id}"),
            await Read("opd/pdam", "/api/meetings"),
            await Read("opd/pdam", $"/api/meetings/{meeting.Id}/minutes"),
            await Read("opd/pdam", $"/api/meetings/{meeting.Id}/minutes", "text/html"),
        };
        foreach (var body in forPdam)
        {
            body.ShouldContain(pdamsOwn.Number);
            body.ShouldNotContain(notPdams.Number);
            body.ShouldNotContain("Lampu lalu lintas");
            body.ShouldNotContain("kontroler lampu");
        }
        forPdam[0].ShouldContain("\"otherItems\":1");
        forPdam[2].ShouldContain("1 masalah lain dibahas");
        forPdam[3].ShouldContain("1 masalah lain dibahas");

        // Those who may see both read both; the other invited OPD reads its own.
        var forAsisten = await Read("asisten-2", $"/api/meetings/{meeting.Id}/minutes");
        forAsisten.ShouldContain(notPdams.Number);
        forAsisten.ShouldContain(pdamsOwn.Number);
        var forDishub = await Read("opd/dinas-perhubungan", $"/api/meetings/{meeting.Id}");
        forDishub.ShouldContain(notPdams.Number);
        forDishub.ShouldNotContain(pdamsOwn.Number);
    }
}
