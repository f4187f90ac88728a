extern alias nodes;
using System.Net.Http.Json;
using System.Text.Json;
using Eskalasi.DevDatabase;
using Eskalasi.Infrastructure;
using Eskalasi.Tests.Reliability;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using LocalNodes = nodes::Eskalasi.Nodes.LocalNodes;
using Proxy = nodes::Eskalasi.Nodes.Proxy;

namespace Eskalasi.Tests.Scale;

/// <summary>
/// docs/scale.md "Several nodes on one database", as a person sees it: two nodes behind the reverse proxy, an Asisten's
/// backlog open in Chromium through the proxy (its screen is a circuit on one node), and an OPD raising an issue to that
/// Asisten through the *other* node. The backlog shows the issue without a reload: the other node's commit reached the
/// screen's node through PostgreSQL's LISTEN/NOTIFY.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class screens_through_the_proxy : IAsyncLifetime
{
    private const string Region = "kota-payakumbuh";
    private LocalPostgres cluster = null!;
    private LocalNodes? local;
    private WebApplication? proxy;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public Task InitializeAsync()
    {
        cluster = LocalPostgres.Start(RepositoryPaths.FindRoot()!, $"proxy-{Guid.NewGuid():N}"[..18], throwaway: true);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        if (proxy is not null) await proxy.DisposeAsync();
        if (local is not null) await local.DisposeAsync();
        cluster.Stop();
    }

    [Fact]
    public async Task a_backlog_open_on_one_node_shows_an_issue_raised_through_the_other()
    {
        var port = LocalPostgres.FreePort();
        local = await LocalNodes.StartAsync(RepositoryPaths.FindRoot()!, cluster.ConnectionString, 2, port, demoHistory: 0);
        proxy = await Proxy.StartAsync($"http://127.0.0.1:{port}", local.Addresses);
        var address = $"http://127.0.0.1:{port}";
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("ESKALASI_CHROMIUM") ?? "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"],
        });
        var page = await (await browser.NewContextAsync(new() { Locale = "id-ID" })).NewPageAsync();
        var opened = await page.GotoAsync($"{address}/masuk?akun={Region}/asisten-2&ke=/antrean");
        await page.Locator("#antrean[data-ready='true']").WaitForAsync(); // the circuit is connected, through the proxy
        var screenNode = opened!.Headers["eskalasi-node"];
        var other = local.All.Single(n => n.Id != screenNode);
        var navigations = 0;
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) navigations++; };

        // Dinas PUPR logs a problem and raises it to Asisten II, both through the node the screen is not on.
        using var http = new HttpClient { BaseAddress = new Uri(other.Process.BaseUrl) };
        var token = (await (await http.PostAsJsonAsync("/api/dev/token", new { user = $"{Region}/opd/dinas-pupr" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var logged = await (await http.PostAsJsonAsync("/api/issues", new
        {
            title = "Jembatan retak, dilaporkan lewat node lain", description = "Retak memanjang di lantai jembatan, perlu penilaian struktur.",
            category = "infrastruktur", location = new { text = "Jembatan Batang Agam" }, urgency = "tinggi", relatedOpds = new[] { "dinas-perkim" },
            observedAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
        })).Content.ReadFromJsonAsync<JsonElement>();
        var (id, number) = (logged.GetProperty("id").GetGuid(), logged.GetProperty("number").GetString()!);
        var raised = await http.PostAsJsonAsync($"/api/issues/{id}/escalate", new { justification = "Butuh penilaian struktur bersama Dinas Perkim." });
        raised.EnsureSuccessStatusCode();
        raised.Headers.GetValues(SeveralNodes.NodeHeader).Single().ShouldBe(other.Id);

        await page.Locator("#antrean-tabel").GetByRole(AriaRole.Link, new() { Name = number }).WaitForAsync(new() { Timeout = 15000 });
        navigations.ShouldBe(0);
        Directory.CreateDirectory(Web.WebFixture.Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Web.WebFixture.Screenshots, "antrean-lewat-proksi.png"), FullPage = true });
    }
}
