using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Eskalasi.Tests.Web;

/// <summary>What a person does on the screens, as steps a story test reads like: sign in, report, wait, choose, look.</summary>
public static class Screens
{
    /// <summary>
    /// Signed in through the built-in provider's real sign-in page as the region's own account with the demo account's
    /// role and office (<c>kota-payakumbuh/opd/dinas-pupr</c> → <c>kota-payakumbuh/opd-dinas-pupr</c>), made once with a
    /// password through the API. The demo picker has tests of its own.
    /// </summary>
    public static async Task<IPage> SignedIn(this WebFixture web, string account, int width = 1280)
    {
        var user = await web.PasswordAccountFor(account);
        var context = await web.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 900 }, Locale = "id-ID" });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{web.BaseUrl}/masuk/oidc");
        await page.WaitForURLAsync(new Regex("/masuk/sandi"));
        await page.GetByLabel("Nama akun").FillAsync(user);
        await page.GetByLabel("Kata sandi").FillAsync(WebFixture.AccountPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/masuk") && !url.Contains("/connect/") && !url.Contains("/signin-oidc"));
        return page;
    }

    /// <summary>An interactive part works once its circuit is connected (an earlier click is lost): wait for its marker.</summary>
    public static Task Ready(this IPage page, string id) => page.Locator($"#{id}[data-ready='true']").WaitForAsync();

    public static Task Shot(this IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(WebFixture.Screenshots, name + ".png"), FullPage = true });

    public static Task Choose(this IPage page, string label, params string[] options) =>
        page.GetByLabel(label, new() { Exact = true }).SelectOptionAsync(options.Select(o => new SelectOptionValue { Label = o }));

    /// <summary>"Laporkan masalah" filled and sent; the page is then the new issue's (its address is returned).</summary>
    public static async Task<string> Report(this IPage page, string baseUrl, string title, string location = "Kelurahan Koto Nan Ampek",
        params string[] relatedOpds)
    {
        await page.GotoAsync($"{baseUrl}/lapor");
        await page.Ready("lapor");
        await page.GetByLabel("Judul").FillAsync(title);
        await page.GetByLabel("Uraian").FillAsync("Pipa transmisi 300 mm pecah; badan jalan amblas.");
        await page.Choose("Kategori", "infrastruktur");
        await page.GetByLabel("Lokasi").FillAsync(location);
        if (relatedOpds.Length > 0) await page.Choose("OPD terkait", relatedOpds);
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/masalah/[0-9a-f-]{36}$"));
        return page.Url;
    }

    /// <summary>
    /// A move's form sent with "Kirim": the page reloads with the move in its history, or shows the refusal; which one
    /// is returned (null when it went through), so a story that expects success says so with the refusal's words.
    /// </summary>
    public static async Task<string?> Send(this IPage page)
    {
        var reloaded = new TaskCompletionSource();
        void Loaded(object? sender, IPage _) => reloaded.TrySetResult();
        page.Load += Loaded;
        var loaded = reloaded.Task;
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim", Exact = true }).ClickAsync();
        var refused = page.Locator("#langkah .mud-alert-message").WaitForAsync();
        var first = await Task.WhenAny(loaded, refused);
        page.Load -= Loaded;
        await first;
        return first == refused ? await page.Locator("#langkah .mud-alert-message").InnerTextAsync() : null;
    }

    /// <summary>
    /// Nothing scrolls sideways and nothing a person reads or uses is cut off at the right edge (a header that hides its
    /// overflow would pass the first check alone). Names what sticks out.
    /// </summary>
    public static async Task ShouldFitItsWidth(this IPage page)
    {
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
            .ShouldBeTrue($"{page.Url} scrolls sideways");
        var outside = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('a, button, input, select, textarea, label, h1, h2, h3, h4, h5, h6, th, td')]
              .filter(e => e.offsetParent !== null && e.getClientRects().length > 0)
              .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .map(e => e.tagName + ': ' + (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 40))
            """);
        outside.ShouldBeEmpty($"{page.Url} cuts these off at the right edge");
    }

    /// <summary>A rakor scheduled on "Rapat" (the agenda drafted from the office's backlog); its page is then open and its address returned.</summary>
    public static async Task<string> ScheduleMeeting(this IPage page, string baseUrl, DateTime at, string place, params string[] invitedOpds)
    {
        await page.GotoAsync($"{baseUrl}/rapat");
        await page.Ready("rapat");
        await page.GetByLabel("Waktu").FillAsync(at.ToString("yyyy-MM-ddTHH:mm"));
        await page.GetByLabel("Tempat").FillAsync(place);
        await page.Choose("OPD diundang", invitedOpds);
        await page.GetByRole(AriaRole.Button, new() { Name = "Jadwalkan" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/rapat/[0-9a-f-]{36}$"));
        await page.Ready("rapat-ini");
        return page.Url;
    }

    /// <summary>The number in the issue page's main heading.</summary>
    public static async Task<string> IssueNumber(this IPage page) =>
        (await page.GetByRole(AriaRole.Heading, new() { Level = 4 }).First.InnerTextAsync()).Trim();
}
