using Microsoft.Playwright;

namespace Eskalasi.Tests.Web;

/// <summary>
/// A rakor sees an OPD's new issue appear: the Asisten's backlog and the inbox badge follow the moves made elsewhere
/// without a reload, and the agenda of a meeting scheduled earlier takes the new issue through the agenda editor.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class screens_stay_current_without_a_reload(WebFixture web)
{
    [Fact]
    public async Task a_raised_issue_appears_in_the_open_backlog_and_is_added_to_the_agenda()
    {
        var asisten = await web.SignedIn("kota-payakumbuh/asisten-2");
        var meetingUrl = await asisten.ScheduleMeeting(web.BaseUrl, DateTime.UtcNow.AddHours(30), "Ruang Rapat Asisten II",
            "Dinas Pekerjaan Umum dan Penataan Ruang");

        await asisten.GotoAsync($"{web.BaseUrl}/antrean");
        await asisten.Ready("antrean");
        await asisten.Ready("lencana");
        var unreadBefore = int.Parse(await asisten.Locator("#belum-dibaca").InnerTextAsync());
        var navigations = 0;
        asisten.FrameNavigated += (_, frame) => { if (frame == asisten.MainFrame) navigations++; };

        // Meanwhile PUPR reports a problem and raises it to Asisten II.
        var pupr = await web.SignedIn("kota-payakumbuh/opd/dinas-pupr");
        await pupr.Report(web.BaseUrl, "Jembatan Batang Agam retak (langsung)", "Jembatan Batang Agam");
        var number = await pupr.IssueNumber();

        // Early sight: still PUPR's, it is already on the Asisten's watch list ("Pantauan"), without a reload.
        await asisten.GetByRole(AriaRole.Tab, new() { Name = "Pantauan" }).ClickAsync();
        await asisten.Locator("#pantauan-tabel").GetByRole(AriaRole.Link, new() { Name = number }).WaitForAsync(new() { Timeout = 15000 });
        await asisten.Shot("pantauan");
        await asisten.GetByRole(AriaRole.Tab, new() { Name = "Antrean" }).ClickAsync();

        await pupr.Ready("langkah");
        await pupr.GetByRole(AriaRole.Button, new() { Name = "Eskalasi", Exact = true }).ClickAsync();
        await pupr.GetByLabel("Justifikasi").FillAsync("Butuh penilaian struktur bersama Dinas Perkim.");
        await pupr.GetByRole(AriaRole.Button, new() { Name = "Kirim", Exact = true }).ClickAsync();
        await pupr.GetByText("Dieskalasi dari OPD").WaitForAsync();

        // The open backlog shows it, and the badge counts its arrival, with no reload.
        await asisten.Locator("#antrean-tabel").GetByRole(AriaRole.Link, new() { Name = number }).WaitForAsync(new() { Timeout = 15000 });
        await Assertions.Expect(asisten.Locator("#belum-dibaca")).ToHaveTextAsync((unreadBefore + 1).ToString(), new() { Timeout = 15000 });
        navigations.ShouldBe(0);
        await asisten.Shot("antrean-langsung");

        // The meeting was scheduled before the issue arrived: the Asisten adds it to the agenda before the rakor starts.
        await asisten.GotoAsync(meetingUrl);
        await asisten.Ready("rapat-ini");
        var agenda = asisten.Locator("#agenda-editor");
        (await agenda.Locator($"li[data-issue='{number}']").CountAsync()).ShouldBe(0);
        var option = (await agenda.GetByLabel("Tambah masalah ke agenda").Locator("option").AllInnerTextsAsync()).Single(o => o.StartsWith(number));
        await agenda.GetByLabel("Tambah masalah ke agenda").SelectOptionAsync(new SelectOptionValue { Label = option });
        await agenda.GetByRole(AriaRole.Button, new() { Name = "Tambah", Exact = true }).ClickAsync();
        await agenda.Locator($"li[data-issue='{number}']").WaitForAsync();
        await asisten.Shot("agenda-diubah");
        await agenda.GetByRole(AriaRole.Button, new() { Name = "Simpan agenda" }).ClickAsync();
        await asisten.GetByRole(AriaRole.Link, new() { Name = number }).WaitForAsync(); // the agenda as stored, shown below the editor

        // Stored: after a reload the agenda holds it.
        await asisten.ReloadAsync();
        await asisten.Ready("rapat-ini");
        await asisten.Locator($"#agenda-editor li[data-issue='{number}']").WaitForAsync();
        await asisten.GetByRole(AriaRole.Link, new() { Name = number }).WaitForAsync();
    }

    [Fact]
    public async Task a_dropped_connection_is_told_in_bahasa_indonesia()
    {
        var asisten = await web.SignedIn("kota-payakumbuh/asisten-2");
        // The page's sockets kept at hand, so the test can cut the connection as a network would.
        await asisten.AddInitScriptAsync("""
            (() => { const Native = window.WebSocket; window.__sockets = [];
              window.WebSocket = function (...args) { const s = new Native(...args); window.__sockets.push(s); return s; };
              window.WebSocket.prototype = Native.prototype; Object.assign(window.WebSocket, Native); })();
            """);
        await asisten.GotoAsync($"{web.BaseUrl}/antrean");
        await asisten.Ready("antrean");
        var banner = asisten.Locator("#components-reconnect-modal");
        (await banner.IsVisibleAsync()).ShouldBeFalse();

        // Blazor may reconnect within moments: note the first state it shows, whenever it comes and goes.
        await asisten.EvaluateAsync("""
            () => { const modal = document.getElementById('components-reconnect-modal'); window.__shown = null;
              new MutationObserver(() => { const p = [...modal.querySelectorAll('p')].find(e => getComputedStyle(e).display !== 'none');
                if (p && !window.__shown) window.__shown = p.innerText; }).observe(modal, { attributes: true }); }
            """);
        await asisten.EvaluateAsync("() => window.__sockets.forEach(s => s.close(4000, 'test'))");
        var shown = await asisten.WaitForFunctionAsync("() => window.__shown", null, new() { Timeout = 20000 });
        (await shown.JsonValueAsync<string>()).ShouldMatch("Sambungan ke server terputus|Belum tersambung kembali|Sesi halaman ini sudah berakhir");
    }
}
