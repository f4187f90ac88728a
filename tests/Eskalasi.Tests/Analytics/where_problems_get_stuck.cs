using System.Text.Json;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Analytics;

/// <summary>A small history with known answers, worked out by hand below, against the replay over HTTP.</summary>
[Collection(AppCollection.Name)]
public class where_problems_get_stuck(AppFixture app) : InARegion(app)
{
    private async Task<JsonElement> Get(string url, string account = "analyst", string? accept = null)
    {
        var result = await Region.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.WithBearer(Region.Token(account));
            if (accept is not null) s.WithRequestHeader("Accept", accept);
        });
        return accept == "text/csv" ? JsonDocument.Parse(JsonSerializer.Serialize(await result.ReadAsTextAsync())).RootElement : await result.ReadJson();
    }

    private static string Q(DateTimeOffset at) => Uri.EscapeDataString(at.ToUniversalTime().ToString("O"));

    [Fact]
    public async Task the_replay_reports_time_at_each_level_what_was_settled_and_what_is_stuck_and_never_changes_for_a_past_until()
    {
        // t0: A logged by PUPR. t0+2d: A raised to Asisten II, B logged by PDAM. t0+6d: A resolved by Asisten II.
        var a = await Region.LogIssueAs("opd/dinas-pupr");
        App.Clock.Advance(TimeSpan.FromDays(2));
        await Region.Move("opd/dinas-pupr", a.Id, "escalate", new { justification = "Butuh koordinasi." });
        var b = await Region.LogIssueAs("opd/pdam", TestRegion.AValidIssue("dinas-pupr") with { Category = "lingkungan" });
        App.Clock.Advance(TimeSpan.FromDays(4));
        await Region.Move("asisten-2", a.Id, "resolve", new { resolution = "Selesai di rakor." });
        var until = App.Clock.GetUtcNow();

        // Opd stays: A 2 days (moved on), B 4 days (still there). Asisten stay: A 4 days, settled there.
        var byLevel = await Get($"/api/analytics/stuck?until={Q(until)}&groupBy=level");
        var groups = byLevel.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
        groups.Keys.ShouldBe(["asisten", "opd"], ignoreOrder: true);
        (groups["opd"].GetProperty("count").GetInt32(), groups["opd"].GetProperty("medianDays").GetDouble(),
            groups["opd"].GetProperty("p90Days").GetDouble(), groups["opd"].GetProperty("settledHere").GetInt32()).ShouldBe((2, 2.0, 4.0, 0));
        (groups["asisten"].GetProperty("count").GetInt32(), groups["asisten"].GetProperty("medianDays").GetDouble(),
            groups["asisten"].GetProperty("settledHere").GetInt32()).ShouldBe((1, 4.0, 1));
        var stuck = byLevel.GetProperty("stuckLongest").EnumerateArray().Single();
        stuck.GetProperty("issueId").GetGuid().ShouldBe(b.Id);
        stuck.GetProperty("daysAtLevel").GetDouble().ShouldBe(4.0);

        var byCategory = await Get($"/api/analytics/stuck?until={Q(until)}&groupBy=category");
        byCategory.GetProperty("groups").EnumerateArray().Select(g => (g.GetProperty("key").GetString(), g.GetProperty("count").GetInt32()))
            .ShouldBe([("infrastruktur", 1), ("lingkungan", 1)]);
        (await Get($"/api/analytics/stuck?until={Q(until)}&groupBy=asisten")).GetProperty("groups").EnumerateArray()
            .Single().GetProperty("key").GetString().ShouldBe("asisten-2");

        // Each group also splits its issues' time by level: A waited 2 days at Opd, then 4 at Asisten II (settled
        // there); B has waited 4 days at Opd (PDAM).
        static List<(string?, int, double, int)> Levels(JsonElement group) => group.GetProperty("levels").EnumerateArray()
            .Select(l => (l.GetProperty("level").GetString(), l.GetProperty("count").GetInt32(), l.GetProperty("medianDays").GetDouble(),
                l.GetProperty("settledHere").GetInt32())).ToList();
        Dictionary<string, JsonElement> Groups(JsonElement report) =>
            report.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
        var categories = Groups(byCategory);
        Levels(categories["infrastruktur"]).ShouldBe([("opd", 1, 2.0, 0), ("asisten", 1, 4.0, 1)]);
        Levels(categories["lingkungan"]).ShouldBe([("opd", 1, 4.0, 0)]);
        var asisten = Groups(await Get($"/api/analytics/stuck?until={Q(until)}&groupBy=asisten"))["asisten-2"];
        (asisten.GetProperty("count").GetInt32(), asisten.GetProperty("medianDays").GetDouble()).ShouldBe((1, 4.0));
        Levels(asisten).ShouldBe([("opd", 1, 2.0, 0), ("asisten", 1, 4.0, 1)]);
        var opds = Groups(await Get($"/api/analytics/stuck?until={Q(until)}&groupBy=opd"));
        (opds["dinas-pupr"].GetProperty("medianDays").GetDouble(), opds["pdam"].GetProperty("medianDays").GetDouble()).ShouldBe((2.0, 4.0));
        Levels(opds["dinas-pupr"]).ShouldBe([("opd", 1, 2.0, 0), ("asisten", 1, 4.0, 1)]);
        Levels(opds["pdam"]).ShouldBe([("opd", 1, 4.0, 0)]);

        // Later events change nothing for this until; they do for a later one.
        var before = byLevel.ToString();
        App.Clock.Advance(TimeSpan.FromDays(1));
        await Region.Move("opd/pdam", b.Id, "resolve", new { resolution = "Diselesaikan PDAM." });
        (await Get($"/api/analytics/stuck?until={Q(until)}&groupBy=level")).ToString().ShouldBe(before);
        (await Get("/api/analytics/stuck?groupBy=level")).GetProperty("stuckLongest").GetArrayLength().ShouldBe(0);

        // Before B existed: one issue, at Opd.
        var early = await Get($"/api/analytics/stuck?until={Q(until.AddDays(-5))}");
        early.GetProperty("groups").EnumerateArray().Single().GetProperty("key").GetString().ShouldBe("opd");
    }

    [Fact]
    public async Task the_csv_has_indonesian_headers_and_one_line_per_group()
    {
        var a = await Region.LogIssueAs("opd/dinas-pupr");
        await Region.Move("opd/dinas-pupr", a.Id, "escalate", new { justification = "Butuh koordinasi." });
        var csv = (await Get("/api/analytics/stuck?groupBy=level", accept: "text/csv")).GetString()!;
        var lines = csv.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        lines[0].ShouldBe("kelompok,jumlah_masalah,median_hari,p90_hari,jumlah_terlambat,selesai_di_sini," +
                          "median_hari_opd,median_hari_asisten,median_hari_sekda,median_hari_kepala_daerah");
        lines.Skip(1).Select(l => l.Split(',')[0]).ShouldBe(["asisten", "opd"]);
        lines.Skip(1).ShouldAllBe(l => l.Split(',').Length == 10);
    }

    [Fact]
    public async Task ping_pong_lists_issues_sent_back_and_forth_more_than_twice_with_their_path()
    {
        var c = await Region.LogIssueAs("opd/dinas-pupr");
        await Region.Move("opd/dinas-pupr", c.Id, "escalate", new { justification = "Butuh koordinasi." });
        await Region.Move("asisten-2", c.Id, "transfer", new { toOffice = "asisten-1", reason = "Ketertiban." });
        await Region.Move("asisten-1", c.Id, "transfer", new { toOffice = "asisten-2", reason = "Bukan urusan kami." });
        await Region.Move("asisten-2", c.Id, "return", new { instruction = "Lengkapi data." });
        await Region.LogIssueAs("opd/dinas-pupr"); // a calm one, not listed

        var items = (await Get("/api/analytics/ping-pong")).GetProperty("items").EnumerateArray().ToList();
        var item = items.ShouldHaveSingleItem();
        item.GetProperty("issueId").GetGuid().ShouldBe(c.Id);
        item.GetProperty("path").EnumerateArray().Select(p => p.GetString())
            .ShouldBe(["dinas-pupr", "naik:asisten-2", "pindah:asisten-1", "pindah:asisten-2", "kembali:dinas-pupr"]);
    }

    [Fact]
    public async Task the_settlement_profile_gives_the_share_settled_at_each_level()
    {
        var atOpd = await Region.LogIssueAs("opd/dinas-pupr");
        await Region.Move("opd/dinas-pupr", atOpd.Id, "resolve", new { resolution = "Selesai sendiri." });
        foreach (var _ in Enumerable.Range(0, 3))
        {
            var atAsisten = await Region.LogIssueAs("opd/dinas-pupr");
            await Region.Move("opd/dinas-pupr", atAsisten.Id, "escalate", new { justification = "Butuh koordinasi." });
            await Region.Move("asisten-2", atAsisten.Id, "resolve", new { resolution = "Selesai di rakor." });
        }
        var month = (await Get("/api/analytics/settlement")).GetProperty("months").EnumerateArray().Single();
        (month.GetProperty("settled").GetInt32(), month.GetProperty("opd").GetDouble(), month.GetProperty("asisten").GetDouble(),
            month.GetProperty("sekda").GetDouble()).ShouldBe((4, 0.25, 0.75, 0.0));
    }

    [Fact]
    public async Task officers_may_not_read_analytics_and_a_malformed_until_is_400()
    {
        await Region.Host.Scenario(s =>
        {
            s.Get.Url("/api/analytics/stuck");
            s.WithBearer(Region.Token("opd/dinas-pupr"));
            s.StatusCodeShouldBe(403);
        });
        var problem = await (await Region.Host.Scenario(s =>
        {
            s.Get.Url("/api/analytics/stuck?until=tahun-lalu&groupBy=planet&source=kira-kira");
            s.WithBearer(Region.Token("sekda"));
            s.StatusCodeShouldBe(400);
        })).ReadJson();
        problem.ErrorFields().ShouldBe(["until", "groupBy", "source"], ignoreOrder: true);
    }
}
