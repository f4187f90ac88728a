using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Eskalasi.Tests.Web;

/// <summary>
/// The README's "done when" in the browser: an admin signs in on the built-in provider's page, creates an Asisten's
/// account on /admin, and that Asisten signs in with the temporary password and sees the backlog.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class signing_in_with_a_password_in_the_browser(WebFixture web)
{
    private const string Region = "kota-payakumbuh";

    [Fact]
    public async Task an_admin_creates_an_asisten_who_then_signs_in_and_sees_the_backlog()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        const string adminPassword = "Rakor-Berkala-2026";
        await CreateAccountAsync(new { user = $"admin-{suffix}", name = "Admin Uji", role = "admin", password = adminPassword });

        var admin = await NewPageAsync();
        await admin.GotoAsync($"{web.BaseUrl}/masuk");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Masuk dengan akun daerah" }).ClickAsync();
        await admin.WaitForURLAsync(new Regex("/masuk/sandi"));
        await admin.Shot("masuk-sandi");
        // A wrong password first: the page says so and keeps the user here.
        await SignInOnThePageAsync(admin, $"{Region}/admin-{suffix}", "Salah-Sekali-123");
        (await admin.GetByRole(AriaRole.Alert).InnerTextAsync()).ShouldContain("Nama akun atau kata sandi salah");
        await SignInOnThePageAsync(admin, $"{Region}/admin-{suffix}", adminPassword);
        await admin.WaitForURLAsync(new Regex("/masalah$"));

        await admin.GotoAsync($"{web.BaseUrl}/admin");
        await admin.Ready("admin");
        await admin.GetByLabel("Nama akun").FillAsync($"asisten-{suffix}");
        await admin.GetByLabel("Nama lengkap").FillAsync("Rina Handayani");
        await admin.Choose("Peran", "Asisten");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Tambah akun" }).ClickAsync();
        var message = admin.Locator("#pesan");
        await message.WaitForAsync();
        await admin.Shot("admin");
        var created = await message.InnerTextAsync();
        var temporary = Regex.Match(created, "Kata sandi sementara: (\\S+)").Groups[1].Value;
        temporary.Length.ShouldBe(16, created);
        (await admin.Locator("table").First.InnerTextAsync()).ShouldContain($"{Region}/asisten-{suffix}");
        await admin.Shot("admin");
        await admin.Context.CloseAsync();

        var asisten = await NewPageAsync();
        // In demo mode a page that needs signing in sends to the picker, which offers the password sign-in too.
        await asisten.GotoAsync($"{web.BaseUrl}/antrean");
        await asisten.GetByRole(AriaRole.Link, new() { Name = "Masuk dengan akun daerah" }).ClickAsync();
        await asisten.WaitForURLAsync(new Regex("/masuk/sandi"));
        await SignInOnThePageAsync(asisten, $"{Region}/asisten-{suffix}", temporary);
        await asisten.WaitForURLAsync(new Regex("/antrean$"));
        await asisten.Ready("antrean");
        (await asisten.GetByRole(AriaRole.Heading, new() { Level = 4 }).First.InnerTextAsync()).ShouldStartWith("Antrean");
        await asisten.Shot("antrean-setelah-masuk-sandi");

        // Deactivated, the Asisten's session cookie stops working: the next page asks for a sign-in again.
        using (var api = await AdminApiAsync())
            (await api.PostAsync($"/api/accounts/asisten-{suffix}/deactivate", null)).EnsureSuccessStatusCode();
        await asisten.GotoAsync($"{web.BaseUrl}/antrean");
        await asisten.WaitForURLAsync(new Regex("/masuk"));
        await asisten.Context.CloseAsync();
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await web.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "id-ID" });
        return await context.NewPageAsync();
    }

    private static async Task SignInOnThePageAsync(IPage page, string user, string password)
    {
        await page.GetByLabel("Nama akun").FillAsync(user);
        await page.GetByLabel("Kata sandi").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>An account made through the API by the region's demo admin (as a script of the region would).</summary>
    private async Task CreateAccountAsync(object account)
    {
        using var http = await AdminApiAsync();
        var created = await http.PostAsJsonAsync("/api/accounts", account);
        ((int)created.StatusCode).ShouldBe(201, await created.Content.ReadAsStringAsync());
    }

    /// <summary>The API as the region's demo admin.</summary>
    private async Task<HttpClient> AdminApiAsync()
    {
        var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };
        var token = await (await http.PostAsJsonAsync("/api/dev/token", new { user = $"{Region}/admin" })).Content.ReadFromJsonAsync<Dictionary<string, string>>();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token!["accessToken"]);
        return http;
    }
}
