using Bunit;
using Eskalasi.Issues.Logging;
using Eskalasi.Web.Forms;

namespace Eskalasi.Tests.Components;

/// <summary>"Laporkan masalah" checks its fields with the log's own rule before sending, in the API's words.</summary>
public sealed class the_log_form : ComponentTest
{
    private readonly List<LogIssue> _sent = [];

    private IRenderedComponent<LogForm> Form() => Render<LogForm>(p => p
        .Add(f => f.Region, Region)
        .Add(f => f.Reporter, "dinas-pupr")
        .Add(f => f.OnSend, (LogIssue command) => _sent.Add(command)));

    [Fact]
    public void an_empty_form_names_each_missing_field_and_sends_nothing()
    {
        var cut = Form();
        Button(cut, "Kirim laporan").Click();

        _sent.ShouldBeEmpty();
        cut.Markup.ShouldContain("Periksa isian yang ditandai.");
        // The rule's own words (LogIssueEndpoint.Check gives them to the API too) under the fields it names.
        cut.Markup.ShouldContain("Wajib diisi.");
        Field(cut, "Kategori").GetAttribute("aria-invalid").ShouldBe("true");
    }

    [Fact]
    public void the_reporting_opd_is_not_offered_as_related_and_a_wrong_coordinate_is_named()
    {
        var cut = Form();
        Field(cut, "OPD terkait").QuerySelectorAll("option").Select(o => o.GetAttribute("value")).ShouldBe(["dinas-perkim", "pdam"]);

        Fill(cut);
        Field(cut, "Lintang").Change("dua");
        Button(cut, "Kirim laporan").Click();

        _sent.ShouldBeEmpty();
        cut.Markup.ShouldContain("Lintang harus berupa angka");
    }

    [Fact]
    public void a_future_time_of_observation_is_refused_with_the_rules_words()
    {
        var cut = Form();
        Fill(cut);
        Field(cut, "Waktu kejadian").Change("2026-11-26T10:00");
        Button(cut, "Kirim laporan").Click();

        _sent.ShouldBeEmpty();
        cut.Markup.ShouldContain("Tidak boleh di masa depan.");
    }

    [Fact]
    public void a_complete_form_is_sent_as_the_api_would_receive_it()
    {
        var cut = Form();
        Fill(cut);
        Field(cut, "Lintang").Change("-0,2263");
        Field(cut, "Bujur").Change("100.6301");
        Field(cut, "OPD terkait").Change(new[] { "pdam", "dinas-perkim" });
        Button(cut, "Kirim laporan").Click();

        var sent = _sent.ShouldHaveSingleItem();
        sent.Title.ShouldBe("Pipa PDAM pecah");
        sent.Category.ShouldBe("air-bersih");
        sent.Urgency.ShouldBe("tinggi");
        sent.Location.ShouldBe(new LocationInput("Jalan Sudirman", -0.2263, 100.6301));
        sent.RelatedOpds!.ShouldBe(["pdam", "dinas-perkim"], ignoreOrder: true);
        sent.ObservedAt.ShouldBe("2026-11-25T08:30:00+07:00"); // the region's wall clock (WIB) with its offset
        cut.Markup.ShouldNotContain("Periksa isian yang ditandai.");
    }

    [Fact]
    public void the_time_of_observation_starts_as_now_on_the_regions_clock_and_is_accepted()
    {
        var cut = Form();
        Field(cut, "Waktu kejadian").GetAttribute("value").ShouldBe("2026-11-25T10:00");
        Fill(cut, withTime: false);
        Button(cut, "Kirim laporan").Click();
        _sent.ShouldHaveSingleItem().ObservedAt.ShouldBe("2026-11-25T10:00:00+07:00");
    }

    [Fact]
    public void the_devices_position_fills_latitude_and_longitude()
    {
        JSInterop.Setup<double[]?>("eskalasi.position", _ => true).SetResult([-0.2263, 100.6301]);
        var cut = Form();
        Button(cut, "Gunakan lokasi saya").Click();

        Field(cut, "Lintang").GetAttribute("value").ShouldBe("-0.2263");
        Field(cut, "Bujur").GetAttribute("value").ShouldBe("100.6301");
    }

    private static void Fill(IRenderedComponent<LogForm> cut, bool withTime = true)
    {
        Field(cut, "Judul").Change("Pipa PDAM pecah");
        Field(cut, "Uraian").Change("Pipa transmisi pecah; jalan amblas.");
        Field(cut, "Kategori").Change("air-bersih");
        Field(cut, "Lokasi").Change("Jalan Sudirman");
        Field(cut, "Urgensi").Change("tinggi");
        if (withTime) Field(cut, "Waktu kejadian").Change("2026-11-25T08:30");
    }
}
