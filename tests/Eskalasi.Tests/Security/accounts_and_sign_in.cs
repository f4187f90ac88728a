using System.Net;
using Alba;
using Eskalasi.Identity;
using Eskalasi.Identity.Directory;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Security;

/// <summary>Outside demo mode: the region's admin manages its people, who sign in with the built-in provider.</summary>
[Collection(NonDemoAppCollection.Name)]
public sealed class accounts_and_sign_in(NonDemoAppFixture app) : IAsyncLifetime
{
    private TestRegion region = null!;
    private string admin = "";
    private string adminToken = "";

    public async Task InitializeAsync()
    {
        region = await app.NewRegionAsync();
        var password = await app.AddAccountAsync(region.Code, new NewAccount("admin", "Admin Daerah", Roles.Admin));
        admin = $"{region.Code}/admin";
        adminToken = await app.TokenAsync(admin, password);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<IScenarioResult> Post(string token, string url, object? body, int status) => app.Host.Scenario(s =>
    {
        if (body is null) s.Post.Url(url); else s.Post.Json(body).ToUrl(url);
        s.WithBearer(token);
        s.StatusCodeShouldBe(status);
    });

    [Fact]
    public async Task an_admin_creates_an_asisten_who_signs_in_and_sees_the_backlog()
    {
        var created = await (await Post(adminToken, "/api/accounts",
            new { user = "rina", name = "Rina Handayani", role = "asisten", office = "asisten-1" }, 201)).ReadJson();
        created.GetProperty("account").GetString().ShouldBe($"{region.Code}/rina");
        var temporary = created.GetProperty("temporaryPassword").GetString()!;
        temporary.Length.ShouldBeGreaterThanOrEqualTo(16);

        var token = await app.TokenAsync($"{region.Code}/rina", temporary);
        await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/backlogs/asisten/asisten-1");
            s.WithBearer(token);
            s.StatusCodeShouldBe(200);
        });
        // Another Asisten's backlog is not hers.
        await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/backlogs/asisten/asisten-2");
            s.WithBearer(token);
            s.StatusCodeShouldBe(403);
        });

        var changes = await (await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/accounts/changes");
            s.WithBearer(adminToken);
        })).ReadJson();
        changes.EnumerateArray().ShouldContain(c => c.GetProperty("change").GetString() == "created"
            && c.GetProperty("user").GetString() == $"{region.Code}/rina" && c.GetProperty("by").GetString() == admin
            && c.GetProperty("role").GetString() == "asisten");
    }

    [Fact]
    public async Task refusals_name_the_rule_and_write_nothing()
    {
        await Post(adminToken, "/api/accounts", new { user = "budi", name = "Budi", role = "analyst" }, 201);
        var before = await region.EventCount();

        (await (await Post(adminToken, "/api/accounts", new { user = "budi", name = "Budi Lagi", role = "analyst" }, 409)).ReadJson())
            .Rule().ShouldBe("account-exists");
        var invalid = await (await Post(adminToken, "/api/accounts",
            new { user = "Bad Name", name = "", role = "asisten", office = "sekda", password = "short" }, 400)).ReadJson();
        var errors = invalid.GetProperty("errors");
        foreach (var field in new[] { "user", "name", "office", "password" }) errors.TryGetProperty(field, out _).ShouldBeTrue(field);
        (await (await Post(adminToken, $"/api/accounts/admin/deactivate", null, 422)).ReadJson()).Rule().ShouldBe("own-account");
        await Post(adminToken, "/api/accounts/nobody/deactivate", null, 404);

        (await region.EventCount()).ShouldBe(before, "a refused account change must write nothing");
    }

    [Fact]
    public async Task only_the_admin_manages_accounts_but_the_sekda_reads_their_changes()
    {
        var sekdaPassword = await app.AddAccountAsync(region.Code, new NewAccount("sekda", "Sekda", Roles.Sekda, Office: "sekda"));
        var sekda = await app.TokenAsync($"{region.Code}/sekda", sekdaPassword);
        await Post(sekda, "/api/accounts", new { user = "x1", name = "X", role = "analyst" }, 403);
        await app.Host.Scenario(s => { s.Get.Url("/api/accounts"); s.WithBearer(sekda); s.StatusCodeShouldBe(403); });
        await app.Host.Scenario(s => { s.Get.Url("/api/accounts/changes"); s.WithBearer(sekda); s.StatusCodeShouldBe(200); });
    }

    [Fact]
    public async Task a_deactivated_account_can_no_longer_sign_in_nor_use_its_token()
    {
        var password = await app.AddAccountAsync(region.Code, new NewAccount("dedi", "Dedi", Roles.OpdOfficer, Opd: "dinas-pupr"));
        var token = await app.TokenAsync($"{region.Code}/dedi", password);
        await app.Host.Scenario(s => { s.Get.Url("/api/org"); s.WithBearer(token); s.StatusCodeShouldBe(200); });

        await Post(adminToken, "/api/accounts/dedi/deactivate", null, 200);

        await app.Host.Scenario(s => { s.Get.Url("/api/org"); s.WithBearer(token); s.StatusCodeShouldBe(401); });
        await app.PasswordGrantAsync($"{region.Code}/dedi", password, 400);
        await Post(adminToken, "/api/accounts/dedi/deactivate", null, 409);
    }

    [Fact]
    public async Task a_password_reset_replaces_the_old_password()
    {
        var old = await app.AddAccountAsync(region.Code, new NewAccount("sari", "Sari", Roles.Analyst));
        var reset = await (await Post(adminToken, "/api/accounts/sari/password-reset", new { }, 200)).ReadJson();
        var fresh = reset.GetProperty("temporaryPassword").GetString()!;
        await app.PasswordGrantAsync($"{region.Code}/sari", old, 400);
        (await app.TokenAsync($"{region.Code}/sari", fresh)).ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task repeated_wrong_passwords_lock_the_account_with_429_and_retry_after()
    {
        var password = await app.AddAccountAsync(region.Code, new NewAccount("tono", "Tono", Roles.Analyst));
        var user = $"{region.Code}/tono";
        for (var i = 1; i < AccountDirectory.MaxFailedAttempts; i++) await app.PasswordGrantAsync(user, "salah-" + i, 400);
        var locked = await app.PasswordGrantAsync(user, "salah-terakhir", 429);
        int.Parse(locked.Context.Response.Headers.RetryAfter.ToString()).ShouldBeGreaterThan(0);
        (await locked.ReadJson()).Rule().ShouldBe("sign-in.locked");
        // While locked even the right password is refused.
        await app.PasswordGrantAsync(user, password, 429);
    }

    [Fact]
    public async Task the_token_endpoint_limits_each_address()
    {
        var address = $"10.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}";
        for (var i = 0; i < NonDemoAppFixture.SignInRequestsPerMinute; i++)
            await app.PasswordGrantAsync("nobody/x", "wrong-password-1", 400, address: address);
        var limited = await app.PasswordGrantAsync("nobody/x", "wrong-password-1", 429, address: address);
        limited.Context.Response.Headers.RetryAfter.ToString().ShouldNotBeEmpty();
        // Another address is not affected.
        await app.PasswordGrantAsync("nobody/x", "wrong-password-1", 400, address: "10.255.0.1");
    }

    [Fact]
    public async Task only_eskalasi_cli_may_use_the_password_grant()
    {
        var password = await app.AddAccountAsync(region.Code, new NewAccount("wati", "Wati", Roles.Analyst));
        // OAuth's invalid_client is a 401 (RFC 6749 §5.2).
        await app.PasswordGrantAsync($"{region.Code}/wati", password, 401, clientId: "eskalasi-web");
        await app.PasswordGrantAsync($"{region.Code}/wati", password, 401, clientId: "someone-else");
    }

    [Theory]
    [InlineData("x/\u0000admin")]
    [InlineData("\u0000")]
    public async Task a_control_character_in_the_user_name_is_a_failed_sign_in_not_an_error(string user) =>
        await app.PasswordGrantAsync(user, "whatever-123", 400);

    [Fact]
    public async Task discovery_names_the_endpoints()
    {
        var discovery = await (await app.Host.Scenario(s => s.Get.Url("/.well-known/openid-configuration"))).ReadJson();
        discovery.GetProperty("token_endpoint").GetString()!.ShouldEndWith("/connect/token");
        discovery.GetProperty("authorization_endpoint").GetString()!.ShouldEndWith("/connect/authorize");
        discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()).ShouldContain("S256");
    }
}

/// <summary>In demo mode, as by default everywhere, the password grant is off.</summary>
[Collection(AppCollection.Name)]
public sealed class the_password_grant_by_default(AppFixture app)
{
    [Fact]
    public async Task is_refused() =>
        await app.Host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["client_id"] = "eskalasi-cli", ["username"] = "kota-payakumbuh/admin", ["password"] = "whatever-123",
            }).ToUrl("/connect/token");
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
            s.ContentShouldContain("unsupported_grant_type");
        });
}
