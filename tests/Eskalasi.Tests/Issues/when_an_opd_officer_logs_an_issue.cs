using System.Text.Json;
using Alba;
using Eskalasi.Issues;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Issues;

[Collection(AppCollection.Name)]
public class when_an_opd_officer_logs_an_issue(AppFixture app) : IAsyncLifetime
{
    private TestRegion _region = null!;
    private IssueDetails _issue = null!;
    private IScenarioResult _created = null!;

    public async Task InitializeAsync()
    {
        _region = await app.NewRegionAsync();
        _created = await app.Host.Scenario(s =>
        {
            s.Post.Json(TestRegion.AValidIssue()).ToUrl("/api/issues");
            s.WithBearer(_region.Token("opd/dinas-pupr"));
            s.StatusCodeShouldBe(201);
        });
        _issue = (await _created.ReadAsJsonAsync<IssueDetails>())!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void it_answers_201_with_the_location_of_the_issue() =>
        _created.Context.Response.Headers.Location.ToString().ShouldBe($"/api/issues/{_issue.Id}");

    [Fact]
    public void the_issue_starts_at_opd_level_held_by_the_reporting_opd()
    {
        _issue.Status.ShouldBe(IssueStatus.Open);
        _issue.Level.ShouldBe(IssueLevel.Opd);
        _issue.Holder.ShouldBe("dinas-pupr");
        _issue.ReportingOpd.ShouldBe("dinas-pupr");
        _issue.RelatedOpds.ShouldBe(["pdam", "dinas-perkim"]);
        _issue.Urgency.ShouldBe(Urgency.Tinggi);
        _issue.Version.ShouldBe(1);
        _issue.ObservedAt.ShouldBe(DateTimeOffset.Parse("2026-11-24T00:30:00Z"));
    }

    [Fact]
    public void it_gets_the_first_number_of_the_region_and_year()
    {
        var year = TimeZoneInfo.ConvertTime(_issue.LoggedAt, _region.Organisation.FindZone()).Year;
        _issue.Number.ShouldBe($"PYK-{year}-00001");
    }

    [Fact]
    public async Task reading_it_back_gives_the_same_issue_with_its_version_as_etag()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/issues/{_issue.Id}");
            s.WithBearer(_region.Token("opd/dinas-pupr"));
            s.Header("ETag").SingleValueShouldEqual("\"1\"");
        });
        var read = (await result.ReadAsJsonAsync<IssueDetails>())!;
        read.Number.ShouldBe(_issue.Number);
        read.Title.ShouldBe(_issue.Title);
    }

    [Fact]
    public async Task its_history_holds_one_event_with_the_actor()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/issues/{_issue.Id}/history");
            s.WithBearer(_region.Token("asisten-2"));
        });
        var history = (await result.ReadJson()).EnumerateArray().ToList();
        history.Count.ShouldBe(1);
        history[0].GetProperty("type").GetString().ShouldBe("IssueLogged");
        history[0].GetProperty("version").GetInt64().ShouldBe(1);
        var actor = history[0].GetProperty("actor");
        actor.GetProperty("user").GetString().ShouldBe($"{_region.Code}/opd/dinas-pupr");
        actor.GetProperty("role").GetString().ShouldBe("opd-officer");
        actor.GetProperty("office").GetString().ShouldBe("dinas-pupr");
    }

    [Fact]
    public async Task as_of_a_time_before_it_was_logged_it_does_not_exist()
    {
        var before = Uri.EscapeDataString(_issue.LoggedAt.AddSeconds(-1).ToString("O"));
        await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/issues/{_issue.Id}?asOf={before}");
            s.WithBearer(_region.Token("opd/dinas-pupr"));
            s.StatusCodeShouldBe(404);
        });
    }

    [Fact]
    public async Task as_of_now_or_later_it_is_the_current_issue()
    {
        var later = Uri.EscapeDataString(_issue.LoggedAt.AddDays(3).ToString("O"));
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/issues/{_issue.Id}?asOf={later}");
            s.WithBearer(_region.Token("opd/dinas-pupr"));
        });
        (await result.ReadAsJsonAsync<IssueDetails>())!.Number.ShouldBe(_issue.Number);
    }

    [Fact]
    public async Task a_malformed_as_of_is_a_400_naming_the_parameter()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/issues/{_issue.Id}?asOf=kemarin-sore");
            s.WithBearer(_region.Token("opd/dinas-pupr"));
            s.StatusCodeShouldBe(400);
        });
        (await result.ReadJson()).ErrorFields().ShouldBe(["asOf"]);
    }

    [Theory]
    [InlineData("opd/pdam")]          // related
    [InlineData("opd/dinas-perkim")]  // related
    [InlineData("asisten-1")]
    [InlineData("sekda")]
    [InlineData("head")]
    [InlineData("analyst")]
    public async Task those_who_may_see_it_can_read_it(string account) =>
        await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/issues/{_issue.Id}");
            s.WithBearer(_region.Token(account));
            s.StatusCodeShouldBe(200);
        });

    [Fact]
    public async Task an_officer_of_an_unrelated_opd_gets_404_for_the_issue_and_its_history()
    {
        foreach (var url in new[] { $"/api/issues/{_issue.Id}", $"/api/issues/{_issue.Id}/history" })
        {
            await app.Host.Scenario(s =>
            {
                s.Get.Url(url);
                s.WithBearer(_region.Token("opd/dinas-pendidikan"));
                s.StatusCodeShouldBe(404);
            });
        }
    }

    [Fact]
    public async Task an_officer_of_another_region_gets_404()
    {
        var other = await app.NewRegionAsync();
        await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/issues/{_issue.Id}");
            s.WithBearer(other.Token("opd/dinas-pupr"));
            s.StatusCodeShouldBe(404);
        });
    }

    [Fact]
    public async Task without_a_token_it_is_401_problem_details()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/issues/{_issue.Id}");
            s.StatusCodeShouldBe(401);
        });
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task the_next_issue_of_the_region_gets_the_next_number()
    {
        var second = await _region.LogIssueAs("opd/pdam", TestRegion.AValidIssue("dinas-pupr"));
        second.Number.ShouldBe(_issue.Number[..^5] + "00002");
    }
}
