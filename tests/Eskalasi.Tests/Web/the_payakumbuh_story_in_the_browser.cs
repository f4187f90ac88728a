using Microsoft.Playwright;

namespace Eskalasi.Tests.Web;

/// <summary>
/// The Payakumbuh story through the screens only: PUPR reports the burst pipe and raises it, Asisten II holds a rakor
/// with PDAM and Perkim invited and gives PDAM a follow-up, the notulen is printable, PDAM completes its task and
/// Asisten II resolves the problem.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class the_payakumbuh_story_in_the_browser(WebFixture web)
{
    private Task<IPage> SignedIn(string account) => web.SignedIn(account);

    private static Task Ready(IPage page, string id) => page.Ready(id);

    private static Task Shot(IPage page, string name) => page.Shot(name);

    private static Task Select(IPage page, string label, params string[] options) => page.Choose(label, options);

    [Fact]
    public async Task from_the_burst_pipe_to_its_resolution()
    {
        // PUPR reports and raises.
        var pupr = await SignedIn("kota-payakumbuh/opd/dinas-pupr");
        var issueUrl = await pupr.Report(web.BaseUrl, "Pipa induk PDAM pecah di Jalan Sudirman (rakor)", "Kelurahan Koto Nan Ampek, Payakumbuh Barat",
            "Perumda Air Minum (PDAM) Kota Payakumbuh", "Dinas Perumahan dan Kawasan Permukiman");
        var number = await pupr.IssueNumber();
        await Ready(pupr, "langkah");
        await pupr.GetByRole(AriaRole.Button, new() { Name = "Eskalasi", Exact = true }).ClickAsync();
        await pupr.GetByLabel("Justifikasi").FillAsync("Butuh koordinasi PDAM dan Perkim untuk galian dan pipa.");
        await pupr.GetByRole(AriaRole.Button, new() { Name = "Kirim", Exact = true }).ClickAsync();
        await pupr.GetByText("Dieskalasi dari OPD").WaitForAsync();

        // Asisten II schedules a rakor; the agenda is drafted from its backlog and holds the issue.
        var asisten = await SignedIn("kota-payakumbuh/asisten-2");
        var meetingUrl = await asisten.ScheduleMeeting(web.BaseUrl, DateTime.UtcNow.AddHours(8), "Ruang Randang Lt. 2 Balaikota",
            "Perumda Air Minum (PDAM) Kota Payakumbuh", "Dinas Perumahan dan Kawasan Permukiman");
        await asisten.GetByRole(AriaRole.Link, new() { Name = number }).WaitForAsync();

        // Run it: start, attendance, a follow-up for PDAM on the issue, conclude.
        await asisten.GetByRole(AriaRole.Button, new() { Name = "Mulai rapat" }).ClickAsync();
        await asisten.GetByText("berlangsung").WaitForAsync();
        await asisten.GetByLabel("Perumda Air Minum (PDAM) Kota Payakumbuh").CheckAsync();
        var item = asisten.Locator(".mud-paper").Filter(new() { HasText = number });
        await item.GetByLabel("Hasil").SelectOptionAsync(new SelectOptionValue { Label = "Tindak lanjut" });
        await item.GetByLabel("OPD pemilik tindak lanjut").SelectOptionAsync(new SelectOptionValue { Label = "Perumda Air Minum (PDAM) Kota Payakumbuh" });
        await item.GetByLabel("Kesepakatan").FillAsync("PDAM dan PUPR berbagi biaya galian.");
        await item.GetByLabel("Uraian tindak lanjut").FillAsync("Ganti pipa transmisi yang pecah.");
        await item.GetByLabel("Tenggat").FillAsync(DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd"));
        await Shot(asisten, "rapat-berlangsung");
        await item.GetByRole(AriaRole.Button, new() { Name = "Simpan hasil" }).ClickAsync();
        await asisten.GetByText("Hasil: Tindak lanjut").WaitForAsync();
        await asisten.GetByRole(AriaRole.Button, new() { Name = "Akhiri rapat" }).ClickAsync();
        await asisten.GetByText("selesai", new() { Exact = false }).First.WaitForAsync();

        var minutes = await asisten.Context.NewPageAsync();
        await minutes.GotoAsync($"{meetingUrl}/notulen");
        await minutes.GetByRole(AriaRole.Heading, new() { Name = "Notulen Rapat" }).WaitForAsync();
        (await minutes.ContentAsync()).ShouldContain("Ganti pipa transmisi yang pecah.");
        await Shot(minutes, "notulen");

        // PDAM completes its task; Asisten II resolves.
        var pdam = await SignedIn("kota-payakumbuh/opd/pdam");
        await pdam.GotoAsync(issueUrl);
        await Ready(pdam, "langkah");
        await pdam.GetByRole(AriaRole.Button, new() { Name = "Selesaikan tindak lanjut" }).ClickAsync();
        await pdam.GetByLabel("Tindak lanjut").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await pdam.GetByLabel("Hasil").FillAsync("Pipa baru terpasang, aliran normal.");
        await pdam.GetByRole(AriaRole.Button, new() { Name = "Kirim", Exact = true }).ClickAsync();
        await pdam.GetByText("Tindak lanjut selesai").WaitForAsync();

        await asisten.GotoAsync(issueUrl);
        await Ready(asisten, "langkah");
        await asisten.GetByRole(AriaRole.Button, new() { Name = "Selesaikan", Exact = true }).ClickAsync();
        await asisten.GetByLabel("Penyelesaian").FillAsync("Diselesaikan dalam rakor Asisten II; pipa diganti PDAM.");
        await asisten.GetByRole(AriaRole.Button, new() { Name = "Kirim", Exact = true }).ClickAsync();
        await asisten.GetByText("Diselesaikan:").WaitForAsync();
        (await asisten.GetByText("Terbuka").CountAsync()).ShouldBe(0);
        await Shot(asisten, "masalah-selesai");
    }

    private async Task<string?> Move(IPage page, string button, params (string Label, string Value, bool Choice)[] fields)
    {
        await Ready(page, "langkah");
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        foreach (var (label, value, choice) in fields)
        {
            if (choice) await Select(page, label, value);
            else await page.GetByLabel(label, new() { Exact = true }).FillAsync(value);
        }
        return await page.Send();
    }

    [Fact]
    public async Task the_escalation_story_up_to_the_head_and_back()
    {
        const string Long = "Butuh pergeseran anggaran APBD untuk penggantian pipa transmisi 300 mm.";
        var pupr = await SignedIn("kota-payakumbuh/opd/dinas-pupr");
        var issueUrl = await pupr.Report(web.BaseUrl, "Jalan amblas di Jalan Soekarno-Hatta", "Kelurahan Tiakar");
        var number = await pupr.IssueNumber();
        (await Move(pupr, "Eskalasi", ("Justifikasi", "Butuh koordinasi lintas OPD.", false))).ShouldBeNull();
        await pupr.GetByText("Dieskalasi dari OPD").WaitForAsync();

        // Without a rakor the Asisten is refused; after a rakor with outcome "Eskalasi" the escalation goes through.
        var asisten = await SignedIn("kota-payakumbuh/asisten-2");
        await asisten.GotoAsync(issueUrl);
        (await Move(asisten, "Eskalasi", ("Alasan", "anggaran-apbd", true), ("Justifikasi", Long, false))).ShouldNotBeNull().ShouldContain("belum dibahas dengan hasil");
        await asisten.GetByText("belum dibahas dengan hasil").WaitForAsync();

        await asisten.ScheduleMeeting(web.BaseUrl, DateTime.UtcNow.AddHours(8), "Ruang rapat Asisten II", "Dinas Pekerjaan Umum dan Penataan Ruang");
        await asisten.GetByRole(AriaRole.Button, new() { Name = "Mulai rapat" }).ClickAsync();
        await asisten.GetByText("berlangsung").WaitForAsync();
        var item = asisten.Locator(".mud-paper").Filter(new() { HasText = number });
        await item.GetByLabel("Hasil").SelectOptionAsync(new SelectOptionValue { Label = "Eskalasi" });
        await item.GetByLabel("Kesepakatan").FillAsync("Di luar kewenangan Asisten: perlu APBD perubahan.");
        await item.GetByRole(AriaRole.Button, new() { Name = "Simpan hasil" }).ClickAsync();
        await asisten.GetByText("Hasil: Eskalasi").WaitForAsync();
        await asisten.GetByRole(AriaRole.Button, new() { Name = "Akhiri rapat" }).ClickAsync();

        await asisten.GotoAsync(issueUrl);
        (await Move(asisten, "Eskalasi", ("Alasan", "anggaran-apbd", true), ("Justifikasi", Long, false))).ShouldBeNull();
        await asisten.GetByText("ke Sekda (sekda)").WaitForAsync();

        // The Sekda sees it in its queue and escalates it to the head; the head's disposisi sends it to Asisten II.
        var sekda = await SignedIn("kota-payakumbuh/sekda");
        await sekda.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        // The issue's page has loaded before the move (else the move's reload could be mistaken for this navigation).
        await sekda.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/masalah/[0-9a-f-]{36}$"));
        (await Move(sekda, "Eskalasi", ("Alasan", "kebijakan", true), ("Justifikasi", Long, false))).ShouldBeNull();
        await sekda.GetByText("ke Wali Kota (head)").WaitForAsync();

        var head = await SignedIn("kota-payakumbuh/head");
        await head.GetByRole(AriaRole.Heading, new() { Name = "Antrean Wali Kota" }).WaitForAsync();
        await head.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        (await Move(head, "Disposisi", ("Ke tingkat", "asisten", true), ("Ke kantor atau OPD (untuk Asisten dan OPD)", "Asisten II Bidang Ekonomi dan Pembangunan", true),
            ("Keputusan dan arahan", "Anggarkan dalam APBD perubahan; Asisten II koordinasikan pelaksanaan.", false))).ShouldBeNull();
        await head.GetByText("Disposisi ke asisten-2").WaitForAsync();
        await Shot(head, "disposisi");

        // The Sekda's audit lists every step of it, newest first, filtered to Asisten II.
        await sekda.GotoAsync($"{web.BaseUrl}/audit?kantor=asisten-2");
        var rows = await sekda.GetByRole(AriaRole.Row).Filter(new() { HasText = number }).AllInnerTextsAsync();
        rows.Count.ShouldBe(3, "raised to Asisten II, escalated by it, the disposisi back to it");
        rows[0].ShouldContain("Disposisi");
        await Shot(sekda, "audit");

        // Narrowed by reason (only Asisten II's escalation gave anggaran-apbd) and to emergency skips (none here).
        await Select(sekda, "Alasan", "anggaran-apbd");
        await sekda.GetByRole(AriaRole.Button, new() { Name = "Tampilkan" }).ClickAsync();
        await sekda.WaitForURLAsync(new System.Text.RegularExpressions.Regex("alasan=anggaran-apbd"));
        (await sekda.GetByRole(AriaRole.Row).Filter(new() { HasText = number }).CountAsync()).ShouldBe(1);
        await sekda.GotoAsync($"{web.BaseUrl}/audit?kantor=asisten-2&darurat=ya");
        (await sekda.GetByRole(AriaRole.Row).Filter(new() { HasText = number }).CountAsync()).ShouldBe(0);

        // The per-Asisten rates: a chart, and beside it the figures, Asisten II having escalated at least this one.
        // A day that is not a date (typed into the address) is ignored, not a failed page.
        (await sekda.GotoAsync($"{web.BaseUrl}/audit?dari=abc"))!.Status.ShouldBe(200);
        await sekda.GetByRole(AriaRole.Heading, new() { Name = "Laju per Asisten (semua bulan)" }).WaitForAsync();
        await sekda.GotoAsync($"{web.BaseUrl}/audit");
        await sekda.Locator("#laju-asisten svg").First.WaitForAsync();
        var asistenII = await sekda.Locator("#laju-asisten tr").Filter(new() { HasText = "Asisten II Bidang" }).Locator("td").AllInnerTextsAsync();
        int.Parse(asistenII[3]).ShouldBeGreaterThanOrEqualTo(1);
        await Shot(sekda, "audit-laju");

        await asisten.GotoAsync(issueUrl);
        (await Move(asisten, "Selesaikan", ("Penyelesaian", "Dilaksanakan sesuai disposisi Wali Kota.", false))).ShouldBeNull();
        await asisten.GetByText("Diselesaikan:").WaitForAsync();
    }

    [Fact]
    public async Task the_analyst_replays_as_of_a_past_day_and_downloads_the_csv()
    {
        var pupr = await SignedIn("kota-payakumbuh/opd/dinas-pupr");
        await pupr.Report(web.BaseUrl, "Drainase tersumbat di pasar", "Pasar Ibuh");

        var analyst = await SignedIn("kota-payakumbuh/analyst");
        await analyst.WaitForURLAsync($"{web.BaseUrl}/analitik");
        await analyst.GetByRole(AriaRole.Heading, new() { Name = "Di mana masalah macet" }).WaitForAsync();
        (await analyst.Locator("table").First.InnerTextAsync()).ShouldContain("OPD");
        // The times as a chart above the table; ping-pong and settlement below it (their figures are the API's, tested there).
        await analyst.Locator("#grafik-macet svg").First.WaitForAsync();
        await analyst.GetByRole(AriaRole.Heading, new() { Name = "Bolak-balik (ping-pong)" }).WaitForAsync();
        await analyst.GetByRole(AriaRole.Heading, new() { Name = "Di tingkat mana masalah selesai" }).WaitForAsync();
        await Shot(analyst, "analitik");

        // As of a day before any of this happened, the replay has nothing; the CSV is the same replay.
        await analyst.GetByLabel("Sampai tanggal").FillAsync(DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-dd"));
        await analyst.GetByRole(AriaRole.Button, new() { Name = "Tampilkan" }).ClickAsync();
        await analyst.GetByText("Belum ada riwayat sampai tanggal ini.").WaitForAsync();

        await analyst.GotoAsync($"{web.BaseUrl}/analitik?menurut=category");
        var download = await analyst.RunAndWaitForDownloadAsync(() =>
            analyst.GetByRole(AriaRole.Link, new() { Name = "Unduh CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        csv.ShouldStartWith("kelompok,jumlah_masalah,median_hari");
        csv.ShouldContain("infrastruktur,");
        download.SuggestedFilename.ShouldStartWith("masalah-macet-kota-payakumbuh-category-");
    }
}
