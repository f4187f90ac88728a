using System.Text.RegularExpressions;
using Alba;
using Eskalasi.Identity;
using Eskalasi.Identity.Directory;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Security;

/// <summary>Headers, cookies, forged posts, the sign-in page under attack, and logs that keep no secret.</summary>
[Collection(NonDemoAppCollection.Name)]
public sealed class the_web_application_is_hardened(NonDemoAppFixture app)
{
    [Theory]
    [InlineData("/masuk")]
    [InlineData("/masuk/sandi")]
    [InlineData("/masalah")]
    [InlineData("/api/org")]
    [InlineData("/api/tidak-ada")]
    [InlineData("/health")]
    [InlineData("/eskalasi.js")]
    [InlineData("/openapi/v1.json")]
    public async Task every_answer_carries_the_security_headers(string path)
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url(path);
            s.IgnoreStatusCode();
        });
        var headers = result.Context.Response.Headers;
        var policy = headers.ContentSecurityPolicy.ToString();
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldContain("default-src 'self'");
        Regex.Match(policy, "script-src ([^;]*)").Groups[1].Value.Trim().ShouldBe("'self'", "no inline script, no other host");
        headers.XContentTypeOptions.ToString().ShouldBe("nosniff");
        headers["Referrer-Policy"].ToString().ShouldBe("same-origin");
        headers.XFrameOptions.ToString().ShouldBe("DENY");
    }

    [Fact]
    public async Task a_forged_sign_in_post_without_the_antiforgery_token_is_refused() =>
        await app.Host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string> { ["_handler"] = "masuk", ["Form.User"] = "x/y", ["Form.Password"] = "whatever-123" })
                .ToUrl("/masuk/sandi");
            s.StatusCodeShouldBe(400);
        });

    [Fact]
    public async Task the_sign_in_page_sets_a_provider_session_cookie_that_scripts_cannot_read()
    {
        var region = await app.NewRegionAsync();
        var password = await app.AddAccountAsync(region.Code, new NewAccount("rina", "Rina", Roles.Analyst));
        var form = await SignInPage.OpenAsync(app, https: true);
        var answer = await form.PostAsync($"{region.Code}/rina", password);
        answer.Context.Response.StatusCode.ShouldBe(302);
        var cookie = answer.Context.Response.Headers.SetCookie.Select(c => c!).Single(c => c.StartsWith("eskalasi.masuk="));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=lax", Case.Insensitive);
        cookie.ShouldContain("secure", Case.Insensitive);
    }

    [Fact]
    public async Task the_sign_in_page_answers_429_with_retry_after_once_the_account_is_locked()
    {
        var region = await app.NewRegionAsync();
        await app.AddAccountAsync(region.Code, new NewAccount("dodi", "Dodi", Roles.Analyst));
        var form = await SignInPage.OpenAsync(app);
        for (var i = 1; i < AccountDirectory.MaxFailedAttempts; i++)
        {
            var wrong = await form.PostAsync($"{region.Code}/dodi", "salah-" + i);
            wrong.Context.Response.StatusCode.ShouldBe(200);
            (await wrong.ReadAsTextAsync()).ShouldContain("Nama akun atau kata sandi salah");
        }
        var locked = await form.PostAsync($"{region.Code}/dodi", "salah-terakhir");
        locked.Context.Response.StatusCode.ShouldBe(429);
        int.Parse(locked.Context.Response.Headers.RetryAfter.ToString()).ShouldBeGreaterThan(0);
        (await locked.ReadAsTextAsync()).ShouldContain("dikunci sementara");
    }

    [Fact]
    public async Task no_password_token_or_cookie_value_appears_in_any_log_line()
    {
        var region = await app.NewRegionAsync();
        var adminPassword = await app.AddAccountAsync(region.Code, new NewAccount("admin", "Admin", Roles.Admin));
        var adminToken = await app.TokenAsync($"{region.Code}/admin", adminPassword);
        var secrets = new List<string> { adminPassword, adminToken };

        // The admin makes an officer with a chosen password, resets another's, and the officer works.
        const string officerPassword = "Pipa-Bocor-Sudirman-77";
        secrets.Add(officerPassword);
        await app.Host.Scenario(s =>
        {
            s.Post.Json(new { user = "pupr", name = "Petugas PUPR", role = "opd-officer", opd = "dinas-pupr", password = officerPassword }).ToUrl("/api/accounts");
            s.WithBearer(adminToken);
            s.StatusCodeShouldBe(201);
        });
        await app.AddAccountAsync(region.Code, new NewAccount("analis", "Analis", Roles.Analyst));
        var reset = await (await app.Host.Scenario(s =>
        {
            s.Post.Json(new { }).ToUrl("/api/accounts/analis/password-reset");
            s.WithBearer(adminToken);
        })).ReadJson();
        secrets.Add(reset.GetProperty("temporaryPassword").GetString()!);
        var officerToken = await app.TokenAsync($"{region.Code}/pupr", officerPassword);
        secrets.Add(officerToken);
        await app.Host.Scenario(s =>
        {
            s.Post.Json(TestRegion.AValidIssue()).ToUrl("/api/issues");
            s.WithBearer(officerToken);
            s.StatusCodeShouldBe(201);
        });

        // Wrong passwords until the lockout, on the token endpoint and on the sign-in page; then a right one on the page.
        const string wrong = "Bukan-Kata-Sandinya-1";
        secrets.Add(wrong);
        for (var i = 0; i < AccountDirectory.MaxFailedAttempts; i++) await app.PasswordGrantAsync($"{region.Code}/analis", wrong, i < AccountDirectory.MaxFailedAttempts - 1 ? 400 : 429);
        var form = await SignInPage.OpenAsync(app);
        secrets.AddRange(form.CookieValues);
        secrets.Add(form.Token);
        await form.PostAsync($"{region.Code}/analis", wrong);
        var signedIn = await form.PostAsync($"{region.Code}/pupr", officerPassword);
        secrets.AddRange(signedIn.Context.Response.Headers.SetCookie.Select(c => c!.Split(';')[0].Split('=', 2)[1]).Where(v => v.Length > 0));

        var lines = app.Logs.Lines.ToList();
        lines.ShouldContain(l => l.Contains("locked") && l.Contains($"{region.Code}/analis"), "the lockout is logged");
        foreach (var secret in secrets.Distinct())
            lines.Where(l => l.Contains(secret)).ShouldBeEmpty($"a log line carries a secret ({secret[..Math.Min(6, secret.Length)]}…)");
        SecuritySummary.Record("logs", $"{lines.Count} log lines of a sign-in story searched for {secrets.Distinct().Count()} secrets, 0 found");
    }
}

/// <summary>The built-in provider's sign-in page as a browser without script uses it: the form, its antiforgery token and cookie.</summary>
public sealed class SignInPage
{
    private readonly NonDemoAppFixture _app;
    private readonly string _cookies;
    private readonly bool _https;

    public string Token { get; }
    public IReadOnlyList<string> CookieValues { get; }

    private SignInPage(NonDemoAppFixture app, string token, IReadOnlyList<string> cookies, bool https)
    {
        _app = app;
        Token = token;
        _cookies = string.Join("; ", cookies);
        CookieValues = cookies.Select(c => c.Split('=', 2)[1]).ToList();
        _https = https;
    }

    public static async Task<SignInPage> OpenAsync(NonDemoAppFixture app, bool https = false)
    {
        var page = await app.Host.Scenario(s =>
        {
            s.Get.Url("/masuk/sandi");
            if (https) s.ConfigureHttpContext(c => c.Request.Scheme = "https");
        });
        var html = await page.ReadAsTextAsync();
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        token.ShouldNotBeEmpty();
        var cookies = page.Context.Response.Headers.SetCookie.Select(c => c!.Split(';')[0]).ToList();
        return new SignInPage(app, token, cookies, https);
    }

    public Task<IScenarioResult> PostAsync(string user, string password) => _app.Host.Scenario(s =>
    {
        s.Post.FormData(new Dictionary<string, string>
        {
            ["_handler"] = "masuk", ["__RequestVerificationToken"] = Token, ["Form.User"] = user, ["Form.Password"] = password,
            ["Form.ReturnUrl"] = "/masuk/oidc",
        }).ToUrl("/masuk/sandi");
        s.WithRequestHeader("Cookie", _cookies);
        if (_https) s.ConfigureHttpContext(c => c.Request.Scheme = "https");
        s.IgnoreStatusCode();
    });
}
