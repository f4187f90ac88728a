using System.Net.Http.Json;
using System.Security.Claims;
using Alba;
using Eskalasi.Identity;
using Eskalasi.Identity.Directory;
using Eskalasi.Identity.Provider;
using Eskalasi.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Eskalasi.Tests.Web;

/// <summary>
/// The service configured with an external OpenID Connect provider (<c>Eskalasi:Auth:Authority</c>): here the provider is
/// the browser tests' running service, reached over HTTP like a province's Keycloak would be — its discovery document,
/// its keys. The host under test has no provider of its own and checks the accounts in its directory.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class an_external_provider(WebFixture web) : IAsyncLifetime
{
    private IAlbaHost host = null!;
    private const string Region = "kab-banyuwangi";

    public async Task InitializeAsync()
    {
        AppFixture.SharedDatabase(); // one more user of the shared database until DisposeAsync
        host = await AppFixture.StartHostAsync(web.ConnectionString, demoMode: false, new FakeTimeProvider(DateTimeOffset.UtcNow), "external_wolverine",
            new Dictionary<string, string>
            {
                ["Eskalasi:Auth:Authority"] = web.BaseUrl + "/",
                ["Eskalasi:Auth:ClientId"] = AuthSettings.WebClientId,
                ["Eskalasi:Auth:UserClaim"] = "email",
            });
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        AppFixture.ReleaseDatabase();
    }

    [Fact]
    public async Task its_tokens_work_here_until_the_account_is_deactivated_within_a_minute()
    {
        var user = "ext-" + Guid.NewGuid().ToString("N")[..6];
        const string password = "Provinsi-Keycloak-2026";
        using var provider = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };
        var admin = await DemoTokenAsync(provider, $"{Region}/admin");
        provider.DefaultRequestHeaders.Authorization = new("Bearer", admin);
        (await provider.PostAsJsonAsync("/api/accounts", new { user, name = "Analis Provinsi", role = "analyst", password })).EnsureSuccessStatusCode();

        var token = await PasswordTokenAsync(provider, $"{Region}/{user}", password);
        await host.Scenario(s => { s.Get.Url("/api/org"); s.WithBearer(token); s.StatusCodeShouldBe(200); });
        // The host has no provider of its own.
        var own = await host.Scenario(s => { s.Post.FormData(new Dictionary<string, string> { ["grant_type"] = "password" }).ToUrl("/connect/token"); s.IgnoreStatusCode(); });
        own.Context.Response.StatusCode.ShouldNotBe(200);
        (await host.Scenario(s => { s.Get.Url("/.well-known/openid-configuration"); s.IgnoreStatusCode(); })).Context.Response.StatusCode.ShouldNotBe(200);

        (await provider.PostAsync($"/api/accounts/{user}/deactivate", null)).EnsureSuccessStatusCode();
        // Another node learns of it within AccountDirectory.StatusKeptFor (30 s).
        var deadline = DateTime.UtcNow + AccountDirectory.StatusKeptFor + TimeSpan.FromSeconds(5);
        int status;
        do
        {
            await Task.Delay(1000);
            status = (await host.Scenario(s => { s.Get.Url("/api/org"); s.WithBearer(token); s.IgnoreStatusCode(); })).Context.Response.StatusCode;
        } while (status == 200 && DateTime.UtcNow < deadline);
        status.ShouldBe(401);
    }

    [Fact]
    public async Task a_subject_is_matched_to_an_account_by_its_e_mail()
    {
        var user = "mail-" + Guid.NewGuid().ToString("N")[..6];
        var email = $"{user}@banyuwangikab.go.id";
        await host.Services.GetRequiredService<AccountDirectory>().CreateAsync(Region,
            new NewAccount(user, "Sekda Banyuwangi", Roles.Sekda, Office: "sekda", Password: "Sekda-Banyuwangi-1", Email: email),
            new Actor("operator", Roles.Admin, null), CancellationToken.None);
        var claims = ActivatorUtilities.CreateInstance<AccountClaims>(host.Services);

        // What a province's provider says: a subject and an e-mail, nothing of Eskalasi's own claims.
        var external = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "f81d4fae-7dec"), new Claim("email", email.ToUpperInvariant())], "Bearer"));
        var mapped = await claims.TransformAsync(external);
        mapped.FindFirstValue(Claims.User).ShouldBe($"{Region}/{user}");
        mapped.Region().ShouldBe(Region);
        mapped.Role().ShouldBe(Roles.Sekda);
        mapped.Office().ShouldBe("sekda");

        var stranger = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "x"), new Claim("email", "orang-lain@example.org")], "Bearer"));
        (await claims.TransformAsync(stranger)).Identity!.IsAuthenticated.ShouldBeFalse();
    }

    private static async Task<string> DemoTokenAsync(HttpClient http, string user) =>
        (await (await http.PostAsJsonAsync("/api/dev/token", new { user })).Content.ReadFromJsonAsync<Dictionary<string, string>>())!["accessToken"];

    private static async Task<string> PasswordTokenAsync(HttpClient http, string user, string password)
    {
        var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = AuthSettings.CliClientId, ["username"] = user, ["password"] = password,
        }));
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        return body!["access_token"].ToString()!;
    }
}
