using Alba;
using Eskalasi.Issues;
using Eskalasi.Issues.Listing;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Issues;

[Collection(AppCollection.Name)]
public class listing_issues(AppFixture app) : IAsyncLifetime
{
    private TestRegion _region = null!;
    private IssueDetails _pipe = null!, _school = null!, _permit = null!;

    public async Task InitializeAsync()
    {
        _region = await app.NewRegionAsync();
        _pipe = await _region.LogIssueAs("opd/dinas-pupr");
        _school = await _region.LogIssueAs("opd/dinas-pendidikan", TestRegion.AValidIssue("dinas-kesehatan") with
        {
            Title = "Atap SD Negeri 12 roboh", Category = "pendidikan", Urgency = "darurat",
        });
        _permit = await _region.LogIssueAs("opd/dpmptsp", TestRegion.AValidIssue("dinas-lingkungan-hidup") with
        {
            Title = "Izin lingkungan pabrik tahu tertahan", Category = "perizinan", Urgency = "biasa",
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<IssuePage> List(string account, string query = "")
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/issues" + query);
            s.WithBearer(_region.Token(account));
        });
        return (await result.ReadAsJsonAsync<IssuePage>())!;
    }

    [Fact]
    public async Task an_asisten_sees_every_issue_of_the_region_newest_first()
    {
        var page = await List("asisten-1");
        page.Total.ShouldBe(3);
        page.Items.Select(i => i.Id).ShouldBe([_permit.Id, _school.Id, _pipe.Id]);
    }

    [Fact]
    public async Task an_opd_officer_sees_only_the_issues_their_opd_is_in()
    {
        (await List("opd/pdam")).Items.Select(i => i.Id).ShouldBe([_pipe.Id]);
        (await List("opd/dinas-kesehatan")).Items.Select(i => i.Id).ShouldBe([_school.Id]);
        (await List("opd/bkpsdm")).Total.ShouldBe(0);
    }

    [Theory]
    [InlineData("?category=pendidikan", 1)]
    [InlineData("?status=open", 3)]
    [InlineData("?status=resolved", 0)]
    [InlineData("?level=opd", 3)]
    [InlineData("?holder=dinas-pupr", 1)]
    [InlineData("?opd=dinas-lingkungan-hidup", 1)]
    [InlineData("?opd=dinas-pupr", 1)]
    public async Task filters_narrow_the_list(string query, int expected) =>
        (await List("sekda", query)).Total.ShouldBe(expected);

    [Fact]
    public async Task pages_split_the_list()
    {
        var first = await List("analyst", "?page=1&pageSize=2");
        var second = await List("analyst", "?page=2&pageSize=2");
        first.Items.Count.ShouldBe(2);
        second.Items.Count.ShouldBe(1);
        first.Total.ShouldBe(3);
        first.Items.Concat(second.Items).Select(i => i.Id).ShouldBe([_permit.Id, _school.Id, _pipe.Id]);
    }

    [Theory]
    [InlineData("?status=kabur", "status")]
    [InlineData("?level=camat", "level")]
    [InlineData("?pageSize=1000", "pageSize")]
    [InlineData("?page=0", "page")]
    public async Task a_malformed_query_is_400_naming_the_parameter(string query, string field)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/issues" + query);
            s.WithBearer(_region.Token("sekda"));
            s.StatusCodeShouldBe(400);
        });
        (await result.ReadJson()).ErrorFields().ShouldBe([field]);
    }

    [Fact]
    public async Task another_region_sees_none_of_them()
    {
        var other = await app.NewRegionAsync();
        (await other.LogIssueAs("opd/dinas-pupr")).Number.ShouldEndWith("-00001");
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/issues");
            s.WithBearer(other.Token("sekda"));
        });
        (await result.ReadAsJsonAsync<IssuePage>())!.Total.ShouldBe(1);
    }
}
