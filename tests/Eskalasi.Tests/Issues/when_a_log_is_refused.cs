using System.Text.Json;
using Alba;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Issues;

[Collection(AppCollection.Name)]
public sealed class when_a_log_is_refused(AppFixture app) : IAsyncLifetime
{
    private TestRegion _region = null!;

    public async Task InitializeAsync() => _region = await app.NewRegionAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<System.Text.Json.JsonElement> Refused(object body, int status, string account = "opd/dinas-pupr")
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl("/api/issues");
            s.WithBearer(_region.Token(account));
            s.StatusCodeShouldBe(status);
        });
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
        (await _region.EventCount()).ShouldBe(0, "a refused log must write nothing");
        return await result.ReadJson();
    }

    [Fact]
    public async Task every_invalid_field_is_named_and_no_stream_is_written()
    {
        var problem = await Refused(new LogIssueBody(
            Title: " ", Description: null, Category: "pariwisata-luar-angkasa",
            Location: new LocationBody("Jl. Sudirman", Lat: 123, Lon: 100), Urgency: "sangat-mendesak",
            RelatedOpds: ["dinas-pupr", "tidak-ada", "pdam", "pdam"], ObservedAt: "kemarin"), 400);

        problem.ErrorFields().ShouldBe(
            ["title", "description", "category", "location.lat", "urgency", "relatedOpds[0]", "relatedOpds[1]", "relatedOpds[3]", "observedAt"],
            ignoreOrder: true);
    }

    [Fact]
    public async Task an_observation_in_the_future_is_refused() =>
        (await Refused(TestRegion.AValidIssue() with { ObservedAt = app.Clock.GetUtcNow().AddDays(2).ToString("O") }, 400))
        .ErrorFields().ShouldBe(["observedAt"]);

    [Fact]
    public async Task a_missing_location_is_refused() =>
        (await Refused(TestRegion.AValidIssue() with { Location = null }, 400)).ErrorFields().ShouldBe(["location"]);

    [Theory]
    [InlineData("asisten-2")]
    [InlineData("sekda")]
    [InlineData("head")]
    [InlineData("analyst")]
    public async Task someone_who_is_not_an_opd_officer_gets_403_role(string account) =>
        (await Refused(TestRegion.AValidIssue(), 403, account)).Rule().ShouldBe("role");

    [Fact]
    public async Task without_a_token_it_is_401()
    {
        await app.Host.Scenario(s =>
        {
            s.Post.Json(TestRegion.AValidIssue()).ToUrl("/api/issues");
            s.StatusCodeShouldBe(401);
        });
        (await _region.EventCount()).ShouldBe(0);
    }

    [Fact]
    public async Task malformed_json_is_a_400_problem_in_bahasa_indonesia()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Text("{ this is not json").ToUrl("/api/issues");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithBearer(_region.Token("opd/dinas-pupr"));
            s.StatusCodeShouldBe(400);
            s.ContentTypeShouldBe("application/problem+json");
        });
        var problem = await result.ReadAsJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("Permintaan tidak valid");
        problem.GetProperty("detail").GetString()!.ShouldStartWith("Isi permintaan tidak dapat dibaca sebagai JSON");
        (await _region.EventCount()).ShouldBe(0);
    }

    [Fact]
    public async Task a_field_of_the_wrong_type_names_where_and_not_the_code_behind_it()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Text("""{ "title": 5 }""").ToUrl("/api/issues");
            s.WithRequestHeader("Content-Type", "application/json");
            s.WithBearer(_region.Token("opd/dinas-pupr"));
            s.StatusCodeShouldBe(400);
        });
        var detail = (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        detail.ShouldContain("$.title");
        detail.ShouldNotContain("Eskalasi.");
        (await _region.EventCount()).ShouldBe(0);
    }

    [Fact]
    public async Task an_unknown_address_is_a_404_problem_in_bahasa_indonesia()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/tidak-ada");
            s.WithBearer(_region.Token("opd/dinas-pupr"));
            s.StatusCodeShouldBe(404);
        });
        var problem = await result.ReadAsJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("Tidak ditemukan");
        problem.GetProperty("type").GetString().ShouldBe("urn:eskalasi:status:404");
    }

    [Fact]
    public async Task a_refused_log_does_not_use_up_a_number()
    {
        await Refused(TestRegion.AValidIssue() with { Title = "" }, 400);
        var issue = await _region.LogIssueAs("opd/dinas-pupr");
        issue.Number.ShouldEndWith("-00001");
    }
}
