using Alba;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Service;

[Collection(AppCollection.Name)]
public sealed class service_basics(AppFixture app)
{
    [Fact]
    public async Task health_is_200_once_start_up_work_is_done()
    {
        var result = await app.Host.Scenario(s => s.Get.Url("/health"));
        (await result.ReadAsTextAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task the_openapi_document_describes_the_issue_endpoints()
    {
        var result = await app.Host.Scenario(s => s.Get.Url("/openapi/v1.json"));
        var paths = (await result.ReadJson()).GetProperty("paths");
        paths.TryGetProperty("/api/issues", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/issues/{id}/history", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/org", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task an_unknown_path_is_404_problem_details()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/tidak-ada");
            s.StatusCodeShouldBe(404);
        });
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
    }
}
