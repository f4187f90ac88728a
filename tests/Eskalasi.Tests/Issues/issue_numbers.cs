using Eskalasi.Issues;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Issues;

[Collection(AppCollection.Name)]
public sealed class issue_numbers(AppFixture app)
{
    [Fact]
    public async Task officers_logging_at_the_same_moment_each_get_their_own_number()
    {
        var region = await app.NewRegionAsync();
        var officers = new[] { "opd/dinas-pupr", "opd/pdam", "opd/dinas-perkim", "opd/dinas-kesehatan", "opd/bpbd", "opd/satpol-pp" };
        var issues = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            region.LogIssueAs(officers[i % officers.Length], TestRegion.AValidIssue("bappeda"))));

        var sequences = issues.Select(i => int.Parse(i.Number[^5..])).Order().ToList();
        sequences.ShouldBe(Enumerable.Range(1, 24).ToList());
        (await region.EventCount()).ShouldBe(24);
    }

    [Theory]
    [InlineData("2026-12-31T15:30:00Z", "Asia/Makassar", 2026)] // 23:30 WITA
    [InlineData("2026-12-31T16:30:00Z", "Asia/Makassar", 2027)] // 00:30 WITA on New Year's day
    [InlineData("2026-12-31T16:30:00Z", "Asia/Jakarta", 2026)]  // 23:30 WIB
    public void the_year_is_the_year_of_logging_in_the_regions_zone(string utc, string zone, int year) =>
        IssueNumbers.YearOf(DateTimeOffset.Parse(utc), TimeZoneInfo.FindSystemTimeZoneById(zone)).ShouldBe(year);

    [Fact]
    public void numbers_read_prefix_year_and_a_five_digit_sequence() =>
        IssueNumbers.Format("PYK", 2026, 42).ShouldBe("PYK-2026-00042");
}
