using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Eskalasi.Infrastructure;
using Eskalasi.Tests.Support;

namespace Eskalasi.Tests.Meetings;

/// <summary>
/// docs/domain.md "Guests": a rakor invites people who are not OPDs by name and institution and records their
/// attendance; the office that runs it attaches materials the invited OPDs can open; concluding puts the final minutes
/// in every invited OPD's inbox.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class guests_materials_and_minutes(AppFixture app) : InARegion(app)
{
    private static readonly byte[] Letter = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"u8.ToArray();

    private async Task<JsonElement> Get(string account, string url) =>
        await (await Region.Host.Scenario(s => { s.Get.Url(url); s.WithBearer(Region.Token(account)); })).ReadJson();

    private async Task<JsonElement> Schedule() => await (await Region.Post("asisten-2", "/api/meetings", new
    {
        scheduledAt = DateTimeOffset.UtcNow.AddDays(1).ToString("O"), place = "Ruang Randang", invitedOpds = new[] { "dinas-pupr", "pdam" },
        invitedGuests = new[]
        {
            new { name = "AKP Rudi Hartono", institution = "Polres Payakumbuh" },
            new { name = "Ir. Sari Dewi", institution = "Kantor Pertanahan" },
        },
    }, 201)).ReadJson();

    private async Task<(HttpStatusCode Status, JsonElement Body)> AddMaterial(string account, Guid meeting, byte[]? bytes, string name = "undangan.pdf")
    {
        using var client = Region.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Region.Token(account));
        using var form = new MultipartFormDataContent();
        if (bytes is not null) form.Add(new ByteArrayContent(bytes), "file", name);
        var response = await client.PostAsync($"/api/meetings/{meeting}/materials", form);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<(HttpStatusCode Status, byte[] Bytes)> OpenMaterial(string account, Guid meeting, Guid material)
    {
        using var client = Region.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Region.Token(account));
        var response = await client.GetAsync($"/api/meetings/{meeting}/materials/{material}");
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task guests_are_invited_and_their_attendance_is_in_the_minutes()
    {
        var meeting = (await Schedule()).GetProperty("id").GetGuid();
        (await Get("asisten-2", $"/api/meetings/{meeting}")).GetProperty("guests").EnumerateArray()
            .Select(g => g.GetProperty("institution").GetString()).ShouldBe(["Polres Payakumbuh", "Kantor Pertanahan"]);

        await Region.MeetingAction("asisten-2", meeting, "start");
        await Region.MeetingAction("asisten-2", meeting, "attendance", new { guest = 0, present = true });
        await Region.MeetingAction("asisten-2", meeting, "attendance", new { guest = 1, present = false });
        var refused = await (await Region.Post("asisten-2", $"/api/meetings/{meeting}/attendance", new { guest = 2, present = true }, 400)).ReadJson();
        refused.GetProperty("errors").TryGetProperty("guest", out _).ShouldBeTrue();
        await Region.Post("asisten-2", $"/api/meetings/{meeting}/attendance", new { guest = 0, opd = "pdam", present = true }, 400);

        var minutes = await Get("opd/pdam", $"/api/meetings/{meeting}/minutes");
        minutes.GetProperty("guests").EnumerateArray().Select(g => (g.GetProperty("name").GetString(), g.GetProperty("present").GetBoolean()))
            .ShouldBe([("AKP Rudi Hartono", true), ("Ir. Sari Dewi", false)]);
        var html = await (await Region.Host.Scenario(s =>
        {
            s.Get.Url($"/api/meetings/{meeting}/minutes");
            s.WithBearer(Region.Token("asisten-2"));
            s.WithRequestHeader("Accept", "text/html");
        })).ReadAsTextAsync();
        html.ShouldContain("Tamu undangan");
        html.ShouldContain("Polres Payakumbuh");
    }

    [Fact]
    public async Task a_guest_without_a_name_or_institution_is_refused_and_nothing_is_written()
    {
        var before = await Region.EventCount();
        var refused = await (await Region.Post("asisten-2", "/api/meetings", new
        {
            scheduledAt = DateTimeOffset.UtcNow.AddDays(1).ToString("O"), place = "Ruang Randang", invitedOpds = new[] { "pdam" },
            invitedGuests = new object[] { new { name = "Tanpa instansi" } },
        }, 400)).ReadJson();
        refused.GetProperty("errors").TryGetProperty("invitedGuests[0].institution", out _).ShouldBeTrue();
        (await Region.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task materials_are_for_the_invited_and_added_by_the_office_that_runs_the_rakor()
    {
        var meeting = (await Schedule()).GetProperty("id").GetGuid();
        var (status, body) = await AddMaterial("asisten-2", meeting, Letter);
        status.ShouldBe(HttpStatusCode.Created, body.ToString());
        var material = body.GetProperty("id").GetGuid();
        body.GetProperty("contentType").GetString().ShouldBe("application/pdf");

        var opened = await OpenMaterial("opd/pdam", meeting, material);
        opened.Status.ShouldBe(HttpStatusCode.OK);
        opened.Bytes.ShouldBe(Letter);
        (await OpenMaterial("opd/dinas-sosial", meeting, material)).Status.ShouldBe(HttpStatusCode.NotFound, "not invited");
        (await OpenMaterial("opd/pdam", meeting, Guid.NewGuid())).Status.ShouldBe(HttpStatusCode.NotFound);

        var before = await Region.EventCount();
        (await AddMaterial("asisten-1", meeting, Letter)).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await AddMaterial("opd/pdam", meeting, Letter)).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await AddMaterial("asisten-2", meeting, "MZ fake program"u8.ToArray(), "bahan.pdf")).Status.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await AddMaterial("asisten-2", meeting, null)).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await Region.EventCount()).ShouldBe(before);
        (await Get("opd/pdam", $"/api/meetings/{meeting}")).GetProperty("materials").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task concluding_distributes_the_minutes_to_every_invited_opd()
    {
        var meeting = (await Schedule()).GetProperty("id").GetGuid();
        await Region.MeetingAction("asisten-2", meeting, "start");
        await Region.MeetingAction("asisten-2", meeting, "conclude");
        foreach (var opd in new[] { "opd/dinas-pupr", "opd/pdam" })
            (await Get(opd, "/api/inbox?pageSize=100")).GetProperty("items").EnumerateArray()
                .ShouldContain(i => i.GetProperty("kind").GetString() == "minutes" && i.GetProperty("meetingId").GetGuid() == meeting, opd);
        (await Get("opd/dinas-sosial", "/api/inbox?pageSize=100")).GetProperty("items").EnumerateArray()
            .ShouldNotContain(i => i.GetProperty("kind").GetString() == "minutes" && i.GetProperty("meetingId").GetGuid() == meeting);
    }
}
