using Microsoft.Playwright;

namespace Eskalasi.Tests.Web;

/// <summary>
/// The first screens, in real Chromium: the demo sign-in, "Laporkan masalah" through the same handler as the API, the
/// issue page with its history, the refusals in plain words, and "not found" for an OPD that may not see the issue.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class an_officer_reports_a_problem_in_the_browser(WebFixture web)
{
    private Task<IPage> SignedIn(string account, int width = 1280) => web.SignedIn(account, width);

    private static Task Shot(IPage page, string name) => page.Shot(name);

    private static async Task ReportForm(IPage page, string baseUrl)
    {
        await page.GotoAsync($"{baseUrl}/lapor");
        await page.Ready("lapor");
    }

    private static Task Choose(IPage page, string label, params string[] options) => page.Choose(label, options);

    [Fact]
    public async Task the_demo_picker_lists_every_account_and_signs_one_in()
    {
        var context = await web.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{web.BaseUrl}/");
        page.Url.ShouldStartWith($"{web.BaseUrl}/masuk");
        await page.GetByRole(AriaRole.Link, new() { Name = "kota-payakumbuh/asisten-2", Exact = true }).WaitForAsync();
        await Shot(page, "masuk");

        await page.GetByRole(AriaRole.Link, new() { Name = "kota-payakumbuh/opd/dinas-pupr", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"{web.BaseUrl}/masalah");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Masalah kami" }).WaitForAsync();
    }

    [Fact]
    public async Task a_logged_problem_opens_on_its_own_page_with_its_history_and_others_cannot_see_it()
    {
        var page = await SignedIn("kota-payakumbuh/opd/dinas-pupr");
        await ReportForm(page, web.BaseUrl);
        await Shot(page, "lapor");
        await page.Report(web.BaseUrl, "Pipa induk PDAM pecah di Jalan Sudirman", "Kelurahan Koto Nan Ampek, Payakumbuh Barat",
            "Perumda Air Minum (PDAM) Kota Payakumbuh");
        var heading = await page.IssueNumber();
        heading.ShouldStartWith("PYK-");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Riwayat" }).WaitForAsync();
        (await page.GetByText("Dilaporkan").CountAsync()).ShouldBe(1);
        await Shot(page, "masalah-detail");

        // An OPD with nothing to do with it: not found, as over the API.
        var stranger = await SignedIn("kota-payakumbuh/opd/bkpsdm");
        var response = await stranger.GotoAsync(page.Url);
        response!.Status.ShouldBe(404);
        await stranger.GetByRole(AriaRole.Heading, new() { Name = "Tidak ditemukan" }).WaitForAsync();
        (await stranger.ContentAsync()).ShouldNotContain(heading);
    }

    [Fact]
    public async Task a_photo_taken_with_the_report_is_on_the_issue_page()
    {
        var page = await SignedIn("kota-payakumbuh/opd/dinas-pupr");
        await page.GotoAsync($"{web.BaseUrl}/lapor");
        await page.Ready("lapor");
        await page.GetByLabel("Judul").FillAsync("Pipa bocor di depan pasar");
        await page.GetByLabel("Uraian").FillAsync("Air menggenang dan badan jalan mulai amblas.");
        await Choose(page, "Kategori", "infrastruktur");
        await page.GetByLabel("Lokasi").FillAsync("Pasar Ibuh");
        await page.Locator("#foto-laporan").SetInputFilesAsync(Path.Combine(Eskalasi.Infrastructure.RepositoryPaths.FindRoot()!, "tests", "Eskalasi.Tests", "Evidence", "pipa.jpg"));
        await page.GetByText("pipa.jpg — dilampirkan setelah laporan tercatat").WaitForAsync();
        await Shot(page, "lapor-dengan-foto");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/masalah/[0-9a-f-]{36}$"));
        await page.Locator("#lampiran img[alt='pipa.jpg']").WaitForAsync();
        await page.GetByText("Lampiran ditambahkan: pipa.jpg").WaitForAsync();
    }

    [Fact]
    public async Task an_empty_form_is_refused_in_plain_words_and_stays_on_the_form()
    {
        var page = await SignedIn("kota-payakumbuh/opd/dinas-pupr");
        await ReportForm(page, web.BaseUrl);
        await page.GetByLabel("Judul").FillAsync("Tanpa uraian");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kirim laporan" }).ClickAsync();

        await page.GetByText("Periksa isian yang ditandai.").WaitForAsync();
        (await page.GetByText("Wajib diisi.").CountAsync()).ShouldBeGreaterThan(0);
        page.Url.ShouldBe($"{web.BaseUrl}/lapor");
        (await page.GetByLabel("Judul").InputValueAsync()).ShouldBe("Tanpa uraian");
        await Shot(page, "lapor-ditolak");
    }

    [Fact]
    public async Task the_form_fits_a_phone()
    {
        var page = await SignedIn("kota-payakumbuh/opd/dinas-pupr", width: 390);
        await ReportForm(page, web.BaseUrl);
        await page.ShouldFitItsWidth();
        await Shot(page, "lapor-390");
    }

    [Fact]
    public async Task only_an_opd_officer_may_open_the_form_and_the_sekda_starts_on_its_queue()
    {
        var page = await SignedIn("kota-payakumbuh/asisten-2");
        var response = await page.GotoAsync($"{web.BaseUrl}/lapor");
        response!.Status.ShouldBe(403);
        (await page.GotoAsync($"{web.BaseUrl}/sekda"))!.Status.ShouldBe(403);
        (await page.GotoAsync($"{web.BaseUrl}/kepala-daerah"))!.Status.ShouldBe(403);

        var sekda = await SignedIn("kota-payakumbuh/sekda");
        await sekda.WaitForURLAsync($"{web.BaseUrl}/sekda");
        await sekda.GetByRole(AriaRole.Heading, new() { Name = "Antrean Sekda" }).WaitForAsync();
        await Shot(sekda, "sekda");
    }

    private Task<string> LoggedThroughTheForm(IPage page, string title) => page.Report(web.BaseUrl, title);

    /// <summary>An officer reports a problem and raises it to its coordinator, through the screens; the issue page's address.</summary>
    private async Task<string> LoggedAndRaised(string account, string title, string justification)
    {
        var officer = await SignedIn(account);
        var url = await LoggedThroughTheForm(officer, title);
        await Moves(officer);
        await officer.GetByRole(AriaRole.Button, new() { Name = "Eskalasi", Exact = true }).ClickAsync();
        await officer.GetByLabel("Justifikasi").FillAsync(justification);
        await officer.GetByRole(AriaRole.Button, new() { Name = "Kirim", Exact = true }).ClickAsync();
        await officer.GetByText("Dieskalasi dari OPD").WaitForAsync();
        return url;
    }

    private static async Task Moves(IPage page) => await page.Locator("#langkah[data-ready='true']").WaitForAsync();

    private static async Task<List<string>> Offered(IPage page) =>
        [.. (await page.Locator("#langkah > div").First.GetByRole(AriaRole.Button).AllInnerTextsAsync()).Select(t => t.Trim().ToLowerInvariant())];

    [Fact]
    public async Task the_issue_page_offers_only_the_moves_this_user_may_make_and_refuses_as_the_rule_says()
    {
        var officer = await SignedIn("kota-payakumbuh/opd/dinas-pupr");
        var url = await LoggedThroughTheForm(officer, "Jembatan gantung putus di Tiakar");
        await Moves(officer);
        (await Offered(officer)).ShouldBe(["eskalasi", "selesaikan", "tarik kembali", "tambah catatan"], ignoreOrder: true);

        await officer.GetByRole(AriaRole.Button, new() { Name = "Eskalasi", Exact = true }).ClickAsync();
        await officer.GetByLabel("Justifikasi").FillAsync("Butuh koordinasi dengan Perkim dan PDAM.");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Kirim", Exact = true }).ClickAsync();
        await officer.GetByText("Dieskalasi dari OPD").WaitForAsync();
        await Moves(officer);
        (await Offered(officer)).ShouldBe(["tambah catatan"]);

        // Asisten II holds it now; escalating without a rakor is refused in the rule's own words, the form kept.
        var asisten = await SignedIn("kota-payakumbuh/asisten-2");
        await asisten.GotoAsync(url);
        await Moves(asisten);
        (await Offered(asisten)).ShouldContain("eskalasi");
        (await Offered(asisten)).ShouldNotContain("tarik kembali");
        await asisten.GetByRole(AriaRole.Button, new() { Name = "Eskalasi", Exact = true }).ClickAsync();
        await asisten.Locator("#aturan-asisten [data-condition='rakor'][data-holds='false']").WaitForAsync();
        await asisten.Locator("#aturan-asisten [data-condition='alasan'][data-holds='false']").WaitForAsync();
        await Choose(asisten, "Alasan", "anggaran-apbd");
        await asisten.GetByLabel("Justifikasi").FillAsync("Butuh pergeseran anggaran APBD untuk pipa baru.");
        // The conditions follow the form as it is filled: reason and justification now hold, the rakor still does not.
        await asisten.Locator("#aturan-asisten [data-condition='justifikasi'][data-holds='true']").WaitForAsync();
        await asisten.Locator("#aturan-asisten [data-condition='alasan'][data-holds='true']").WaitForAsync();
        await asisten.Locator("#aturan-asisten [data-condition='rakor'][data-holds='false']").WaitForAsync();
        await asisten.GetByRole(AriaRole.Button, new() { Name = "Kirim", Exact = true }).ClickAsync();
        await asisten.GetByText("belum dibahas dengan hasil").WaitForAsync();
        (await asisten.GetByLabel("Justifikasi").InputValueAsync()).ShouldBe("Butuh pergeseran anggaran APBD untuk pipa baru.");
        await Shot(asisten, "masalah-eskalasi-ditolak");

        // The Asisten's home is its office's backlog, with this issue in it; the Sekda's page is not the Asisten's.
        var number = (await asisten.GetByRole(AriaRole.Heading, new() { Level = 4 }).First.InnerTextAsync()).Trim();
        await asisten.GotoAsync($"{web.BaseUrl}/");
        await asisten.WaitForURLAsync($"{web.BaseUrl}/antrean");
        await asisten.GetByRole(AriaRole.Link, new() { Name = number, Exact = true }).WaitForAsync();
        await Shot(asisten, "antrean");
        var forbidden = await asisten.GotoAsync($"{web.BaseUrl}/sekda");
        forbidden!.Status.ShouldBe(403);
        await asisten.GetByRole(AriaRole.Heading, new() { Name = "Tidak berwenang" }).WaitForAsync();
    }

    private static async Task<int> Unread(IPage page)
    {
        await page.Ready("lencana");
        return int.Parse((await page.Locator("#belum-dibaca").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task the_inbox_badge_counts_what_is_unread_on_every_page()
    {
        var url = await LoggedAndRaised("kota-payakumbuh/opd/dinas-perhubungan", "Lampu lalu lintas Ampangan mati", "Butuh anggaran perbaikan kontroler.");

        var asisten = await SignedIn("kota-payakumbuh/asisten-2");
        var before = await Unread(asisten);
        before.ShouldBeGreaterThan(0);
        await asisten.GotoAsync($"{web.BaseUrl}/kotak-masuk");
        await asisten.Locator("#kotak-masuk[data-ready='true']").WaitForAsync();
        var item = asisten.Locator("li, .mud-list-item").Filter(new() { HasText = "Lampu lalu lintas Ampangan mati" }).First;
        await item.GetByRole(AriaRole.Button, new() { Name = "Tandai dibaca" }).ClickAsync();
        await item.GetByRole(AriaRole.Button, new() { Name = "Tandai dibaca" }).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await Shot(asisten, "kotak-masuk");
        await asisten.GotoAsync(url);
        (await Unread(asisten)).ShouldBe(before - 1);
    }

    [Fact]
    public async Task a_follow_up_assigned_by_the_asisten_is_completed_by_its_owner_opd()
    {
        var url = await LoggedAndRaised("kota-payakumbuh/opd/dinas-pupr", "Tekanan air turun di Payakumbuh Timur", "Butuh PDAM memeriksa jaringan distribusi.");

        var asisten = await SignedIn("kota-payakumbuh/asisten-2");
        await asisten.GotoAsync(url);
        await Moves(asisten);
        await asisten.GetByRole(AriaRole.Button, new() { Name = "Tugaskan tindak lanjut" }).ClickAsync();
        await Choose(asisten, "OPD pemilik", "Perumda Air Minum (PDAM) Kota Payakumbuh");
        await asisten.GetByLabel("Uraian tugas").FillAsync("Periksa tekanan jaringan distribusi dan laporkan.");
        await asisten.GetByLabel("Tenggat").FillAsync(DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd"));
        await asisten.GetByLabel("Indikator keberhasilan (opsional)").FillAsync("Tekanan air di ujung jaringan minimal 0,5 bar.");
        await asisten.GetByRole(AriaRole.Button, new() { Name = "Kirim", Exact = true }).ClickAsync();
        await asisten.GetByText("Tindak lanjut untuk pdam").WaitForAsync();
        await asisten.Locator("#tindak-lanjut").GetByText("Tekanan air di ujung jaringan minimal 0,5 bar.").WaitForAsync();

        // PDAM now sees the issue (it owns a follow-up): it reports progress with evidence, then completes its task; nothing else is offered to it.
        var pdam = await SignedIn("kota-payakumbuh/opd/pdam");
        await pdam.GotoAsync(url);
        await Moves(pdam);
        (await Offered(pdam)).ShouldBe(["laporkan kemajuan", "selesaikan tindak lanjut", "tambah catatan"], ignoreOrder: true);

        // Evidence from the page: a photo of the new valve; it shows as a thumbnail served with the session, and the
        // progress report names it.
        await pdam.Locator("#berkas-lampiran").SetInputFilesAsync(Path.Combine(Eskalasi.Infrastructure.RepositoryPaths.FindRoot()!, "tests", "Eskalasi.Tests", "Evidence", "pipa.jpg"));
        await pdam.GetByRole(AriaRole.Button, new() { Name = "Unggah" }).ClickAsync();
        await pdam.Locator("#lampiran img[alt='pipa.jpg']").WaitForAsync();
        await pdam.WaitForFunctionAsync("() => document.querySelector(\"#lampiran img[alt='pipa.jpg']\")?.naturalWidth > 0"); // the thumbnail loads
        await Shot(pdam, "lampiran");
        await Moves(pdam);
        await pdam.GetByRole(AriaRole.Button, new() { Name = "Laporkan kemajuan" }).ClickAsync();
        await Choose(pdam, "Tindak lanjut", (await pdam.GetByLabel("Tindak lanjut").Locator("option").Nth(1).InnerTextAsync()).Trim());
        await pdam.GetByLabel("Kemajuan (persen, 0–100)").FillAsync("60");
        await pdam.GetByLabel("Catatan kemajuan").FillAsync("Katup pengganti sudah dipasang di dua titik.");
        await Choose(pdam, "Bukti (lampiran masalah ini)", "pipa.jpg");
        await pdam.GetByRole(AriaRole.Button, new() { Name = "Kirim", Exact = true }).ClickAsync();
        await pdam.GetByText("Kemajuan tindak lanjut 60%").WaitForAsync();
        await pdam.Locator("#tindak-lanjut").GetByRole(AriaRole.Link, new() { Name = "bukti: pipa.jpg" }).WaitForAsync();
        await Shot(pdam, "tindak-lanjut-kemajuan");
        await Moves(pdam);
        await pdam.GetByRole(AriaRole.Button, new() { Name = "Selesaikan tindak lanjut" }).ClickAsync();
        await Choose(pdam, "Tindak lanjut", (await pdam.GetByLabel("Tindak lanjut").Locator("option").Nth(1).InnerTextAsync()).Trim());
        await pdam.GetByLabel("Hasil").FillAsync("Tekanan normal kembali setelah katup diganti.");
        await pdam.GetByRole(AriaRole.Button, new() { Name = "Kirim", Exact = true }).ClickAsync();
        await pdam.GetByText("Tindak lanjut selesai: Tekanan normal kembali").WaitForAsync();
        await Shot(pdam, "tindak-lanjut-selesai");
    }

    [Fact]
    public async Task the_sekda_closes_a_second_report_of_the_same_problem_as_its_duplicate()
    {
        var first = await LoggedAndRaised("kota-payakumbuh/opd/dinas-pupr", "Lampu jalan padam di Jalan Ahmad Yani", "Butuh PLN dan Dishub menyepakati perbaikan jaringan.");
        var second = await LoggedAndRaised("kota-payakumbuh/opd/dinas-pupr", "Jalan Ahmad Yani gelap malam hari", "Butuh PLN dan Dishub menyepakati perbaikan jaringan.");
        var sekda = await SignedIn("kota-payakumbuh/sekda");
        await sekda.GotoAsync(first);
        var firstNumber = await sekda.IssueNumber();
        await sekda.GotoAsync(second);
        await Moves(sekda);
        await sekda.GetByRole(AriaRole.Button, new() { Name = "Tandai duplikat" }).ClickAsync();
        // The form opens once the region's open issues are read: wait for the first one's option, not just any moment.
        var firstOption = sekda.GetByLabel("Duplikat dari").Locator("option", new() { HasTextString = firstNumber });
        await firstOption.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var option = (await firstOption.InnerTextAsync()).Trim();
        await Choose(sekda, "Duplikat dari", option);
        (await sekda.Send()).ShouldBeNull();
        await sekda.GetByText($"Ditandai duplikat dari {firstNumber}").WaitForAsync();
        await sekda.Locator("#langkah[data-ready='true']").WaitForAsync();
        (await Offered(sekda)).ShouldNotContain("tandai duplikat"); // closed now
        await Shot(sekda, "masalah-duplikat");
        var secondNumber = await sekda.IssueNumber();

        // The list filtered to duplicates holds the second and not the first.
        await sekda.GotoAsync($"{web.BaseUrl}/masalah");
        await Choose(sekda, "Status", "Duplikat");
        await sekda.GetByRole(AriaRole.Button, new() { Name = "Saring" }).ClickAsync();
        await sekda.WaitForURLAsync(new System.Text.RegularExpressions.Regex("status=duplicate"));
        await sekda.GetByRole(AriaRole.Link, new() { Name = secondNumber }).WaitForAsync();
        (await sekda.GetByRole(AriaRole.Link, new() { Name = firstNumber }).CountAsync()).ShouldBe(0);
        await Shot(sekda, "masalah-saring");
    }

    [Fact]
    public async Task the_issue_list_and_an_issue_page_fit_a_phone()
    {
        var url = await LoggedAndRaised("kota-payakumbuh/opd/dinas-pupr", "Drainase tersumbat di Pasar Ibuh dengan judul yang cukup panjang untuk layar kecil",
            "Butuh Dinas Perkim dan DLH membersihkan saluran bersama.");
        var page = await SignedIn("kota-payakumbuh/opd/dinas-pupr", width: 390);
        foreach (var (address, name) in new[] { ($"{web.BaseUrl}/masalah", "masalah-390"), (url, "masalah-detail-390") })
        {
            await page.GotoAsync(address);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.ShouldFitItsWidth();
            await Shot(page, name);
        }
    }

    [Fact]
    public async Task signing_in_returns_to_the_page_asked_for_and_never_to_another_site()
    {
        var context = await web.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var answer = await page.GotoAsync($"{web.BaseUrl}/audit");
        page.Url.ShouldStartWith($"{web.BaseUrl}/masuk"); // signed out: to the picker, which keeps where the user was going
        await page.GetByRole(AriaRole.Link, new() { Name = "kota-payakumbuh/sekda", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"{web.BaseUrl}/audit");
        answer.ShouldNotBeNull();

        await page.GotoAsync($"{web.BaseUrl}/masuk?akun=kota-payakumbuh/asisten-2&ke=//contoh.invalid/x");
        await page.WaitForURLAsync($"{web.BaseUrl}/antrean");
    }

    [Fact]
    public async Task the_log_form_can_be_filled_and_sent_with_the_keyboard_alone()
    {
        var page = await SignedIn("kota-payakumbuh/opd/dinas-pupr");
        await ReportForm(page, web.BaseUrl);
        await page.GetByLabel("Judul").FocusAsync();
        await page.Keyboard.TypeAsync("Gorong-gorong runtuh (papan ketik)");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Gorong-gorong di bawah jalan lingkungan runtuh.");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("infra"); // a native select picks the option as one types
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Kelurahan Tiakar");
        // Tab on to the send button, counting the stops, and press Enter there.
        for (var i = 0; i < 20 && (await page.EvaluateAsync<string>("document.activeElement.textContent ?? ''")).Trim() != "Kirim laporan"; i++)
            await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("document.activeElement.textContent")).Trim().ShouldBe("Kirim laporan");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/masalah/[0-9a-f-]{36}$"));
        (await page.ContentAsync()).ShouldContain("Gorong-gorong runtuh (papan ketik)");
    }
}
