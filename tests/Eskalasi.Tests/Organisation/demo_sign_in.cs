using System.Text.Json;
using Alba;
using Eskalasi.Identity;
using Eskalasi.Identity.Directory;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Organisation;

[Collection(AppCollection.Name)]
public class demo_sign_in(AppFixture app)
{
    [Fact]
    public async Task a_demo_account_gets_a_token_that_signs_it_in()
    {
        var result = await app.Host.Scenario(s =>
            s.Post.Json(new { user = "kota-payakumbuh/opd/dinas-pupr" }).ToUrl("/api/dev/token"));
        var token = (await result.ReadJson()).GetProperty("accessToken").GetString()!;

        var org = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/org");
            s.WithBearer(token);
        });
        (await org.ReadJson()).GetProperty("code").GetString().ShouldBe("kota-payakumbuh");
    }

    [Fact]
    public async Task an_unknown_account_is_404_problem_details()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(new { user = "kota-payakumbuh/opd/tidak-ada" }).ToUrl("/api/dev/token");
            s.StatusCodeShouldBe(404);
        });
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task the_demo_users_list_every_account_of_api_md()
    {
        var result = await app.Host.Scenario(s => s.Get.Url("/api/dev/users"));
        var users = (await result.ReadAsJsonAsync<List<Account>>())!;
        var payakumbuh = users.Where(u => u.Region == "kota-payakumbuh").ToList();
        payakumbuh.ShouldContain(new Account("kota-payakumbuh/asisten-2", "kota-payakumbuh", Roles.Asisten, "asisten-2"));
        payakumbuh.ShouldContain(new Account("kota-payakumbuh/sekda", "kota-payakumbuh", Roles.Sekda, "sekda"));
        payakumbuh.ShouldContain(new Account("kota-payakumbuh/head", "kota-payakumbuh", Roles.Bupati, "head"));
        payakumbuh.ShouldContain(new Account("kota-payakumbuh/analyst", "kota-payakumbuh", Roles.Analyst, null));
        payakumbuh.ShouldContain(new Account("kota-payakumbuh/admin", "kota-payakumbuh", Roles.Admin, null));
        payakumbuh.ShouldContain(new Account("kota-payakumbuh/opd/pdam", "kota-payakumbuh", Roles.OpdOfficer, "pdam"));
        new[] { "kab-bangka-tengah", "kota-payakumbuh", "kab-banyuwangi", "kab-buleleng", "kab-lampung-tengah" }
            .ShouldBeSubsetOf(users.Select(u => u.Region).Distinct());
    }

    [Fact]
    public async Task a_forged_token_is_401()
    {
        await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/org");
            s.WithBearer("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bm90LWEtc2lnbmF0dXJl");
            s.StatusCodeShouldBe(401);
        });
    }
}

[Collection(NonDemoAppCollection.Name)]
public sealed class outside_demo_mode(NonDemoAppFixture app)
{
    [Theory]
    [InlineData("POST", "/api/dev/token")]
    [InlineData("GET", "/api/dev/users")]
    public async Task the_demo_sign_in_does_not_exist(string method, string url) =>
        await app.Host.Scenario(s =>
        {
            if (method == "POST") s.Post.Json(new { user = "kota-payakumbuh/asisten-2" }).ToUrl(url);
            else s.Get.Url(url);
            s.StatusCodeShouldBe(404);
        });

    [Fact]
    public async Task the_openapi_document_does_not_list_the_demo_sign_in()
    {
        var document = await (await app.Host.Scenario(s => s.Get.Url("/openapi/v1.json"))).ReadAsTextAsync();
        document.ShouldContain("/api/issues");
        document.ShouldNotContain("/api/dev/");
    }

    [Fact]
    public async Task the_organisation_is_still_seeded_and_served_to_a_signed_in_user()
    {
        var user = "sekda-" + Guid.NewGuid().ToString("N")[..8];
        var password = await app.AddAccountAsync("kab-banyuwangi", new NewAccount(user, "Sekda Banyuwangi", Roles.Sekda, Office: "sekda"));
        var token = await app.TokenAsync($"kab-banyuwangi/{user}", password);
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/org");
            s.WithBearer(token);
        });
        (await result.ReadJson()).GetProperty("numberPrefix").GetString().ShouldBe("BWI");
    }
}
