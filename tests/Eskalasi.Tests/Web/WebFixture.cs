using System.Diagnostics;
using System.Net.Http.Json;
using Eskalasi.DevDatabase;
using Eskalasi.Infrastructure;
using Eskalasi.Tests.Support;
using Microsoft.Playwright;

namespace Eskalasi.Tests.Web;

/// <summary>
/// The real service as a process on a real port (a browser needs a socket), on the tests' database with timers of its
/// own schema, and Debian's Chromium driven by Playwright (no browser download). Shared by the browser tests.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    private Process? _service;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public string ConnectionString { get; private set; } = "";
    public static string Screenshots => Path.Combine(RepositoryPaths.FindRoot()!, "tests", "Eskalasi.Tests", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        var connectionString = ConnectionString = AppFixture.SharedDatabase(); // the service loads the seeds into it at start
        var root = RepositoryPaths.FindRoot()!;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var port = LocalPostgres.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(root, "src", "Eskalasi", "bin", configuration, "net10.0", "Eskalasi.dll"));
        info.Environment["ConnectionStrings__Marten"] = connectionString;
        info.Environment["ASPNETCORE_URLS"] = BaseUrl;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development"; // static assets from the build output
        info.Environment["Eskalasi__DemoMode"] = "true";
        // Scripts may ask the built-in provider for tokens with a password (tests of an external provider do); every
        // browser test signs in on the real page, all from this one address.
        info.Environment["Eskalasi__Auth__AllowPasswordGrant"] = "true";
        info.Environment["Eskalasi__Auth__SignInRequestsPerMinute"] = "1000";
        info.Environment["Eskalasi__DemoHistory__IssuesPerRegion"] = "0";
        info.Environment["Eskalasi__WolverineSchema"] = "web_wolverine";
        info.Environment["Eskalasi__SeedsPath"] = Path.Combine(root, "seeds");
        _service = Process.Start(info)!;
        _ = _service.StandardOutput.ReadToEndAsync();
        _ = _service.StandardError.ReadToEndAsync();

        using var http = new HttpClient();
        for (var i = 0; ; i++)
        {
            try
            {
                if ((await http.GetAsync(BaseUrl + "/health")).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) { }
            if (_service.HasExited || i > 240) throw new InvalidOperationException("The service did not become healthy.");
            await Task.Delay(250);
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("ESKALASI_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    public const string AccountPassword = "Uji-Peramban-2026";
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<string>>> _accounts = new();

    /// <summary>
    /// The directory account standing for a demo account (same region, role and office; '/' in its name becomes '-'),
    /// made once through the API by the region's demo admin, with <see cref="AccountPassword"/>.
    /// </summary>
    public Task<string> PasswordAccountFor(string demoAccount) =>
        _accounts.GetOrAdd(demoAccount, name => new Lazy<Task<string>>(async () =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
            var users = await http.GetFromJsonAsync<List<Eskalasi.Identity.Account>>("/api/dev/users");
            var demo = users!.Single(u => u.User == name);
            var local = name[(demo.Region.Length + 1)..].Replace('/', '-');
            var token = await (await http.PostAsJsonAsync("/api/dev/token", new { user = $"{demo.Region}/admin" })).Content.ReadFromJsonAsync<Dictionary<string, string>>();
            http.DefaultRequestHeaders.Authorization = new("Bearer", token!["accessToken"]);
            var (office, opd) = demo.Role == Eskalasi.Identity.Roles.OpdOfficer ? (null, demo.Office) : (demo.Office, (string?)null);
            var created = await http.PostAsJsonAsync("/api/accounts",
                new { user = local, name = "Uji " + local, role = demo.Role, office, opd, password = AccountPassword });
            ((int)created.StatusCode).ShouldBeOneOf([201, 409], await created.Content.ReadAsStringAsync());
            return $"{demo.Region}/{local}";
        })).Value;

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_service is { HasExited: false })
        {
            _service.Kill(entireProcessTree: true);
            await _service.WaitForExitAsync();
        }
        AppFixture.ReleaseDatabase();
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web application";
}
