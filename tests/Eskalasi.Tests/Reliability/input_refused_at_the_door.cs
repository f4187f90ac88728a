using System.Text;
using Alba;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Reliability;

/// <summary>The input guard's refusals, one by one: each a 400 or 413 naming what was wrong, and nothing written.</summary>
[Collection(AppCollection.Name)]
public sealed class input_refused_at_the_door(AppFixture app) : InARegion(app)
{
    private async Task<System.Text.Json.JsonElement> Refused(string url, string body, int status, string contentType = "application/json")
    {
        var before = await Region.EventCount();
        var result = await Region.Host.Scenario(s =>
        {
            s.ConfigureHttpContext(c =>
            {
                c.Request.Method = "POST";
                c.Request.Path = url.Split('?')[0];
                if (url.Contains('?')) c.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?" + url.Split('?', 2)[1]);
                var bytes = Encoding.UTF8.GetBytes(body);
                c.Request.ContentType = contentType;
                c.Request.Body = new MemoryStream(bytes);
                c.Request.ContentLength = bytes.Length;
                c.Request.Headers.Authorization = "Bearer " + Region.Token("opd/dinas-pupr");
            });
            s.StatusCodeShouldBe(status);
        });
        (await Region.EventCount()).ShouldBe(before);
        return await result.ReadJson();
    }

    [Fact]
    public async Task a_nul_in_a_text_is_400_naming_the_field()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr");
        var problem = await Refused($"/api/issues/{issue.Id}/notes", "{\"text\":\"pipa\\u0000bocor\"}", 400);
        problem.GetProperty("errors").TryGetProperty("text", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task a_null_inside_a_list_is_400_naming_its_place() =>
        (await Refused("/api/issues", "{\"title\":\"Pipa\",\"relatedOpds\":[\"pdam\",null]}", 400))
            .GetProperty("errors").TryGetProperty("relatedOpds[1]", out _).ShouldBeTrue();

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"teks\"")]
    [InlineData("42")]
    public async Task a_body_that_is_not_an_object_is_400(string body) =>
        (await Refused("/api/issues", body, 400)).GetProperty("detail").GetString()!.ShouldContain("objek JSON");

    [Fact]
    public async Task a_five_megabyte_note_is_413_before_it_is_read()
    {
        var issue = await Region.LogIssueAs("opd/dinas-pupr");
        (await Refused($"/api/issues/{issue.Id}/notes", "{\"text\":\"" + new string('a', 5 * 1024 * 1024) + "\"}", 413))
            .GetProperty("detail").GetString()!.ShouldContain("1024 KB");
    }

    [Fact]
    public async Task a_nul_in_the_query_is_400_naming_the_parameter() =>
        (await Refused("/api/issues?status=open%00", "{}", 400)).GetProperty("errors").TryGetProperty("status", out _).ShouldBeTrue();
}
