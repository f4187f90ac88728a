using System.Security.Claims;
using System.Security.Cryptography;
using Alba;
using Eskalasi.Identity;
using Eskalasi.Identity.Directory;
using Eskalasi.Identity.Provider;
using Eskalasi.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Eskalasi.Tests.Security;

/// <summary>
/// Access tokens made by hand with the provider's own keys: the control (every part right) works, and each token
/// that differs in one way — no signature, another key, expired, another issuer or audience, a demo token outside demo
/// mode — is 401, and nothing is written.
/// </summary>
[Collection(NonDemoAppCollection.Name)]
public class tokens_that_must_not_work(NonDemoAppFixture app) : IAsyncLifetime
{
    private TestRegion region = null!;
    private ProviderKeyDocument keys = null!;
    private string issuer = "";
    private const string User = "pupr";

    public async Task InitializeAsync()
    {
        region = await app.NewRegionAsync();
        // A real sign-in first: the provider's keys are made at its first use.
        await app.TokenAsync($"{region.Code}/{User}",
            await app.AddAccountAsync(region.Code, new NewAccount(User, "Petugas PUPR", Roles.OpdOfficer, Opd: "dinas-pupr")));
        await using var session = app.Host.Services.GetRequiredService<Eskalasi.Infrastructure.IDeploymentStore>().QuerySession();
        keys = (await session.LoadAsync<ProviderKeyDocument>(ProviderKeyDocument.Key))!;
        var discovery = await (await app.Host.Scenario(s => s.Get.Url("/.well-known/openid-configuration"))).ReadJson();
        issuer = discovery.GetProperty("issuer").GetString()!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string Token(Action<SecurityTokenDescriptor>? change = null, string? user = null, string? tokenRegion = null)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(keys.SigningKeyPem);
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = AuthSettings.ApiAudience,
            TokenType = "at+jwt",
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddMinutes(30),
            Subject = new ClaimsIdentity(
            [
                new Claim("sub", user ?? $"{region.Code}/{User}"), new Claim(Claims.Region, tokenRegion ?? region.Code),
                new Claim(Claims.Role, Roles.OpdOfficer), new Claim(Claims.Office, "dinas-pupr"),
            ]),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256),
            EncryptingCredentials = new EncryptingCredentials(new SymmetricSecurityKey(Convert.FromBase64String(keys.EncryptionKey)),
                SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512),
        };
        change?.Invoke(descriptor);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private async Task<int> LogWith(string token)
    {
        var before = await region.EventCount();
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(TestRegion.AValidIssue()).ToUrl("/api/issues");
            s.WithBearer(token);
            s.IgnoreStatusCode();
        });
        if (result.Context.Response.StatusCode != 201) (await region.EventCount()).ShouldBe(before, "a refused request writes nothing");
        return result.Context.Response.StatusCode;
    }

    [Fact]
    public async Task the_control_token_made_with_every_part_right_works() => (await LogWith(Token())).ShouldBe(201);

    [Fact]
    public async Task a_token_signed_with_another_key_is_401() =>
        (await LogWith(Token(d => d.SigningCredentials = new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)), SecurityAlgorithms.RsaSha256)))).ShouldBe(401);

    [Fact]
    public async Task an_expired_token_is_401() =>
        (await LogWith(Token(d =>
        {
            d.IssuedAt = d.NotBefore = DateTime.UtcNow.AddHours(-3);
            d.Expires = DateTime.UtcNow.AddHours(-2);
        }))).ShouldBe(401);

    [Fact]
    public async Task a_token_of_another_issuer_is_401() => (await LogWith(Token(d => d.Issuer = "https://elsewhere.example/"))).ShouldBe(401);

    [Fact]
    public async Task a_token_for_another_audience_is_401() => (await LogWith(Token(d => d.Audience = "another-api"))).ShouldBe(401);

    [Fact]
    public async Task an_unsigned_token_is_401()
    {
        // alg "none": a JWT with an empty signature, its claims otherwise right.
        static string Part(string json) => Base64UrlEncoder.Encode(json);
        var exp = DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds();
        var unsigned = Part("""{"alg":"none","typ":"at+jwt"}""") + "." +
                       Part($$"""{"iss":"{{issuer}}","aud":"{{AuthSettings.ApiAudience}}","sub":"{{region.Code}}/{{User}}","region":"{{region.Code}}","role":"opd-officer","office":"dinas-pupr","exp":{{exp}}}""") + ".";
        (await LogWith(unsigned)).ShouldBe(401);
    }

    [Fact]
    public async Task a_demo_token_is_401_outside_demo_mode() =>
        (await LogWith(new TokenIssuer(new JwtSettings(), TokenIssuer.DemoKey())
            .Issue(new Account($"{region.Code}/opd/dinas-pupr", region.Code, Roles.OpdOfficer, "dinas-pupr")))).ShouldBe(401);

    [Fact]
    public async Task a_token_naming_an_account_the_directory_does_not_have_is_401() =>
        (await LogWith(Token(user: $"{region.Code}/opd/dinas-pupr"))).ShouldBe(401);

    [Fact]
    public async Task a_token_whose_account_belongs_to_another_region_is_401() =>
        (await LogWith(Token(tokenRegion: "kota-payakumbuh"))).ShouldBe(401);

    [Fact]
    public async Task another_regions_account_gets_404_for_this_regions_issue()
    {
        var issue = await (await app.Host.Scenario(s =>
        {
            s.Post.Json(TestRegion.AValidIssue()).ToUrl("/api/issues");
            s.WithBearer(Token());
            s.StatusCodeShouldBe(201);
        })).ReadJson();
        var other = await app.NewRegionAsync();
        var token = await app.TokenAsync($"{other.Code}/analis", await app.AddAccountAsync(other.Code, new NewAccount("analis", "Analis", Roles.Analyst)));
        await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/issues/{issue.GetProperty("id").GetString()}");
            s.WithBearer(token);
            s.StatusCodeShouldBe(404);
        });
    }
}
