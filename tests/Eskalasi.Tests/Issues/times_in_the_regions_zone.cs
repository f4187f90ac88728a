using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Issues;

[Collection(AppCollection.Name)]
public sealed class times_in_the_regions_zone(AppFixture app)
{
    [Theory]
    [InlineData("kab-buleleng", "opd/bpbd", "damkar", "+08:00")]       // WITA
    [InlineData("kota-payakumbuh", "opd/dinas-pupr", "pdam", "+07:00")] // WIB
    public async Task times_are_shown_with_the_regions_offset_and_stored_as_the_same_instant(string seed, string officer, string related, string offset)
    {
        var region = await app.NewRegionAsync(seed);
        var logged = await region.LogIssueAs(officer, TestRegion.AValidIssue(related) with { ObservedAt = "2026-11-24T00:30:00Z" });

        var json = await (await region.Host.Scenario(s =>
        {
            s.Get.Url($"/api/issues/{logged.Id}");
            s.WithBearer(region.Token("analyst"));
        })).ReadJson();
        json.GetProperty("loggedAt").GetString()!.ShouldEndWith(offset);
        json.GetProperty("observedAt").GetString()!.ShouldEndWith(offset);
        json.GetProperty("observedAt").GetDateTimeOffset().ShouldBe(DateTimeOffset.Parse("2026-11-24T00:30:00Z"));

        var history = await region.History(logged.Id);
        history[0].GetProperty("at").GetString()!.ShouldEndWith(offset);
    }
}
